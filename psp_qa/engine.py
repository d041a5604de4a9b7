"""The one entry point for answering: open an index, ask questions, get Answers.

engine = Engine.open(settings)          # builds or refreshes the index if needed
answer = engine.ask("What made Bollate succeed?", history=[])
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from psp_qa.answering.answer import OUT_OF_SCOPE_NOTICE, ScopeThresholds, in_scope
from psp_qa.answering.compose import MAX_PASSAGES, Composer
from psp_qa.answering.followup import standalone_question
from psp_qa.answering.kinds import question_kind
from psp_qa.answering.queries import QueryVectors
from psp_qa.answering.retrieve import Ranking, Retriever
from psp_qa.config import MAX_QUESTION_CHARS, Settings
from psp_qa.errors import QuestionError
from psp_qa.indexing.build import Progress, ensure_fresh, no_progress
from psp_qa.indexing.embed import Encoder
from psp_qa.indexing.keywords import stopwords
from psp_qa.indexing.store import LoadedIndex, load_index
from psp_qa.types import Answer, SectionPath

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_question(question: object) -> str:
    """The question as text, or a QuestionError saying why it cannot be asked."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
    # Lone surrogates (from broken JSON escapes) cannot be encoded: drop them.
    question = question.encode("utf-8", "ignore").decode("utf-8")
    text = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", question)).split())
    if not text:
        raise QuestionError("the question is empty")
    return text


def history_questions(history: list | None) -> list[str]:
    """Earlier questions from a history of strings or answer-like dicts."""
    if history is None:
        return []
    if not isinstance(history, list | tuple):
        raise QuestionError("history must be a list of earlier questions or answers")
    questions = []
    for turn in history:
        if isinstance(turn, str):
            text = turn
        elif isinstance(turn, dict):
            text = turn.get("standalone_question") or turn.get("question") or ""
        else:
            raise QuestionError("each history turn must be a question or an answer object")
        if not isinstance(text, str):
            raise QuestionError("each history turn must be a question or an answer object")
        text = " ".join(_CONTROL.sub(" ", text[:MAX_QUESTION_CHARS]).split())
        if text:
            questions.append(text)
    return questions


@dataclass
class Engine:
    settings: Settings
    encoder: Encoder
    index: LoadedIndex
    thresholds: ScopeThresholds = ScopeThresholds()

    @classmethod
    def open(cls, settings: Settings, progress: Progress = no_progress, refresh: bool = True) -> Engine:
        encoder = Encoder.from_name(settings.embedding.model)
        if refresh:
            ensure_fresh(settings, encoder, progress)
        return cls(settings, encoder, load_index(settings.index_dir))

    def __post_init__(self) -> None:
        self.queries = QueryVectors(self.query_encoder().encode)
        self.retriever = Retriever(self.index, self.settings.retrieval, self.queries.encode)
        rows, first = {}, 0
        for passage in self.index.passages:
            rows[passage.id] = range(first, first + len(passage.sentences))
            first += len(passage.sentences)
        self.sentence_rows = rows
        self.composer = Composer(self.index, self.retriever, rows)

    def query_encoder(self):
        """The index's ONNX export when it has one (no torch needed), else the model itself."""
        if self.index.manifest.get("query_encoder", {}).get("type") == "onnx":
            from psp_qa.indexing.onnx_encoder import OnnxEncoder

            return OnnxEncoder(self.index.folder, self.encoder.max_seq_length)
        return self.encoder

    def _is_content_word(self, word: str) -> bool:
        return word.lower() not in stopwords() and len(word) > 2

    def standalone(self, question: str, history: list | None = None) -> str:
        return standalone_question(clean_question(question), history_questions(history), self._is_content_word)

    def conversation_topic(self, history: list | None) -> SectionPath:
        """The section the conversation is about: that of the best passage for the last question.

        Empty when there is no earlier question or the report does not cover it.
        """
        earlier = history_questions(history)
        if not earlier:
            return ()
        last = standalone_question(earlier[-1], earlier[:-1], self._is_content_word)
        ranking = self.retriever.search(last, 1)
        if not ranking.hits or not in_scope(ranking.evidence, self.thresholds):
            return ()
        return self.retriever.topic_of(ranking.hits[0].passage.section)

    def ask(self, question: str, history: list | None = None, top_k: int | None = None) -> Answer:
        question = clean_question(question)
        top_k = self.settings.retrieval.top_k if top_k is None else top_k
        if not isinstance(top_k, int) or not 1 <= top_k <= 20:
            raise QuestionError("top_k must be a whole number from 1 to 20")
        standalone = self.standalone(question, history)
        topic = self.conversation_topic(history) if standalone != question else ()
        # Deeper than top_k: a broad answer may cite up to MAX_PASSAGES passages.
        ranking = self.retriever.search(standalone, max(top_k, 2 * MAX_PASSAGES), topic=topic, own_words=question)
        covered = in_scope(ranking.evidence, self.thresholds)
        kind = question_kind(standalone)
        if not covered:
            return Answer(question, standalone, False, (), tuple(ranking.hits[:top_k]), OUT_OF_SCOPE_NOTICE,
                          kind=kind.name)  # fmt: skip
        composed = self.composer.compose(kind, standalone, ranking, self.queries.vector(standalone), top_k,
                                         self.settings.answer.max_sentences, self._search_side)  # fmt: skip
        return Answer(
            question=question,
            standalone_question=standalone,
            in_scope=composed.in_scope,
            quotes=composed.quotes,
            hits=composed.hits,
            notice=composed.notice or ("" if composed.in_scope else OUT_OF_SCOPE_NOTICE),
            kind=composed.kind,
            points=composed.points,
        )

    def _search_side(self, side: str):
        """One side of a comparison, searched on its own: its ranking, vector and whether the report covers it."""
        ranking: Ranking = self.retriever.search(side, MAX_PASSAGES)
        return ranking, self.queries.vector(side), in_scope(ranking.evidence, self.thresholds)
