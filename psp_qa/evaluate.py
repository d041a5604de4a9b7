"""Score retrieval and answers on a question file (the formats of shared/eval/).

A factual question carries `evidence`: its passages are scored (hit@1,
recall@5, MRR@10) and so is its answer text (answer@1: the text a person reads
holds an evidence string). A broad question carries `points`, each with its own
evidence: scored is the share of points its answer text covers, and the share
its top 5 passages cover. One file may hold both.

Besides psp-qa itself, two naive baselines run in the same pass, each over
fixed 100-word windows with no structure: BM25, and dense MiniLM. A baseline's
answer is its first window, as such a system would show it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from psp_qa.engine import Engine
from psp_qa.errors import PspQaError
from psp_qa.indexing.keywords import KeywordIndex, keyword_tokens
from psp_qa.reading.ingest import corpus_files, load_document

WINDOW_WORDS = 100
DEPTH = 10
BROAD_DEPTH = 5  # passages a broad question's points are looked for in

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = dict.fromkeys(map(ord, "‘’‚‛′"), "'") | dict.fromkeys(map(ord, "“”„‟″"), '"')


def normalise(text: str) -> str:
    """NFKD with accents dropped, dashes and quotes folded, spaces collapsed, lower case."""
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.translate(_DASHES).translate(_QUOTES).split()).lower()


def _contains_any(text: str, evidence: list[str]) -> bool:
    folded = normalise(text)
    return any(normalise(e) in folded for e in evidence)


@dataclass(frozen=True)
class GoldPoint:
    name: str
    evidence: list[str]


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    turns: list[str]
    evidence: list[str]
    out_of_scope: bool
    kind: str = ""
    points: list[GoldPoint] = field(default_factory=list)

    @property
    def is_broad(self) -> bool:
        return bool(self.points)

    def answered_by(self, text: str) -> bool:
        return _contains_any(text, self.evidence)

    def points_covered(self, texts: list[str]) -> int:
        """How many points any one of `texts` covers."""
        return sum(any(_contains_any(text, point.evidence) for text in texts) for point in self.points)


def read_gold(path: Path) -> list[GoldQuestion]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PspQaError(f"cannot read {path} ({exc.strerror})") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            points = [GoldPoint(str(p["name"]), list(p["evidence"])) for p in item.get("points", [])]
            questions.append(GoldQuestion(str(item["id"]), list(item["turns"]), list(item.get("evidence", [])),
                                          bool(item.get("out_of_scope", False)), str(item.get("kind", "")),
                                          points))  # fmt: skip
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise PspQaError(f"{path}:{number}: not a question object ({exc})") from exc
    if not questions:
        raise PspQaError(f"{path} holds no questions")
    return questions


@dataclass(frozen=True)
class Response:
    """What a system returned for a question: ranked passage texts, scope, and the answer text."""

    texts: list[str]
    in_scope: bool
    answer: str


def _rounded(values: dict) -> dict:
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in values.items()}


@dataclass
class Scores:
    name: str
    hit_at_1: float = 0.0
    recall_at_5: float = 0.0
    mrr_at_10: float = 0.0
    followups_answered: str = "0/0"
    out_of_scope_flagged: str = "0/0"
    false_refusals: int = 0
    answer_at_1: float = 0.0
    answer_words: float = 0.0

    def as_dict(self) -> dict:
        return _rounded(self.__dict__)


def _words(text: str) -> int:
    return len(text.split())


def score(name: str, gold: list[GoldQuestion], run: Callable[[GoldQuestion], Response]) -> tuple[Scores, list[dict]]:
    """Factual and out-of-scope questions (broad ones are left to score_broad)."""
    gold = [q for q in gold if not q.is_broad]
    in_scope = [q for q in gold if not q.out_of_scope]
    followups = [q for q in in_scope if len(q.turns) > 1]
    hit1 = recall5 = mrr = answered = words = 0.0
    followups_ok = flagged = refused = 0
    details = []
    for question in gold:
        response = run(question)
        covered = response.in_scope
        if question.out_of_scope:
            flagged += not covered
            details.append({"id": question.id, "flagged": not covered})
            continue
        refused += not covered
        ranks = [i for i, text in enumerate(response.texts[:DEPTH], start=1) if question.answered_by(text)]
        first = ranks[0] if ranks else None
        hit1 += first == 1
        recall5 += first is not None and first <= 5
        mrr += 1 / first if first else 0.0
        in_answer = question.answered_by(response.answer)
        answered += in_answer
        words += _words(response.answer)
        if len(question.turns) > 1:
            followups_ok += first is not None and first <= 5
        details.append({"id": question.id, "rank": first, "in_scope": covered, "in_answer": in_answer})
    count = max(1, len(in_scope))
    out = [q for q in gold if q.out_of_scope]
    scores = Scores(name, hit1 / count, recall5 / count, mrr / count, f"{followups_ok}/{len(followups)}",
                    f"{flagged}/{len(out)}", refused, answered / count, words / count)  # fmt: skip
    return scores, details


def score_broad(
    name: str, gold: list[GoldQuestion], run: Callable[[GoldQuestion], Response]
) -> tuple[dict, list[dict]]:
    """Broad questions: the share of their points the answer text and the top 5 passages cover.

    Overall and per kind: answer_coverage, top5_coverage, half_covered ("7/10": answers
    covering at least half their points) and answer_words.
    """
    rows = []
    for question in (q for q in gold if q.is_broad):
        response = run(question)
        total = len(question.points)
        in_answer = question.points_covered([response.answer])
        in_top = question.points_covered(response.texts[:BROAD_DEPTH])
        rows.append({"id": question.id, "kind": question.kind or "broad", "points": total,
                     "answer": in_answer / total, "top5": in_top / total, "half": 2 * in_answer >= total,
                     "words": _words(response.answer)})  # fmt: skip

    def summary(group: list[dict]) -> dict:
        count = max(1, len(group))
        return {
            "questions": len(group),
            "answer_coverage": sum(r["answer"] for r in group) / count,
            "top5_coverage": sum(r["top5"] for r in group) / count,
            "half_covered": f"{sum(r['half'] for r in group)}/{len(group)}",
            "answer_words": sum(r["words"] for r in group) / count,
        }

    kinds = {
        kind: _rounded(summary([r for r in rows if r["kind"] == kind]))
        for kind in dict.fromkeys(r["kind"] for r in rows)
    }
    details = [{"id": r["id"], "kind": r["kind"], "answer": round(r["answer"], 3), "top5": round(r["top5"], 3)}
               for r in rows]  # fmt: skip
    return {"name": name, **_rounded(summary(rows)), "kinds": kinds}, details


def windows(text: str, size: int = WINDOW_WORDS) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


@dataclass
class Baselines:
    """The naive baselines' index of one corpus: fixed windows, their BM25 index and their dense vectors.

    Built once per corpus and reused for every question file scored on it (building
    it embeds the whole corpus again, which costs far more than asking the questions).
    """

    engine: Engine
    texts: list[str]
    keyword_index: KeywordIndex
    window_vectors: np.ndarray
    question_vectors: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def build(cls, engine: Engine) -> Baselines:
        texts = []
        for path in corpus_files(engine.settings.corpus_dir):
            try:
                texts.extend(windows(load_document(path, engine.settings.max_file_bytes).text))
            except PspQaError:
                continue
        return cls(engine, texts, KeywordIndex.build(texts), engine.encoder.encode(texts))

    def _ranked(self, scores: np.ndarray, top_k: int) -> Response:
        top = [self.texts[i] for i in np.argsort(-scores, kind="stable")[:top_k]]
        return Response(top, True, top[0] if top else "")

    def bm25(self, question: GoldQuestion, top_k: int = DEPTH) -> Response:
        return self._ranked(self.keyword_index.scores(keyword_tokens(question.turns[-1])), top_k)

    def encode_questions(self, gold: list[GoldQuestion]) -> None:
        """Embeds the questions' last turns in one batch (one at a time costs ~30x more on CPU)."""
        texts = list(dict.fromkeys(q.turns[-1] for q in gold if q.turns[-1] not in self.question_vectors))
        if texts:
            self.question_vectors.update(zip(texts, self.engine.encoder.encode(texts)))

    def dense(self, question: GoldQuestion, top_k: int = DEPTH) -> Response:
        self.encode_questions([question])
        return self._ranked(self.window_vectors @ self.question_vectors[question.turns[-1]], top_k)


