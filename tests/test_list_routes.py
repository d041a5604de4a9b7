"""List questions in wordings the list routes did not know, on the bundled report.

Each test stands for a class of misses in broad-final3: a group of the collection named by another form
of its heading's name ("from Italy" for "Italian Case studies"); a group named by a word one of its own
items also uses; interviewees asked of the doers ("who did the researchers interview?"), answered by the
table of interviews and the prose that points to it; the document itself ("in the report") taken for a
table's caption word ("Reports/Papers"); and "which parts of the report deal with X", which asks where
the report speaks of X, not for a list of its parts.
"""

from __future__ import annotations

import pytest

from psp_qa.answering.kinds import FACTUAL, LIST, THEME, question_kind
from psp_qa.answering.sentences import Cues
from psp_qa.answering.tables import tables_of
from psp_qa.evaluate import normalise


def _group(engine, prefix: str) -> tuple[str, ...]:
    """The collection's group whose heading holds a word starting with `prefix` and which has items."""
    composer = engine.composer
    return next(
        s
        for s in composer.sections
        if any(w.startswith(prefix) for w in s[-1].split()) and len(composer.topics_under(s)) >= 2
    )


def _quotes_are_the_reports(answer) -> None:
    for point in answer.points:
        for quote in point.quotes:
            passage = answer.hits[quote.citation - 1].passage
            assert normalise(quote.text) in normalise(f"{passage.text} {' '.join(passage.section)}")


@pytest.mark.parametrize(
    "question",
    [
        "which examples from Italy are there in the report?",
        "what case studies are there from Italy?",
        "Which Italian projects are in the report?",  # "Italian" is also in one item's heading
    ],
)
def test_a_group_named_by_a_form_of_its_name_lists_all_its_items(engine, question):
    answer = engine.ask(question)
    assert answer.kind == LIST
    group = _group(engine, "Ital")
    items = engine.composer.topics_under(group)
    assert [tuple(p.section) for p in answer.points] == items
    assert all(p.quotes for p in answer.points)
    _quotes_are_the_reports(answer)


def test_the_document_itself_names_no_table(engine):
    # "in the report" shares "report" with a caption ("Reports/Papers selected for the report").
    answer = engine.ask("which examples from Italy are there in the report?")
    labels = {r.label.text for r in engine.composer.rows}
    assert not any(p.heading in labels for p in answer.points)


@pytest.mark.parametrize(
    "question", ["who did the researchers interview?", "Who did they interview for the study?"]
)  # fmt: skip
def test_interviewees_asked_of_the_doers_are_the_table_and_the_prose_pointing_to_it(engine, question):
    assert question_kind(question).name == LIST
    answer = engine.ask(question)
    assert answer.kind == LIST
    table = next(t for t in tables_of(engine.composer.rows) if "interview" in t[0].caption.lower())
    headings = [p.heading for p in answer.points]
    assert headings[1:] == [r.label.text for r in table]  # every row, in order
    lead = answer.points[0]
    assert tuple(lead.section) == table[0].section and len(lead.quotes) >= 2  # the prose above the rows
    assert any("Table" in q.text for q in lead.quotes)  # the sentence that points to the table
    _quotes_are_the_reports(answer)


@pytest.mark.parametrize(
    "question",
    [
        "Who did they speak to at the Big Lottery Fund?",
        "Who did the researchers speak to about the Low Moss prison partnership?",
    ],
)
def test_interviewees_of_one_place_stay_factual(question):
    assert question_kind(question).name == FACTUAL


@pytest.mark.parametrize(
    "question",
    [
        "Who was interviewed from the local health board?",  # one place's interviewees
        "Who ran the pilot, and on what kind of funding?",  # a kind asked in a second clause: the question asks who
        "Who is running the recovery courses?",  # a doing, not a term to define
        "Who was the bus service designed for?",  # a predicate left on its preposition
        "Did the case studies keep going after the funding stopped?",  # yes or no, of a whole collection
        "In the pilots, did the projects carry on once the money ran out?",
    ],
)
def test_questions_asking_for_one_fact_stay_factual(question):
    assert question_kind(question).name == FACTUAL


