"""Which section or table a broad answer is drawn from, on the bundled report.

Each test stands for a class of misses in the broad-final sets: an overview asked in words the
kinds did not know ("the gist of"), or in a factual form whose top passages fill one case study;
a list of a table's rows that lost to a list of sections; several sibling groups named at once;
a collection asked about in the plural whose best match is one of its items; and a question about
what should come next, whose words match no passage of the section that looks ahead.
"""

from __future__ import annotations

import pytest

from psp_qa.answering.kinds import LIST, OVERVIEW, question_kind
from psp_qa.answering.tables import tables_of


def _items(engine, section: tuple[str, ...]) -> list[tuple[str, ...]]:
    return engine.composer.topics_under(section)


def _case_study(engine, heading_word: str) -> tuple[str, ...]:
    return next(s for s in engine.composer.sections if heading_word in s[-1] and _items(engine, s[:-1]))


@pytest.mark.parametrize(
    "question",
    [
        "Give me the gist of the Bollate project.",
        "Can you sum up what happened in Kulturverket?",
        "What's the story of the Recovery College?",
    ],
)  # fmt: skip  ("tell me what X was all about" asks what X is: a definition, tests/test_broad_sides.py)
def test_more_overview_forms(question):
    assert question_kind(question).name == OVERVIEW


def test_a_question_whose_top_passages_fill_one_case_study_is_an_overview_of_it(engine):
    # "What happened with..." has no figure, date, reason or doer form: the case study as a whole.
    answer = engine.ask("What happened with the Peterborough prison bond?")
    assert answer.kind == OVERVIEW
    study = _case_study(engine, "Peterborough")
    sections = {tuple(p.section) for p in answer.points}
    assert all(s[: len(study)] == study for s in sections)
    assert len(sections) >= 3  # its opening and two subsections at least


def test_a_particular_question_about_one_case_study_stays_factual(engine):
    assert engine.ask("When did the Peterborough pilot run?").kind != OVERVIEW


def test_a_plural_noun_naming_a_tables_rows_lists_the_rows(engine):
    # "partnerships" names the label column "Strategic PSP Name" through the spelled-out "PSP".
    answer = engine.ask("Name the Scottish partnerships the research covered and what each was for.")
    assert answer.kind == LIST
    labels = [p.heading for p in answer.points]
    tables = [t for t in tables_of(engine.composer.rows) if [r.label.text for r in t] == labels]
    assert tables and len(labels) >= 6
    assert all(len(p.quotes[0].text.split()) > len(p.heading.split()) for p in answer.points)  # label and cells


def test_results_of_a_tables_rows_quote_the_cells_that_give_them(engine):
    answer = engine.ask("Which concrete results have the Scottish partnerships reported so far?")
    assert answer.kind == LIST and len(answer.points) >= 6
    with_figures = [p for p in answer.points if any(ch.isdigit() for q in p.quotes for ch in q.text)]
    assert len(with_figures) >= 4


def test_a_heading_named_wins_over_a_tables_rows(engine):
    answer = engine.ask("Can you summarise the main lessons learned from the Strategic PSPs in Scotland?")
    assert all("Lessons learned" in " ".join(p.section) for p in answer.points)


def test_several_sibling_groups_named_list_them_all(engine):
    answer = engine.ask("Which of the examples come from Finland, Sweden or Denmark?")
    assert answer.kind == LIST
    groups = {p.section[-2] for p in answer.points}
    assert {"Finland", "Sweden", "Denmark"} <= groups


def test_an_overview_of_items_in_the_plural_holds_all_of_them(engine):
    # The example: the Nordic case studies are four, in three groups; "Nordic" names none.
    answer = engine.ask("Tell me about the Nordic examples.")
    assert answer.kind == OVERVIEW
    nordic = next(s for s in engine.composer.sections if s[-1] == "Finland")[:-1]
    topics = {engine.retriever.topic_of(tuple(p.section)) for p in answer.points}
    assert topics == set(_items(engine, nordic)) and len(topics) == 4


@pytest.mark.parametrize(
    "question",
    ["What does the report say should happen next?",
     "What are its main recommendations?",
     "What are the main things the report says should happen next?"],
)  # fmt: skip
def test_what_should_come_next_is_the_section_that_looks_ahead(engine, question):
    answer = engine.ask(question)
    assert answer.kind == OVERVIEW
    ahead = next(s for s in engine.composer.sections if "future" in s[-1].lower() and len(s) == 2)
    named = {tuple(p.section) for p in answer.points if tuple(p.section[: len(ahead)]) == ahead}
    assert len(named) >= 3 and all(tuple(p.section[: len(ahead)]) == ahead for p in answer.points)


@pytest.mark.parametrize(
    "question",
    ["What are the six Strategic PSPs?", "What has each PSP achieved so far?", "What did the Strategic PSPs achieve?"],
)
def test_a_factual_form_asking_for_every_row_lists_the_rows(engine, question):
    # "each PSP", "the six ...", "what did the PSPs achieve": one answer per row of the table of them.
    answer = engine.ask(question)
    assert answer.kind == LIST
    labels = [p.heading for p in answer.points]
    assert any([r.label.text for r in t] == labels for t in tables_of(engine.composer.rows)) and len(labels) >= 6


def test_what_one_example_should_do_next_stays_with_that_example(engine):
    # "POPP" is spelled out by the acronym table; its section, not the report's own recommendations, answers.
    answer = engine.ask("What did the evaluation recommend for POPP?")
    study = _case_study(engine, "Older People")
    assert answer.points and all(tuple(p.section[: len(study)]) == study for p in answer.points)


@pytest.mark.parametrize(
    "question", ["Which Italian partnerships are described?", "Which partnerships did Bollate involve?"]
)
def test_partnerships_of_a_named_example_are_not_the_tables_rows(engine, question):
    answer = engine.ask(question)
    rows = {r.label.text for r in engine.composer.rows}
    assert not answer.points or not all(p.heading in rows for p in answer.points)


@pytest.mark.parametrize(
    "question",
    ["What made Bollate succeed?",
     "What software was used to analyse the interviews?",
     "By how much did Bollate cut reoffending?",
     "What is recommended about training to embed learning?"],
)  # fmt: skip
def test_a_question_asking_one_thing_of_a_section_is_answered_by_the_sentences_that_say_it(engine, question):
    """Its top passages fill one section, but it asks one thing of it: not an overview of the whole section."""
    answer = engine.ask(question)
    assert answer.kind == "factual", answer.text
    assert len(answer.text.split()) <= 150, answer.text


def test_a_question_naming_only_a_section_is_answered_by_its_overview(engine):
    answer = engine.ask("What happened at the Bollate prison?")
    assert answer.kind == "overview" and len(answer.points) >= 2, answer.text
