"""Score retrieval on a question file (the format of shared/eval/dev-questions.jsonl).

Besides psp-qa itself, two naive baselines run in the same pass, each over
fixed 100-word windows with no structure: BM25, and dense MiniLM.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from psp_qa.engine import Engine
from psp_qa.errors import PspQaError
from psp_qa.indexing.keywords import KeywordIndex, keyword_tokens
from psp_qa.reading.ingest import corpus_files, load_document

WINDOW_WORDS = 100
DEPTH = 10

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = dict.fromkeys(map(ord, "‘’‚‛′"), "'") | dict.fromkeys(map(ord, "“”„‟″"), '"')


def normalise(text: str) -> str:
    """NFKD with accents dropped, dashes and quotes folded, spaces collapsed, lower case."""
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.translate(_DASHES).translate(_QUOTES).split()).lower()


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    turns: list[str]
    evidence: list[str]
    out_of_scope: bool

    def answered_by(self, text: str) -> bool:
        folded = normalise(text)
        return any(normalise(e) in folded for e in self.evidence)


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
            questions.append(GoldQuestion(str(item["id"]), list(item["turns"]), list(item.get("evidence", [])),
                                          bool(item.get("out_of_scope", False))))  # fmt: skip
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise PspQaError(f"{path}:{number}: not a question object ({exc})") from exc
    if not questions:
        raise PspQaError(f"{path} holds no questions")
    return questions


@dataclass
class Scores:
    name: str
    hit_at_1: float = 0.0
    recall_at_5: float = 0.0
    mrr_at_10: float = 0.0
    followups_answered: str = "0/0"
    out_of_scope_flagged: str = "0/0"
    false_refusals: int = 0

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def score(
    name: str, gold: list[GoldQuestion], run: Callable[[GoldQuestion], tuple[list[str], bool]]
) -> tuple[Scores, list[dict]]:
    """`run` returns the ranked passage texts and whether the question was judged in scope."""
    in_scope = [q for q in gold if not q.out_of_scope]
    followups = [q for q in in_scope if len(q.turns) > 1]
    hit1 = recall5 = mrr = 0.0
    followups_ok = flagged = refused = 0
    details = []
    for question in gold:
        texts, covered = run(question)
        if question.out_of_scope:
            flagged += not covered
            details.append({"id": question.id, "flagged": not covered})
            continue
        refused += not covered
        ranks = [i for i, text in enumerate(texts[:DEPTH], start=1) if question.answered_by(text)]
        first = ranks[0] if ranks else None
        hit1 += first == 1
        recall5 += first is not None and first <= 5
        mrr += 1 / first if first else 0.0
        if len(question.turns) > 1:
            followups_ok += first is not None and first <= 5
        details.append({"id": question.id, "rank": first, "in_scope": covered})
    count = max(1, len(in_scope))
    out = [q for q in gold if q.out_of_scope]
    return (
        Scores(
            name,
            hit1 / count,
            recall5 / count,
            mrr / count,
            f"{followups_ok}/{len(followups)}",
            f"{flagged}/{len(out)}",
            refused,
        ),  # fmt: skip
        details,
    )


def windows(text: str, size: int = WINDOW_WORDS) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


def evaluate(engine: Engine, gold: list[GoldQuestion], top_k: int = DEPTH) -> dict:
    def run_engine(question: GoldQuestion) -> tuple[list[str], bool]:
        answer = engine.ask(question.turns[-1], history=question.turns[:-1], top_k=top_k)
        return [hit.passage.text for hit in answer.hits], answer.in_scope

    system, details = score("psp-qa", gold, run_engine)

    # Baselines: the last turn alone, over unstructured 100-word windows.
    texts = []
    for path in corpus_files(engine.settings.corpus_dir):
        try:
            texts.extend(windows(load_document(path, engine.settings.max_file_bytes).text))
        except PspQaError:
            continue
    keyword_index = KeywordIndex.build(texts)
    window_vectors = engine.encoder.encode(texts)

    def run_bm25(question: GoldQuestion) -> tuple[list[str], bool]:
        scores = keyword_index.scores(keyword_tokens(question.turns[-1]))
        return [texts[i] for i in np.argsort(-scores, kind="stable")[:top_k]], True

    def run_dense(question: GoldQuestion) -> tuple[list[str], bool]:
        scores = window_vectors @ engine.encoder.encode([question.turns[-1]])[0]
        return [texts[i] for i in np.argsort(-scores, kind="stable")[:top_k]], True

    bm25, _ = score("bm25-windows", gold, run_bm25)
    dense, _ = score("dense-windows", gold, run_dense)
    return {"questions": len(gold), "results": [s.as_dict() for s in (system, bm25, dense)], "details": details}


def format_report(report: dict) -> str:
    rows = report["results"]
    columns = ["hit_at_1", "recall_at_5", "mrr_at_10", "followups_answered", "out_of_scope_flagged", "false_refusals"]
    headers = ["system", "hit@1", "recall@5", "MRR@10", "follow-ups", "out-of-scope flagged", "false refusals"]
    table = [headers] + [[row["name"]] + [str(row[c]) for c in columns] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    lines = [f"{report['questions']} questions"]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in table]
    missed = [d["id"] for d in report["details"] if d.get("rank") not in (1,) and "rank" in d]
    if missed:
        lines.append("not first: " + ", ".join(f"{d['id']}@{d['rank']}" for d in report["details"]
                                                if "rank" in d and d["rank"] != 1))  # fmt: skip
    wrong_scope = [d["id"] for d in report["details"] if d.get("flagged") is False or d.get("in_scope") is False]
    if wrong_scope:
        lines.append("scope wrong: " + ", ".join(wrong_scope))
    return "\n".join(lines)
