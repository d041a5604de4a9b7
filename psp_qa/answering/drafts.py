"""The pieces a composed answer is built from, before its passages are numbered.

Shared by compose.py and the broad answers beside it (spread.py, tables.py),
which read the composer through `Reader` rather than importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from psp_qa.answering.retrieve import Retriever
from psp_qa.answering.sentences import Cues
from psp_qa.types import Passage, SectionPath

MAX_PASSAGES = 10  # a broad answer cites at most this many


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage, scored for a question."""

    score: float
    passage: Passage
    position: int
    text: str
    cells: int = 1  # sentences (a table row's cells) the text spans, from `position`


@dataclass(frozen=True)
class Draft:
    """A point before its passages are numbered."""

    heading: str
    section: SectionPath
    sentences: tuple[Candidate, ...]


class Reader(Protocol):
    """What a broad answer reads from the composer: its sentences, the report's order, topics and tables."""

    order: dict[str, int]
    retriever: Retriever
    rows: list
    word_weights: dict[str, float]

    def _candidates(
        self, passages: list[Passage], query_vector: np.ndarray, cues: Cues, openings: bool = ...
    ) -> list[Candidate]: ...

    def _subtree(self, section: SectionPath) -> list[Passage]: ...

    def points_from(self, passages: list[Passage], query_vector: np.ndarray, cues: Cues, budget: int,
                    most: int = ..., in_sense: bool = ...) -> list[Draft]: ...  # fmt: skip
