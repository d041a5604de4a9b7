"""Retrieval quality holds: psp-eval's figures on the development and our own sanity questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEV_QUESTIONS

from psp_qa.evaluate import format_report, normalise

SANITY_QUESTIONS = Path(__file__).parent / "data" / "sanity-questions.jsonl"
# Two-turn conversations about the case studies, written to check follow-up handling beyond dev's three.
FOLLOWUP_QUESTIONS = Path(__file__).parent / "data" / "followup-questions.jsonl"


@pytest.mark.parametrize(
    ("path", "min_hit_at_1"),
    [(DEV_QUESTIONS, 0.85), (SANITY_QUESTIONS, 0.90), (FOLLOWUP_QUESTIONS, 0.85)],
    ids=["dev", "sanity", "followups"],
)
def test_retrieval_beats_the_baselines_and_meets_its_floor(evaluated, path, min_hit_at_1):
    if not path.is_file():
        pytest.skip(f"{path} is not beside this checkout")
    report = evaluated(path)
    ours, bm25, dense = report["results"]
    print(format_report(report))
    assert ours["hit_at_1"] >= min_hit_at_1
    assert ours["recall_at_5"] >= 0.95
    assert ours["hit_at_1"] > max(bm25["hit_at_1"], dense["hit_at_1"])
    followups_ok, followups = map(int, ours["followups_answered"].split("/"))
    flagged, out_of_scope = map(int, ours["out_of_scope_flagged"].split("/"))
    assert followups_ok == followups and flagged == out_of_scope
    assert ours["false_refusals"] == 0


def test_evidence_matching_folds_accents_dashes_quotes_and_spaces():
    assert normalise("Cittá  del–Noi “x”") == normalise('citta del-noi "x"')
