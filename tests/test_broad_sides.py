"""Definitions, comparisons and themes read from more question forms, on the bundled report.

Each test stands for a class of misses: a definition asked as "what's meant by X", a definition
that quoted only its section's opening passage, a term the report uses without a section of its
own, a comparison whose last side swallowed what the sides are compared on or that named three
sides, and a theme whose subject kept the question's form.
"""

from __future__ import annotations

import pytest

from psp_qa.answering.kinds import COMPARISON, DEFINITION, FACTUAL, THEME, form_words_spelt, question_kind
from psp_qa.answering.sentences import Cues, gives_figure
from psp_qa.indexing.keywords import keyword_tokens


@pytest.mark.parametrize(
    ("question", "subject"),
    [("What's meant by peer support, and how was it used?", "peer support"),
     ("what is meant by social procurement?", "social procurement"),
     ("What do the authors mean by mainstreaming, going by the examples they give?", "mainstreaming"),
     ("What does the report mean by co-governance in the case studies?", "co-governance"),
     ("Tell me what the Recovery College was all about.", "the Recovery College"),
     ("What is the Elevate PSP about?", "the Elevate PSP"),
     ("whats a Recovery College?", "a Recovery College")],
)  # fmt: skip
def test_definitions_come_from_more_question_forms(question, subject):
    found = question_kind(question)
    assert (found.name, found.subject) == (DEFINITION, subject)


@pytest.mark.parametrize(
    "question",
    ["What was the overall reduction in reconvictions at Peterborough?", "What was the total cost of the Brescia project?",
     "What is a risk of payment by results?", "Who was in charge of the evaluation?"],
)  # fmt: skip
def test_an_attribute_of_a_thing_is_asked_as_a_fact(question):
    assert question_kind(question).name == FACTUAL


def test_its_aim_is_asked_with_what_it_is():
    """A thing's aim, goal or objective is told where the report says what it is: a definition's opening."""
    assert question_kind("What is the main goal of the Village Sports project?").name == DEFINITION


@pytest.mark.parametrize(
    ("question", "sides", "aspect"),
    [("How does Kulturverket compare with Welkom in Utrecht when it comes to funding?",
      ("Kulturverket", "Welkom in Utrecht"), "funding"),
     ("How does POPP stack up against the Recovery College in terms of results?",
      ("POPP", "the Recovery College"), "results"),
     ("compare Avis with Bollate as ways of mainstreaming services", ("Avis", "Bollate"), "mainstreaming services"),
     ("How do the outcomes of Avis, Kulturverket and Village Sports compare?",
      ("Avis", "Kulturverket", "Village Sports"), "outcomes"),
     ("What sets Kulturverket apart from Cycling without Age?", ("Kulturverket", "Cycling without Age"), ""),
     ("Elevate versus Low Moss - how do they differ?", ("Elevate", "Low Moss"), ""),
     # A lead-in naming the collection is no side of its own.
     ("Compare the two Finnish examples, Village Sports and the Netti-Nysse bus.",
      ("Village Sports", "the Netti-Nysse bus"), ""),
     # "Is A more X than B?" compares A and B on X; "is there more X than Y?" compares nothing.
     ("Was Kulturverket more successful than Village Sports?", ("Kulturverket", "Village Sports"), "successful"),
     ("Did POPP do better than the Recovery College?", ("POPP", "the Recovery College"), "")],
)  # fmt: skip
def test_comparison_sides_and_what_they_are_compared_on(question, sides, aspect):
    found = question_kind(question)
    assert (found.name, found.sides, found.aspect) == (COMPARISON, sides, aspect)


def test_more_than_needs_two_things_compared():
    assert question_kind("Were there more interviews than focus groups?").name != COMPARISON


@pytest.mark.parametrize(
    "question", ["How do the two Finnish examples compare?", "how did the Italian case studies differ?"]
)
def test_a_group_compared_within_itself(question):
    found = question_kind(question)
    assert (found.name, found.among) == (COMPARISON, True)


@pytest.mark.parametrize(
    ("question", "subject"),
    [("What does the report say across the case studies about volunteers?", "volunteers"),
     ("Across the examples, who pays for the services?", "who pays for the services"),
     ("What comes up again and again about evaluation?", "evaluation"),
     ("Where does leadership turn up in the report?", "leadership"),
     ("What does the report say about the part that universities play?", "universities")],
)  # fmt: skip
def test_theme_subjects_lose_the_question_form(question, subject):
    found = question_kind(question)
    assert (found.name, found.subject) == (THEME, subject)


def test_a_three_way_comparison_shows_each_side(engine):
    answer = engine.ask("How do the results of Bollate, POPP and the Recovery College compare?")
    assert answer.kind == COMPARISON
    headings = [p.section[-1] for p in answer.points]
    assert headings == ["Bollate Prison", "Partnership for Older People Projects", "Recovery College"]
    assert all(point.quotes for point in answer.points)
    assert len(answer.hits) <= 10


def test_a_definition_of_a_case_study_goes_on_past_its_opening_passage(engine):
    answer = engine.ask("What exactly is Bollate Prison?")
    assert answer.kind == DEFINITION
    sections = [tuple(p.section) for p in answer.points]
    topic = sections[0]
    assert topic[-1] == "Bollate Prison"
    # Its opening, then its subsections (outcomes and challenges), each quoted from its own passages.
    assert {s[-1] for s in sections[1:]} >= {"Outcomes", "Challenges"}
    assert all(s[: len(topic)] == topic for s in sections)


def test_a_term_without_a_section_is_answered_from_the_places_that_use_it(engine):
    answer = engine.ask("What is meant by co-production?")
    assert answer.kind == DEFINITION
    term = set(keyword_tokens("co-production"))
    using = [p for p in answer.points if any(term <= set(keyword_tokens(q.text)) for q in p.quotes)]
    assert len(using) >= 5
    assert len({tuple(p.section) for p in using}) == len(using)  # one point per place


def test_a_figure_counts_in_a_summary_of_a_thing_but_a_source_year_does_not():
    assert gives_figure("Private investors invested £5 million in the bond.")
    assert not gives_figure("There is a risk of adverse selection of prisoners ( OECD, 2015).")
    side, question = Cues("Bollate", particulars=True), Cues("Bollate")
    figure = "Bollate reduced recidivism by 16% in comparison to mainstream prison."
    assert side.bonus(figure) > question.bonus(figure)


def test_a_misspelt_form_word_keeps_the_question_its_kind(engine):
    answer = engine.ask("whats the differnce between bollate and peterborough?")
    assert answer.kind == COMPARISON
    cited = {" ".join(h.passage.section) for h in answer.hits[:10]}
    assert any("Bollate" in s for s in cited) and any("Peterborough" in s for s in cited)
    # A word of its own is no typo of a form word: "contract" stays, though it is 0.88 like "contrast".
    assert form_words_spelt("on what sort of contract?", engine._is_known_word) == "on what sort of contract?"