def test_broad_forms_near_those_stay_broad():
    assert question_kind("What kinds of evidence did the researchers gather?").name == LIST
    assert question_kind("What did the case studies achieve?").name == THEME
    assert question_kind("And the other example, what's that one about?").name == "definition"


def test_a_question_naming_one_row_gets_no_lead_before_it(engine):
    answer = engine.ask("Which organisations were in the Ready for Business group that the researchers interviewed?")
    assert "Ready for Business" in answer.hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("which parts of the report deal with prisons or offenders?", "prisons or offenders"),
        ("where in the report are older people discussed?", "older people"),
        ("which sections talk about funding?", "funding"),
    ],
)
def test_where_the_report_deals_with_something_is_a_theme_of_it(question, subject):
    kind = question_kind(question)
    assert (kind.name, kind.subject) == (THEME, subject)


def test_the_parts_dealing_with_prisons_come_from_several_topics(engine):
    answer = engine.ask("which parts of the report deal with prisons or offenders?")
    assert answer.kind == THEME
    labels = {r.label.text for r in engine.composer.rows if not r.label.passage.lead}
    assert not labels & {p.heading for p in answer.points}  # not the keywords' table
    assert len({tuple(p.section[:3]) for p in answer.points}) >= 2
    _quotes_are_the_reports(answer)


@pytest.mark.parametrize(
    "question", ["What examples from the Netherlands are there?", "Are there any Dutch case studies?"]
)  # fmt: skip
def test_asking_whether_there_are_examples_is_a_list(question):
    assert question_kind(question).name == LIST


@pytest.mark.parametrize(
    "question",
    [
        "which strategic PSPs were looked at in the research?",
        "which PSPs were studied?",
        "which PSPs did the study cover?",
    ],
)
def test_rows_asked_for_and_nothing_of_them_come_from_the_table_that_says_what_each_is(engine, question):
    # Two tables list the PSPs: one counts who was interviewed for each ("2 representatives of ..."), one
    # says what each set out to do. Asked only which they are, each is its label and what it is, briefly.
    answer = engine.ask(question)
    assert answer.kind == LIST and len(answer.points) >= 6
    first_cells = [p.quotes[0].text[len(p.heading) :].strip() for p in answer.points]
    assert not any(cell[:1].isdigit() for cell in first_cells)
    assert all(len(p.quotes) == 1 for p in answer.points)
    assert len(answer.text.split()) < 150


def test_rows_asked_something_of_come_from_the_table_that_answers_it(engine):
    answer = engine.ask("Who was interviewed for each PSP?")
    assert answer.kind == LIST
    assert all(p.quotes[0].text[len(p.heading) :].strip()[:1].isdigit() for p in answer.points)


def test_a_group_of_one_item_named_by_its_heading_lists_that_item(engine):
    answer = engine.ask("which examples from Denmark are there?")
    assert answer.kind == LIST
    denmark = next(s for s in engine.composer.sections if s[-1] == "Denmark")
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(denmark)


@pytest.mark.parametrize(
    "question", ["which data collection methods were used?", "what kinds of data did they collect?"]
)
def test_items_named_by_a_word_their_headings_share_are_all_listed(engine, question):
    # "Primary data" and "Secondary data" name their parent, the methods' section, and all its parts are listed,
    # not the rows of the table captioned "Voices involved in data collection".
    answer = engine.ask(question)
    assert answer.kind == LIST
    parent = {tuple(p.section[:-1]) for p in answer.points}
    assert len(parent) == 1
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(parent.pop())


def test_a_group_asked_whether_described_is_a_list():
    assert question_kind("what Finnish projects are described?").name == LIST


