"""Broad answers whose section the tree names, on the bundled report.

An overview that asks for a plural noun heading a section ("the main lessons") goes over that section,
not over a table whose rows the question's other words name; a theme asked of each member of one group of
examples gives one point per member of that group, not of the one member whose heading shares a word; how a
study was done goes over its methods' parts; a term asked "going by the examples" is shown as they use it.
"""

from __future__ import annotations

from psp_qa.answering.item_groups import item_collection
from psp_qa.answering.kinds import COMPARISON, DEFINITION, OVERVIEW, THEME


def _headed(engine, word: str) -> tuple[str, ...]:
    """The deepest section with items whose heading holds `word`."""
    found = [s for s in engine.composer.sections if word in s[-1].lower() and engine.composer.topics_under(s)]
    return max(found, key=len)


def test_an_overview_of_a_headed_noun_goes_over_that_section(engine):
    answer = engine.ask("Can you sum up the main lessons the report draws from the Scottish partnerships?")
    assert answer.kind == OVERVIEW
    lessons = _headed(engine, "lessons")
    sections = [tuple(p.section) for p in answer.points]
    assert all(s[: len(lessons)] == lessons for s in sections)  # no table row of the partnerships
    items = engine.composer.topics_under(lessons)
    assert len(set(sections) & set(items)) >= len(items) - 1


def test_each_member_of_a_named_group_gets_a_point(engine):
    answer = engine.ask("Looking at the Italian examples, how far has each one been mainstreamed?")
    assert answer.kind == THEME
    group = _headed(engine, "italian")
    members = engine.composer.topics_under(group)
    assert len(members) >= 3
    assert {tuple(p.section) for p in answer.points} == set(members)


def test_how_a_study_was_done_goes_over_each_part_of_its_methods(engine):
    # Its words ("researchers") also find case studies; most of the top passages by rank are the methods'.
    answer = engine.ask("How did the researchers actually go about doing this study?")
    assert answer.kind == OVERVIEW
    methods = _headed(engine, "methodology")
    parts = set(engine.composer.topics_under(methods))
    assert len({tuple(p.section) for p in answer.points} & parts) >= len(parts) - 1


def test_a_term_meant_going_by_the_examples_is_shown_in_the_examples(engine):
    answer = engine.ask("What does the report mean by co-production, judging by the case studies it gives?")
    assert answer.kind == DEFINITION
    examples = item_collection(engine.composer.sections)
    sections = {tuple(p.section) for p in answer.points}
    assert len(sections) >= 3
    assert all(s[: len(examples)] == examples for s in sections)
    assert all("co-production" in q.text for p in answer.points for q in p.quotes)


def test_a_comparison_side_naming_a_group_and_where_the_report_weighs_both(engine):
    answer = engine.ask("How does Scotland's PSP model compare with what went on in Italy?")
    assert answer.kind == COMPARISON
    group = _headed(engine, "italian")
    sections = [tuple(p.section) for p in answer.points]
    assert group in sections  # the group as a whole, not its first item
    # and a passage outside both sides that names each: the report's own comparison
    beside = [p for p in answer.points if tuple(p.section)[: len(group)] != group and p is not answer.points[0]]
    assert any("Scotland" in q.text for p in beside for q in p.quotes)
    assert any("Italian" in q.text or "Italy" in q.text for p in beside for q in p.quotes)