def evaluate(engine: Engine, gold: list[GoldQuestion], top_k: int = DEPTH, baselines: Baselines | None = None) -> dict:
    """psp-qa and the two baselines (the last turn alone, over unstructured windows) on one question file."""

    def run_engine(question: GoldQuestion) -> Response:
        answer = engine.ask(question.turns[-1], history=question.turns[:-1], top_k=top_k)
        return Response([hit.passage.text for hit in answer.hits], answer.in_scope, answer.text)

    baselines = baselines or Baselines.build(engine)
    baselines.encode_questions(gold)
    systems = [
        ("psp-qa", run_engine),
        ("bm25-windows", lambda question: baselines.bm25(question, top_k)),
        ("dense-windows", lambda question: baselines.dense(question, top_k)),
    ]
    factual = [q for q in gold if not q.is_broad]
    broad = [q for q in gold if q.is_broad]
    report: dict = {"questions": len(gold), "factual_questions": len(factual), "broad_questions": len(broad)}
    results, broad_results = [], []
    for name, run in systems:
        scores, details = score(name, factual, run)
        results.append(scores.as_dict())
        if name == "psp-qa":
            report["details"] = details
        if broad:
            broad_scores, broad_details = score_broad(name, broad, run)
            broad_results.append(broad_scores)
            if name == "psp-qa":
                report["broad_details"] = broad_details
    report["results"] = results
    if broad:
        report["broad"] = broad_results
    return report


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    table = [headers, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]


