"""Whether the report covers a question, from what retrieval saw.

The quotes themselves are chosen in compose.py (the factual ones with focus.py
and sentences.py): every one is a sentence of a cited passage, never generated.
"""

from __future__ import annotations

from dataclasses import dataclass

from psp_qa.answering.retrieve import Evidence

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
    # A question naming an acronym the report spells out, whose best passage uses it, is about the report
    # even when its other words are typed badly ("drt stands for wat"); only a question far from it all is not.
    defined_term_similarity: float = 0.2
    # Likewise a question naming one of the report's cases by a name few passages use ("What did Elevate aim to
    # do?", "what is wayfinder"), which its best passage holds: a table's cells, which carry no name of their
    # own, lie far from the question in the model's space though they are all about it.
    named_case_similarity: float = 0.2
    # A follow-up read as asking more of the conversation's topic ("when did it start?", "how long is it
    # supposed to run for?"), which the report covers: its few words say little, so only a far one is not.
    continuation_similarity: float = 0.15


def in_scope(
    evidence: Evidence,
    thresholds: ScopeThresholds,
    names_defined_term: bool = False,
    continues: bool = False,
    names_case: bool = False,
) -> bool:
    best = max(evidence.best_sentence_similarity, evidence.best_passage_similarity)
    if names_defined_term:
        return best >= thresholds.defined_term_similarity
    if names_case and best >= thresholds.named_case_similarity:
        return True
    if continues:
        return best >= thresholds.continuation_similarity
    share = min(1.0, evidence.keyword_coverage / thresholds.supported_keyword_coverage)
    needed = thresholds.confident_similarity - share * (
        thresholds.confident_similarity - thresholds.supported_similarity
    )
    return best >= needed
