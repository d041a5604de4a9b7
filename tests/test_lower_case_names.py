"""A lower-case name is still a name: questions typed in lower case are read as their capitalised forms are,
on the bundled report (issue 11)."""

from __future__ import annotations

import pytest

from psp_qa.answering.demonyms import places_of
from psp_qa.indexing.names import written_as_names


def _both(question: str) -> list[str]:
    return [question, question.lower()]


def test_a_name_shown_by_its_capitals_is_a_name_though_it_only_opens_sentences():
    names = written_as_names(["Netti-Nysse is an internet bus. RfB helped. Moreover, the bus runs."])
    assert {"netti-nysse", "rfb"} <= names
    assert "moreover" not in names  # a first capital alone, at a sentence's start, shows nothing


def test_a_people_stands_for_its_place():
    assert places_of("Danish") == ("denmark",)
    assert "netherlands" in places_of("dutch")
    assert places_of("partnership") == ()


@pytest.mark.parametrize(
    "question",
    [
        # A count the Netti-Nysse passages never give: another case's count of people is no answer.
        *_both("How many people does the Netti-Nysse bus serve?"),
        # Places and names only the bibliography uses (publishers' cities, titles).
        *_both("What happened in France?"),
        *_both("Tell me about the Oxford case"),
        *_both("What did the London case study find?"),
        # A people whose country the report never names, however near the Nordic cases lie.
        *_both("Norwegian case studies"),
        *_both("Which examples are Norwegian?"),
        *_both("Are there any Norwegian examples?"),
        *_both("Which examples are Spanish?"),
        *_both("What happened in Germany?"),
    ],
)
def test_a_name_the_report_lacks_is_out_of_scope_in_either_case(engine, question):
    answer = engine.ask(question)
    assert answer.in_scope is False, answer.text


@pytest.mark.parametrize(
    "question",
    [
        *_both("Which examples are Dutch?"),  # the Netherlands, though the report never says "Dutch"
        *_both("How many donors does AVIS have?"),
        *_both("What did Kulturverket do in Ulmea?"),
        *_both("What is the Netti-Nysse bus?"),
        *_both("What happened in Tampere?"),
        *_both("What happened in Sweden?"),
        *_both("What did POPP achieve?"),
        *_both("Who was interviewed from SENSCOT?"),
    ],
)
def test_a_name_the_report_has_is_in_scope_in_either_case(engine, question):
    assert engine.ask(question).in_scope


@pytest.mark.parametrize(
    ("question", "spelt_out"),
    [
        ("what does rfb stand for?", "Ready for Business"),
        ("what does popp stand for", "Partnership for Older People Projects"),
        ("what does sib stand for?", "Social Impact Bond"),
    ],
)
def test_an_acronym_typed_in_lower_case_is_spelt_out(engine, question, spelt_out):
    answer = engine.ask(question)
    assert answer.kind == "definition"
    assert any(spelt_out in quote.text for quote in answer.quotes)


@pytest.mark.parametrize("question", ["what is cycling without age?", "who is turning point?"])
def test_a_name_typed_in_lower_case_is_no_clause(engine, question):
    # "cycling", "turning": the report writes them only as names, so no "who is designing ...?" clause.
    assert engine.ask(question).kind == "definition"


@pytest.mark.parametrize(
    ("question", "group"),
    [
        *[(q, "Denmark") for q in _both("Which examples are Danish?")],
        *[(q, "Netherland case studies") for q in _both("Which case studies are Dutch?")],
    ],
)
def test_a_people_names_its_place_s_examples(engine, question, group):
    answer = engine.ask(question)
    assert answer.kind == "list" and answer.points
    assert all(group in point.section for point in answer.points), [p.section for p in answer.points]


@pytest.mark.parametrize("question", _both("Give me an overview of the Dutch examples"))
def test_an_overview_of_a_people_s_examples_is_of_its_place_s_group(engine, question):
    # The group's heading names the place ("Netherland case studies"), the question its people: the overview
    # is of that group alone, not of every case study abroad.
    answer = engine.ask(question)
    assert answer.kind == "overview" and answer.points
    assert all("Netherland case studies" in point.section for point in answer.points), [
        p.section for p in answer.points
    ]