def format_report(report: dict) -> str:
    lines = [f"{report['questions']} questions"]
    if report.get("factual_questions", report["questions"]):
        columns = ["hit_at_1", "recall_at_5", "mrr_at_10", "followups_answered", "out_of_scope_flagged",
                   "false_refusals", "answer_at_1", "answer_words"]  # fmt: skip
        headers = ["system", "hit@1", "recall@5", "MRR@10", "follow-ups", "out-of-scope flagged", "false refusals",
                   "answer@1", "answer words"]  # fmt: skip
        lines += _table(headers, [[row["name"]] + [str(row[c]) for c in columns] for row in report["results"]])
        details = report["details"]
        missed = [d for d in details if "rank" in d and d["rank"] != 1]
        if missed:
            lines.append("not first: " + ", ".join(f"{d['id']}@{d['rank']}" for d in missed))
        not_in_answer = [d["id"] for d in details if d.get("in_answer") is False]
        if not_in_answer:
            lines.append("evidence not in answer: " + ", ".join(not_in_answer))
        wrong_scope = [d["id"] for d in details if d.get("flagged") is False or d.get("in_scope") is False]
        if wrong_scope:
            lines.append("scope wrong: " + ", ".join(wrong_scope))
    if report.get("broad"):
        lines.append(f"broad questions ({report['broad_questions']}): points covered")
        headers = ["system", "kind", "questions", "answer covers", "top-5 covers", "answers >= half", "answer words"]
        rows = []
        for row in report["broad"]:
            for kind, group in [("all", row), *row["kinds"].items()]:
                rows.append([row["name"], kind, str(group["questions"]), str(round(group["answer_coverage"], 2)),
                             str(round(group["top5_coverage"], 2)), group["half_covered"],
                             str(round(group["answer_words"], 1))])  # fmt: skip
        lines += _table(headers, rows)
        low = [f"{d['id']}:{d['answer']:.2f}" for d in report["broad_details"] if d["answer"] < 0.5]
        if low:
            lines.append("answers under half: " + ", ".join(low))
    return "\n".join(lines)
