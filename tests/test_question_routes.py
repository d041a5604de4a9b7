"""The question's kind read from its form, so the answer at the top is the one asked for (issues 10/11).

A count asked after a clause saying where to look, "which of the X did Y", and what the examples usually show
ask for a fact, not a list or a theme; a how-question asking the one way something was done is answered by
that way first, the rest of its topic after it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from psp_qa.answering.anchor import answer_first
from psp_qa.answering.drafts import Candidate, Draft
from psp_qa.answering.kinds import FACTUAL, LIST, THEME, asks_one_way, question_kind
from psp_qa.answering.sentences import Cues
from psp_qa.evaluate import normalise


@pytest.mark.parametrize(
    "question",
    [
        "Of the papers found under 'public social partnership', how many were used?",
        "Out of all the reports screened, how many were kept?",
        "In the first cohort, how much did reconvictions fall?",
    ],
)
def test_a_count_after_a_clause_is_a_fact(question):
    assert question_kind(question).name == FACTUAL


def test_a_count_for_each_is_still_a_list():
    question = "For each search keyword in the literature review, how many reports were downloaded and kept?"
    assert question_kind(question).name == LIST


def test_how_many_without_a_noun_asks_a_count():
    assert Cues("Of the papers found, how many were used?").how_many
    assert Cues("How many were read in full?").how_many


def test_which_of_them_did_something_asks_a_fact():
    assert question_kind("Which of the Scottish partnerships managed to break down silo working?").name != LIST
    # the items of a collection by where they come from are still a list
    assert question_kind("which of the examples come from Finland, Sweden or Denmark?").name == LIST


def test_what_the_examples_usually_show_is_one_finding():
    asked = "According to the examples from abroad, what usually has to change for co-production to succeed?"
    assert question_kind(asked).name == FACTUAL
    assert question_kind(asked.replace("usually ", "")).name == THEME


def test_asks_one_way():
    assert asks_one_way("How did they deal with GPs thinking it was more of the same?")
    assert not asks_one_way("How did the pilots work out, and what were the challenges?")
    assert not asks_one_way("What did the evaluation find?")


def _draft(passage_id: str, position: int) -> Draft:
    passage = SimpleNamespace(id=passage_id, section=(passage_id,))
    return Draft(passage_id, (passage_id,), (Candidate(1.0, passage, position, f"sentence {position}"),))


def test_answer_first_moves_the_answering_point_ahead():
    points = [_draft("a", 0), _draft("b", 1), _draft("c", 2)]
    moved = answer_first(points, [points[2].sentences[0]])
    assert [p.heading for p in moved] == ["c", "a", "b"]
    assert answer_first(points, []) == points


def test_count_after_a_clause_quotes_the_row(engine):
    answer = engine.ask("Of the reports found under 'social partnership', how many were kept?")
    assert answer.kind == FACTUAL
    assert normalise("Social partnership 13 8") in normalise(answer.text)


def test_one_way_asked_is_answered_first(engine):
    answer = engine.ask("How did the East Renfrewshire partnership change the way support is paid for?")
    text = normalise(answer.text)
    at = text.find(normalise("A move away from traditional time and task costs"))
    assert 0 <= at < len(text) // 3
