"""Hybrid retrieval: dense passage vectors, dense sentence vectors and BM25, fused by rank.

Each passage is searched with its section path as context (it is part of the
embedded and keyword-indexed text), so "Bollate Prison › Challenges" finds the
challenges of Bollate even where the passage never names it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from psp_qa import vectors
from psp_qa.config import RetrievalSettings
from psp_qa.keywords import keyword_tokens
from psp_qa.store import LoadedIndex
from psp_qa.types import Hit

CANDIDATES = 100  # per ranking, before fusion


@dataclass(frozen=True)
class Evidence:
    """What retrieval saw, used to decide whether the report covers a question."""

    best_passage_similarity: float
    best_sentence_similarity: float
    keyword_coverage: float  # share of the question's words found in the corpus
    sentence_scores: dict[int, float]  # sentence row -> cosine, for the best sentences


@dataclass(frozen=True)
class Ranking:
    hits: list[Hit]
    evidence: Evidence


def fuse(rankings: list[tuple[list[int], float]], rrf_k: int) -> list[tuple[int, float]]:
    """Weighted reciprocal-rank fusion. Ties keep the order of first appearance."""
    scores: dict[int, float] = {}
    for rows, weight in rankings:
        for rank, row in enumerate(rows, start=1):
            scores[row] = scores.get(row, 0.0) + weight / (rrf_k + rank)
    order = {row: i for i, row in enumerate(dict.fromkeys(r for rows, _ in rankings for r in rows))}
    return sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))


class Retriever:
    def __init__(self, index: LoadedIndex, settings: RetrievalSettings) -> None:
        self.index = index
        self.settings = settings

    def search(self, query: str, query_vector: np.ndarray, top_k: int) -> Ranking:
        index = self.index
        passage_scores, passage_rows = vectors.search(index.passage_index, query_vector, CANDIDATES)
        sentence_scores, sentence_rows = vectors.search(index.sentence_index, query_vector, CANDIDATES * 4)
        dense = [int(r) for r in passage_rows if r >= 0]

        best_sentence_of: dict[int, float] = {}
        sentence_hits: dict[int, float] = {}
        for score, row in zip(sentence_scores, sentence_rows):
            if row < 0:
                continue
            sentence_hits[int(row)] = float(score)
            passage = int(index.sentence_passage[row])
            best_sentence_of.setdefault(passage, float(score))
        by_sentence = list(best_sentence_of)

        tokens = keyword_tokens(query)
        keyword_scores = index.keywords.scores(tokens)
        positive = np.flatnonzero(keyword_scores > 0)
        by_keyword = positive[np.argsort(-keyword_scores[positive], kind="stable")][:CANDIDATES].tolist()

        fused = fuse(
            [
                (dense, self.settings.dense_weight),
                (by_sentence, self.settings.sentence_weight),
                (by_keyword, self.settings.bm25_weight),
            ],
            self.settings.rrf_k,
        )
        hits = [
            Hit(index.passages[row], score, rank)
            for rank, (row, score) in enumerate(fused[:top_k], start=1)
        ]
        coverage = len(index.keywords.known(tokens)) / len(tokens) if tokens else 0.0
        evidence = Evidence(
            best_passage_similarity=float(passage_scores[0]) if len(passage_scores) else 0.0,
            best_sentence_similarity=float(sentence_scores[0]) if len(sentence_scores) else 0.0,
            keyword_coverage=coverage,
            sentence_scores=sentence_hits,
        )
        return Ranking(hits, evidence)
