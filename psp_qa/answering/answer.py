"""Hits to an Answer whose every sentence is quoted verbatim from a cited passage.

Nothing is generated: the answer is the passages' own sentences that are
closest to the question, each marked with the rank of the passage it is from.
"""

from __future__ import annotations

from dataclasses import dataclass

from psp_qa.answering.retrieve import Evidence
from psp_qa.types import Hit, Quote

OUT_OF_SCOPE_NOTICE = "The report does not seem to cover this. The nearest passages are shown as weak matches."


@dataclass(frozen=True)
class ScopeThresholds:
    """Similarities (cosine, all-MiniLM-L6-v2) that separate questions the report covers.

    A question is in scope when its best sentence is close enough: the similarity it
    needs falls from `confident_similarity`, when none of its words occur in the
    corpus, to `supported_similarity`, when `supported_keyword_coverage` of them do.
    A ramp rather than a step, so that one everyday word the corpus lacks ("properly")
    does not decide a question that is otherwise close.
    """

    confident_similarity: float = 0.38
    supported_similarity: float = 0.30
    supported_keyword_coverage: float = 0.6


def in_scope(evidence: Evidence, thresholds: ScopeThresholds) -> bool:
    best = max(evidence.best_sentence_similarity, evidence.best_passage_similarity)
    share = min(1.0, evidence.keyword_coverage / thresholds.supported_keyword_coverage)
    needed = thresholds.confident_similarity - share * (
        thresholds.confident_similarity - thresholds.supported_similarity
    )
    return best >= needed


def select_quotes(
    hits: list[Hit],
    evidence: Evidence,
    sentence_rows: dict[str, range],
    max_sentences: int,
    from_top: int = 3,
    margin: float = 0.08,
    min_words: int = 6,
) -> tuple[Quote, ...]:
    """The sentences closest to the question among the top passages.

    The best sentence of the first passage is always quoted; others join when
    their similarity is within `margin` of the best one and they are whole
    sentences rather than table cells or headings (at least `min_words` words).
    """
    scored: list[tuple[float, int, int, str]] = []  # (score, hit rank, position, text)
    for hit in hits[:from_top]:
        rows = sentence_rows[hit.passage.id]
        for position, (row, text) in enumerate(zip(rows, hit.passage.sentence_texts())):
            score = evidence.sentence_scores.get(row)
            if score is not None:
                scored.append((score, hit.rank, position, text))
    if not scored:
        # No sentence of the top passages was among the nearest: quote the first one.
        first = hits[0].passage.sentence_texts()[:1] if hits else []
        return tuple(Quote(text, 1) for text in first)
    best_first = max((s for s in scored if s[1] == 1), default=None)
    best = max(s[0] for s in scored)
    chosen = {best_first} if best_first else set()
    for candidate in sorted(scored, reverse=True):
        if len(chosen) >= max_sentences:
            break
        if candidate[0] >= best - margin and len(candidate[3].split()) >= min_words:
            chosen.add(candidate)
    ordered = sorted(chosen, key=lambda s: (s[1], s[2]))
    return tuple(Quote(" ".join(text.split()), rank) for _, rank, _, text in ordered)
