"""Retrieval reads what a question asks for from its question words, on the bundled report."""

from __future__ import annotations


def test_a_when_question_prefers_the_passage_whose_close_sentence_holds_a_date(engine):
    # Without the date signal the Challenges and Outcomes passages, which name Bollate more often, lead.
    answer = engine.ask("What year did the Bollate prison open?")
    assert "In 2000, Bollate" in answer.hits[0].passage.text