@pytest.mark.parametrize(
    ("question", "prefix"),
    [
        ("which examples come from outside the UK?", "elsewhere"),
        ("which case studies are not from Italy?", "Ital"),
        ("which examples are there other than the Italian ones?", "Ital"),
    ],
)
def test_a_group_set_aside_is_left_out_of_its_collection(engine, question, prefix):
    answer = engine.ask(question)
    assert answer.kind == LIST
    aside = next(s for s in engine.composer.sections if prefix in s[-1] and engine.composer.topics_under(s))
    sections = [tuple(p.section) for p in answer.points]
    assert len(sections) >= 4
    assert not any(s[: len(aside)] == aside for s in sections)
    assert all(s[: len(aside) - 1] == aside[:-1] for s in sections)  # the rest of the same collection


def test_a_word_set_aside_that_names_no_group_leaves_the_list_whole(engine):
    # "outside Scotland" names none of the groups: the UK group, all of it.
    answer = engine.ask("what are the UK examples they looked at outside Scotland?")
    uk = next(s for s in engine.composer.sections if "UK" in s[-1].split() and len(s) == 2)
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(uk)


def test_what_are_the_rows_of_a_table_lists_them(engine):
    answer = engine.ask("what are the PSPs in the study?")
    assert answer.kind == LIST and len(answer.points) >= 6


def test_them_after_a_list_stands_for_its_items(engine):
    # "which of them" after a list of the examples abroad: the Italian ones among those, not a methods section.
    answer = engine.ask("and which of them are from Italy?", history=["which of the examples come from abroad?"])
    assert answer.kind == LIST
    group = _group(engine, "Ital")
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(group)


@pytest.mark.parametrize(
    "question",
    [
        "what were the six Scottish strategic PSPs and what was each one about?",
        "what are the two Italian examples?",
        "name the three Finnish examples",
        "apart from the six partnerships themselves, who else did they interview?",
        "who else was interviewed?",
    ],
)
def test_a_count_or_who_else_asks_for_a_list(question):
    assert question_kind(question).name == LIST


@pytest.mark.parametrize(
    "question",
    [
        "How much did the Scottish Government spend in total on the six Strategic PSPs?",
        "Apart from the money, what else helped it work?",
        "Compare the two Finnish examples, Village Sports and the Netti-Nysse bus.",
        "What were the two cohorts' reconviction rates?",  # the counted noun owns what is asked
    ],
)
def test_a_count_inside_another_question_asks_no_list(question):
    assert question_kind(question).name != LIST


def test_the_rows_of_a_set_aside_kind_are_not_the_list(engine):
    # "apart from the six partnerships themselves": the table of the other interviewees, not the PSPs' tables.
    answer = engine.ask("apart from the six partnerships themselves, who else did they interview?")
    assert answer.kind == LIST
    table = next(t for t in tables_of(engine.composer.rows) if "stakeholder" in t[0].caption.lower())
    assert [p.heading for p in answer.points] == [r.label.text for r in table]
    _quotes_are_the_reports(answer)


@pytest.mark.parametrize(
    "history", [[], ["which of the examples come from Finland, Sweden or Denmark?"]]
)  # fmt: skip
def test_two_groups_named_apart_list_both_and_only_them(engine, history):
    answer = engine.ask("and which ones are from Italy or the Netherlands?", history=history)
    assert answer.kind == LIST
    wanted = [
        *engine.composer.topics_under(_group(engine, "Ital")),
        *engine.composer.topics_under(_group(engine, "Nether")),
    ]
    assert sorted(tuple(p.section) for p in answer.points) == sorted(wanted)
    _quotes_are_the_reports(answer)


@pytest.mark.parametrize(
    "question",
    [
        "Who else, besides the PSP staff, was interviewed?",
        "who else did they talk to apart from the partnerships?",
        "Tell me which case studies come from Sweden or Denmark.",
        "Which Finnish examples does the report describe?",  # "describe" asks for the items, not an overview
        "What Danish and Swedish examples are there?",
    ],
)
def test_a_list_form_is_read_past_a_clause_set_aside_or_a_polite_lead_in(question):
    assert question_kind(question).name == LIST


def test_a_group_named_beside_the_other_part_of_the_collection_is_listed_too(engine):
    # The collection's heading ends "internationally and in the UK": naming the UK part leaves the other part
    # out, but not the group the question also names ("Italy").
    answer = engine.ask("which case studies are from Italy and the UK?")
    composer = engine.composer
    uk = next(s for s in composer.sections if "UK" in s[-1].split() and len(s) == 2)
    wanted = [*composer.topics_under(_group(engine, "Ital")), *composer.topics_under(uk)]
    assert sorted(tuple(p.section) for p in answer.points) == sorted(wanted)


@pytest.mark.parametrize(
    "question",
    [
        "Which of the Scottish partnerships is held up as an example of breaking down silo working?",
        "Which of the partnerships used the model best to get people out of their silos?",
        "Which kids and how many does the Swedish culture unit work with?",  # a count asked with them
    ],
)
def test_one_of_the_items_asked_for_is_no_list(question):
    assert question_kind(question).name == FACTUAL


@pytest.mark.parametrize(
    "question",
    [
        "Which organisations from the Ready for Business group did the researchers talk to?",
        "Which bits of the Scottish Government did the researchers talk to?",
    ],
)
def test_a_list_naming_a_row_is_that_rows_table_with_the_row_first(engine, question):
    answer = engine.ask(question)
    assert answer.kind == LIST
    table = next(t for t in tables_of(engine.composer.rows) if "stakeholder" in t[0].caption.lower())
    assert sorted(p.heading for p in answer.points) == sorted(r.label.text for r in table)
    assert answer.points[0].heading.lower() in question.lower()
    _quotes_are_the_reports(answer)


def test_a_short_list_of_examples_quotes_two_sentences_of_each(engine):
    # Which examples: each told by its first two sentences; the parts of a method say more (process answers).
    answer = engine.ask("which of the examples come from Finland, Sweden or Denmark?")
    assert answer.kind == LIST and len(answer.points) >= 2
    assert all(1 <= len(p.quotes) <= 2 for p in answer.points)
    assert len(answer.text.split()) <= 250


@pytest.mark.parametrize(
    "question",
    [
        "what were the six Scottish strategic PSPs and what was each one about?",
        "Name the Scottish partnerships the research covered and what each was for.",
    ],
)
def test_what_each_row_is_about_is_its_opening_cells(engine, question):
    answer = engine.ask(question)
    assert answer.kind == LIST and len(answer.points) == 6
    rows = {r.label.text: r for r in engine.composer.rows}
    for point in answer.points:
        row = rows[point.heading]
        opening = " ".join(c.text for c in row.cells[:2])
        assert normalise(opening) in normalise(" ".join(q.text for q in point.quotes))
    assert len(answer.text.split()) <= 200


def test_a_group_named_by_a_word_the_report_lacks_lists_only_that_group(engine):
    # "Dutch" is not the report's word: its nearest corpus word ("netherland") names one group, and only that.
    answer = engine.ask("Which Dutch examples are there?")
    assert answer.kind == LIST
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(_group(engine, "Nether"))


def test_what_examples_does_it_give_is_a_list_and_who_was_in_one_part_is_not():
    assert question_kind("what examples does the report give from Denmark?").name == LIST
    assert question_kind("who was involved in the workshop?").name == FACTUAL
    assert question_kind("who was involved in the research?").name == LIST


def test_a_list_asked_in_everyday_words_finds_the_table_named_in_the_reports(engine):
    # "talk to" is the report's "interviews": the stakeholders' table, not the examples the search finds.
    answer = engine.ask("who else did they talk to apart from the partnerships?")
    assert answer.kind == LIST
    table = next(t for t in tables_of(engine.composer.rows) if "stakeholder" in t[0].caption.lower())
    assert [p.heading for p in answer.points] == [r.label.text for r in table]


def test_a_table_is_the_list_only_of_the_items_or_doers_asked_for(engine):
    """A table of partnerships lists "which partnerships ..." and "which results have the partnerships ...",
    not "which reports did they read about the partnerships?", whose items are reports."""
    composer = engine.composer

    def rows(question):
        return composer.kind_table(question, engine.queries.vector(question), Cues(question))

    assert rows("Which partnerships did they look at?")
    assert rows("Which results have the partnerships reported?")
    assert not rows("Which reports did they read about the partnerships?")
