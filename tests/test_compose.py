"""Answers shaped by the question, on the bundled report: overviews, lists, comparisons, definitions.

Properties, not strings: the items are read from the report's section tree.
"""

from __future__ import annotations

import re

import pytest

from psp_qa.answering.kinds import COMPARISON, DEFINITION, FACTUAL, LIST, OVERVIEW, THEME, question_kind, theme_subject
from psp_qa.answering.sentences import says_nothing_alone
from psp_qa.answering.tables import is_table

QUESTIONS = [
    "What are the considerations for future development?",
    "Which Nordic case studies are described?",
    "What made Bollate succeed?",
    "What does SIB stand for?",
    "Compare Bollate Prison and the Social Impact Factory.",
    "Can you give me an overview of the Recovery College case study?",
    "How many focus groups were held?",
    "What challenges did the Social Impact Factory face?",
    "What does the report say about leadership?",
    "Which stakeholders were interviewed?",
    "What is the East Renfrewshire PSP?",
    "How does the Elevate PSP compare with the SPT Community Transport PSP?",
    "What role did funding play across the case studies?",
    "What is the report about?",
    "What is co-production?",
    "What did the Nordic case studies achieve?",
    "What worked well and what did not?",
    "Tell me about the Elevate PSP.",
    "List the case studies.",
]


def _subsections(engine, heading: str) -> list[tuple[str, ...]]:
    """Sections with passages below the section whose last heading contains `heading`, in the report's order."""
    parent = next(s for s in engine.index.sections if heading in s[-1])
    below = [p.section for p in engine.index.passages if p.section[: len(parent)] == parent and p.section != parent]
    return list(dict.fromkeys(below))


def test_the_considerations_answer_names_its_subsections(engine):
    answer = engine.ask("What are the considerations for future development?")
    assert answer.kind == OVERVIEW
    headings = [section[-1] for section in _subsections(engine, "Considerations for future development")]
    assert len(headings) >= 3
    named = [h for h in headings if h in answer.text]
    assert len(named) >= 3
    assert {point.heading for point in answer.points} >= set(named)
    assert "These are presented and discussed in turn" not in answer.text


def test_the_nordic_list_holds_the_case_studies_of_finland_sweden_and_denmark(engine):
    # The report groups them under one heading naming the three countries; each country heading holds case studies.
    group = next(s for s in engine.index.sections if any("Danish" in h for h in s))
    container = group[: next(i for i, h in enumerate(group) if "Danish" in h) + 1]
    case_studies = {engine.retriever.topic_of(p.section) for p in engine.index.passages
                    if p.section[: len(container)] == container and len(p.section) > len(container) + 1}  # fmt: skip
    assert len(case_studies) == 4
    answer = engine.ask("Which Nordic case studies are described?")
    assert answer.kind == LIST
    assert {tuple(point.section) for point in answer.points} == case_studies
    assert all(point.quotes for point in answer.points)


def _collection(engine, shared: str) -> tuple[str, ...]:
    """The section whose subsections all share `shared` in their headings (the report's case-study groups)."""
    sections = list(dict.fromkeys(p.section[:d] for p in engine.index.passages for d in range(1, len(p.section) + 1)))
    for section in sections:
        kids = [s for s in sections if len(s) == len(section) + 1 and s[: len(section)] == section]
        if len(kids) >= 3 and all(shared in k[-1].lower() for k in kids):
            return section
    raise AssertionError(f"no collection of {shared!r}")


def _items(engine, section: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {engine.retriever.topic_of(p.section) for p in engine.index.passages
            if p.section[: len(section)] == section and len(engine.retriever.topic_of(p.section)) > len(section) + 1}  # fmt: skip


def test_an_overview_of_the_case_studies_goes_over_the_groups_of_case_studies(engine):
    # Its groups ("Italian Case studies", ...) share the asked words: their parent is what the overview is of,
    # not the methodology section that speaks of case studies; every group is shown within the passage limit.
    collection = _collection(engine, "case studies")
    answer = engine.ask("give me an overview of the case studies")
    assert answer.kind == OVERVIEW
    sections = [tuple(point.section) for point in answer.points]
    assert len(sections) >= 8
    items = _items(engine, collection)
    assert all(s in items for s in sections)
    assert {s[: len(collection) + 1] for s in sections} == {s[: len(collection) + 1] for s in items}
    assert all(point.quotes for point in answer.points)


def test_a_follow_up_naming_a_country_lists_that_countrys_case_studies_only(engine):
    first = engine.ask("Which Nordic case studies are described?")
    answer = engine.ask("and for Denmark?", history=[first.to_dict()])
    denmark = next(p.section[: p.section.index("Denmark") + 1] for p in engine.index.passages if "Denmark" in p.section)
    assert answer.kind == LIST
    assert answer.points
    assert all(tuple(point.section)[: len(denmark)] == denmark for point in answer.points)


def test_examples_from_abroad_are_the_case_studies_of_the_collection(engine):
    # "abroad" is a word the report never uses: no sentence shows the property, the section tree does.
    collection = _collection(engine, "case studies")
    home = next(s for s in _items(engine, collection) if "UK" in s[len(collection)])[: len(collection) + 1]
    answer = engine.ask("which examples come from abroad?")
    assert answer.kind == LIST
    sections = [tuple(point.section) for point in answer.points]
    abroad = [s for s in sections if s in _items(engine, collection) and s[: len(home)] != home]
    assert len(abroad) >= 6
    assert len(abroad) > len(sections) - len(abroad)


@pytest.mark.parametrize(
    "question", ["which examples come from abroad?", "which case studies are from outside the UK?"]
)
def test_examples_from_abroad_leave_out_the_groups_of_the_reports_own_country(engine, question):
    # The collection's heading ends on two parts ("internationally and in the UK"); the group carrying the
    # second ("... elsewhere in the UK") is not abroad, and "outside the UK" sets it aside by name.
    collection = _collection(engine, "case studies")
    home = next(s for s in _items(engine, collection) if "UK" in s[len(collection)])[: len(collection) + 1]
    answer = engine.ask(question)
    assert answer.kind == LIST
    sections = [tuple(point.section) for point in answer.points]
    assert len(sections) >= 6
    assert all(s[: len(collection)] == collection and s[: len(home)] != home for s in sections)


@pytest.mark.parametrize(
    "question",
    ["what did the case studies from abroad achieve?", "what challenges did the examples from abroad face?"],
)
def test_asked_in_a_sense_the_examples_from_abroad_leave_out_the_home_groups_too(engine, question):
    collection = _collection(engine, "case studies")
    home = next(s for s in _items(engine, collection) if "UK" in s[len(collection)])[: len(collection) + 1]
    answer = engine.ask(question)
    sections = [tuple(point.section) for point in answer.points]
    assert len(sections) >= 4
    assert all(s[: len(collection)] == collection and s[: len(home)] != home for s in sections)


def test_the_other_part_of_a_collection_is_read_from_its_heading_and_its_groups():
    from psp_qa.answering.item_groups import other_part

    top = ("Models available internationally and in Ruritania",)
    groups = [(*top, "Utopian examples"), (*top, "Atlantean examples"), (*top, "Examples from elsewhere in Ruritania")]
    sections = [top, *groups]
    assert other_part(sections, top, {"internat"}) == groups[2:]
    assert other_part(sections, top, {"ruritania"}) == groups[:2]
    assert other_part(sections, top, {"internat", "ruritania"}) == []
    assert other_part(sections, top, {"model"}) == []


def test_the_international_and_uk_case_studies_are_those_of_every_group(engine):
    # The parent heading names both ("internationally and in the UK"): not only the UK group's case studies.
    collection = _collection(engine, "case studies")
    answer = engine.ask("Who paid for the international and UK case-study projects, and roughly how much?")
    groups = {tuple(point.section)[: len(collection) + 1] for point in answer.points}
    assert all(tuple(point.section)[: len(collection)] == collection for point in answer.points)
    assert len(groups) >= 3


def test_items_with_one_of_several_properties_each_name_one(engine):
    # "companies, investors or money": a sentence naming any one alternative ("private") fully is about it.
    answer = engine.ask("Which examples involve private companies, private investors or private money?")
    assert len(answer.points) >= 5
    assert all(any("privat" in q.text.lower() for q in point.quotes) for point in answer.points)


def test_an_open_answer_about_a_section_with_a_table_quotes_its_prose(engine):
    # "Primary data" holds one paragraph and a table of many rows: the answer says how the data was collected.
    answer = engine.ask("How did the researchers collect their primary data? Who did they talk to?")
    cited = [answer.hits[q.citation - 1].passage for q in answer.quotes]
    assert any(not is_table(p) and p.section[-1] == "Primary data" for p in cited)
    assert any(re.search(r"\binterviews\b", q.text) for q in answer.quotes)


def test_an_open_answer_also_quotes_the_sentence_that_answers_it(engine):
    # The cohort's result is one figure in the topic: the points chosen for the whole topic must not miss it.
    first = engine.ask("Tell me about the Peterborough social impact bond.")
    answer = engine.ask("What did the first cohort achieve?", history=[first.to_dict()])
    assert answer.kind == OVERVIEW
    first_cohort = re.compile(r"\bcohort\s*1\b|\bfirst\s+cohort\b", re.I)
    assert any(re.search(r"\d+(?:\.\d+)?\s*%", q.text) and first_cohort.search(q.text) for q in answer.quotes)


@pytest.mark.parametrize(("question", "mark"), [("overview of the italian examples", "Italian"),
                                              ("tell me about the uk examples", "UK")])  # fmt: skip
def test_a_group_named_by_what_sets_it_apart_is_gone_over(engine, question, mark):
    # "the Italian examples": "Italian" is what sets "Italian Case studies" apart from its sibling groups.
    collection = _collection(engine, "case studies")
    group = next(s[: len(collection) + 1] for s in _items(engine, collection) if mark in s[len(collection)])
    answer = engine.ask(question)
    assert len(answer.points) >= 3
    assert all(tuple(point.section)[: len(group)] == group for point in answer.points)


def test_a_bare_collection_name_goes_over_the_collection(engine):
    collection = _collection(engine, "case studies")
    answer = engine.ask("case studies")
    assert answer.kind == OVERVIEW
    assert len(answer.points) >= 8
    assert all(tuple(point.section) in _items(engine, collection) for point in answer.points)


@pytest.mark.parametrize(
    "question", ["wich case studys are from italy?", "what examples are there from the netherlands"]
)
def test_sloppy_list_questions_are_lists(question):
    assert question_kind(question).name == LIST


def test_bollate_success_quotes_no_challenge_sentence(engine):
    answer = engine.ask("What made Bollate succeed?")
    assert any("The success of Bollate was facilitated" in q.text for q in answer.quotes)
    for quote in answer.quotes:
        cited = answer.hits[quote.citation - 1].passage
        assert cited.section[-1] != "Challenges"
        assert "challenge" not in quote.text.lower()


def test_what_held_bollate_back_quotes_the_main_challenge(engine):
    first = engine.ask("What made Bollate succeed?")
    answer = engine.ask("and what held it back?", history=[first.to_dict()])
    assert "Bollate" in answer.standalone_question
    assert any("the main challenge that the Bollate project faces" in q.text for q in answer.quotes)
    assert not any("reduced recidivism by 16%" in q.text for q in answer.quotes)


def test_a_comparison_cites_both_sides(engine):
    answer = engine.ask("Compare Bollate Prison and the Social Impact Factory.")
    assert answer.kind == COMPARISON
    assert len(answer.points) == 2
    sides = [point.section for point in answer.points]
    assert sides[0][-1] == "Bollate Prison" and sides[1][-1] == "Social Impact Factory"
    for point in answer.points:
        assert point.quotes
        for quote in point.quotes:
            cited = answer.hits[quote.citation - 1].passage
            assert cited.section[: len(point.section)] == tuple(point.section)


def test_a_side_the_report_does_not_cover_is_said_missing(engine):
    answer = engine.ask("Compare Bollate Prison and the sourdough bakeries of Paris.")
    assert answer.kind == COMPARISON
    assert answer.points[0].quotes and not answer.points[1].quotes
    assert "does not seem to cover" in answer.notice


def test_sib_is_answered_with_the_sentence_that_spells_it_out(engine):
    answer = engine.ask("What does SIB stand for?")
    assert answer.kind == DEFINITION
    assert len(answer.quotes) == 1
    assert re.search(r"Social Impact Bond \(\s*SIB\)", answer.quotes[0].text)


def test_an_acronym_never_spelled_out_is_not_guessed(engine):
    unknown = next(a for a in ("QXZ", "ZZQ", "XQV") if a not in engine.composer.acronyms)
    answer = engine.ask(f"What does {unknown} stand for?")
    assert answer.quotes == () and not answer.in_scope


@pytest.mark.parametrize(
    ("question", "kind"),
    [("Compare A and B", COMPARISON), ("How does A differ from B?", COMPARISON), ("What does SIB stand for?", DEFINITION),
     ("What is the BounceBack project?", DEFINITION), ("Summarise the lessons learned", OVERVIEW),
     ("Which case studies are from Italy?", LIST), ("How many focus groups were held?", FACTUAL),
     ("What made Bollate succeed?", FACTUAL), ("What were its challenges?", FACTUAL),
     ("What does the report say about funding?", THEME), ("What role did volunteers play?", THEME),
     ("How are users involved across the case studies?", THEME), ("For each keyword, how many papers were kept?", LIST),
     ("Apart from the partners, which other bodies were interviewed?", LIST),
     ("How do Bollate and AVIS compare?", COMPARISON), ("Explain the Connected Care Model.", OVERVIEW),
     ("What do we know about Bollate?", OVERVIEW), ("What happened with the second cohort?", FACTUAL),
     ("What is the report about?", OVERVIEW), ("What were the strengths and weaknesses of POPP?", COMPARISON)],
)  # fmt: skip
def test_question_kinds_come_from_the_form(question, kind):
    assert question_kind(question).name == kind


def test_pointer_sentences_and_cells_say_nothing_alone():
    assert says_nothing_alone("These are presented and discussed in turn.")
    assert says_nothing_alone("1 Strategic PSP Coordinator")
    assert not says_nothing_alone(
        "The success of Bollate was facilitated by a strong commitment at the strategic level within the prison (see Table 4)."
    )


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_quote_is_verbatim_and_every_marker_cites_a_listed_passage(engine, question):
    answer = engine.ask(question)
    data = answer.to_dict()
    listed = {p["rank"] for p in data["passages"]}
    assert len(data["passages"]) <= 10
    # The answer's own markers: those left once the quoted texts (which may hold the report's footnote marks) go.
    rest = data["answer"]
    for quote in data["quotes"]:
        rest = rest.replace(quote["text"], "")
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", rest)}
    quoted = {q["citation"] for q in data["quotes"]} | {q["passage"] for p in data["points"] for q in p["quotes"]}
    assert markers == quoted and quoted <= listed
    for quote in data["quotes"]:
        passage = data["passages"][quote["citation"] - 1]
        assert quote["text"] in " ".join(passage["text"].split()) or quote["text"] in passage["section"]
    for point in data["points"]:
        # A heading is one of the section's own, or the label a table row opens with (quoted with it, or heading
        # the row's point when the passage prints the label apart from the quoted cell).
        opens = point["quotes"] and point["quotes"][0]["text"].startswith(point["heading"])
        assert opens or f"{point['heading']}: " in data["answer"] or not point["quotes"]
        label = point["quotes"] and point["heading"] in data["passages"][point["quotes"][0]["passage"] - 1]["text"]
        assert point["heading"] in point["section"] or not point["section"] or opens or label
        for quote in point["quotes"]:
            assert quote["text"] in " ".join(data["passages"][quote["passage"] - 1]["text"].split())


def test_question_vectors_survive_eviction_of_the_ones_asked_again():
    """A text kept but oldest, asked again with new ones, must not be evicted before it is returned."""
    import numpy as np

    from psp_qa.answering.queries import QueryVectors

    calls = []

    def encode(texts):
        calls.append(list(texts))
        return np.stack([np.full(3, float(len(t)), dtype=np.float32) for t in texts])

    vectors = QueryVectors(encode, kept=2)
    vectors.encode(["a", "bb"])
    out = vectors.encode(["a", "ccc", "dddd"])  # "a" is the oldest kept; two new texts overflow the cache
    assert out.shape == (3, 3) and out[0][0] == 1.0 and out[2][0] == 4.0
    assert calls[-1] == ["ccc", "dddd"]


@pytest.mark.parametrize(
    ("question", "subject"),
    [("What does the report say about leadership, across the PSPs and the case studies?", "leadership"),
     ("What role did funding play in the partnerships?", "funding"),
     ("Where do universities come into the case studies?", "universities")],
)  # fmt: skip
def test_a_theme_is_searched_without_the_question_form(question, subject):
    assert theme_subject(question) == subject


def _topic(engine, section):
    return engine.retriever.topic_of(tuple(section))


def test_a_theme_gathers_one_point_per_topic_in_the_report_order(engine):
    answer = engine.ask("What does the report say about leadership, across the case studies?")
    topics = [_topic(engine, p.section) for p in answer.points]
    assert answer.kind == THEME and len(topics) >= 3 and len(set(topics)) == len(topics)
    order = {p.section: i for i, p in reversed(list(enumerate(engine.index.passages)))}
    assert [order[p.section] for p in answer.points] == sorted(order[p.section] for p in answer.points)
    # Each point is about the theme: the report's word for it, in every quote.
    assert all("leader" in " ".join(q.text for q in p.quotes).lower() for p in answer.points)


def test_table_rows_are_read_from_the_cells(engine):
    """Rows start at a name followed by a value; a caption and the header cells before the first row never label one."""
    rows = engine.composer.rows
    assert len(rows) >= 15
    for row in rows:
        assert not row.label.text[:1].isdigit() and not row.label.text.lower().startswith("table")
        assert row.label.text not in row.caption.split(" – ")[0]
        assert row.cells


def test_who_was_interviewed_lists_the_rows_of_the_interview_table(engine):
    answer = engine.ask("Which stakeholders were interviewed?")
    table = [r for r in engine.composer.rows if "interview" in r.caption.lower()]
    assert answer.kind == LIST and len(answer.points) == len(table) >= 5
    assert [p.heading for p in answer.points] == [r.label.text for r in table]
    text = " ".join(answer.text.split())
    for row in table:  # each row quoted as the report prints it: its label, then its first cell
        assert f"{row.label.text} {row.cells[0].text}" in text


def test_a_table_row_answers_what_a_named_row_is(engine):
    """Asked about something only a table names, the answer is its rows, from every table that has one."""
    answer = engine.ask("What is the East Renfrewshire PSP?")
    assert answer.points and all(p.heading == "East Renfrewshire" for p in answer.points)
    assert len({q.citation for p in answer.points for q in p.quotes}) >= 2


def test_a_follow_up_in_short_summarises_the_subsection_asked_about(engine):
    answer = engine.ask(
        "And what did the evaluation show, in short?", history=["What was the Partnership for Older People Projects?"]
    )
    sections = {tuple(p.section) for p in answer.points}
    assert len(sections) == 1 and next(iter(sections))[-1] == "Outcomes"
    outcome_sentences = sum(len(p.sentence_texts()) for p in engine.index.passages if p.section in sections)
    assert len(answer.quotes) >= outcome_sentences - 2


def test_a_term_without_a_section_is_answered_where_the_report_uses_it(engine):
    """'Co-production' heads no section and labels only a row of counts: the answer is its uses, not '70 31'."""
    answer = engine.ask("What is co-production?")
    assert answer.kind == DEFINITION and len(answer.points) >= 2
    assert all("co-production" in " ".join(q.text for q in p.quotes).lower() for p in answer.points)
    assert not any(q.text[:1].isdigit() for q in answer.quotes)


def test_what_the_report_is_about_walks_its_top_level_sections(engine):
    answer = engine.ask("What is the report about?")
    tops = [s for s in dict.fromkeys(p.section[:1] for p in engine.index.passages) if "References" not in s[0]]
    assert answer.kind == OVERVIEW and [tuple(p.section) for p in answer.points] == tops
    assert answer.points[0].quotes  # the title's own passage says what the research was


def test_what_worked_against_what_did_not_shows_both_senses(engine):
    from psp_qa.answering.sentences import sense

    answer = engine.ask("What were the strengths and weaknesses of the Social Impact Bond?")
    assert answer.kind == THEME  # many points, in two senses: a list, not two columns
    senses = {sense(q.text) or sense(p.section[-1]) for p in answer.points for q in p.quotes}
    assert {1, -1} <= senses
    texts = [q.text for q in answer.quotes]
    assert len(texts) == len(set(texts))


def test_an_overview_of_a_heading_only_section_covers_its_items(engine):
    """'The Italian case studies' heads no passage of its own: the overview names each of its case studies."""
    answer = engine.ask("Tell me about the Italian case studies.")
    parent = next(s for s in engine.composer.all_sections if s[-1].lower() == "italian case studies")
    items = list(dict.fromkeys(engine.retriever.topic_of(p.section) for p in engine.index.passages
                               if p.section[: len(parent)] == parent))  # fmt: skip
    assert answer.kind == OVERVIEW and [tuple(p.section) for p in answer.points] == items


def test_an_unqualified_list_spans_the_whole_collection(engine):
    """'List the case studies' is every group of case studies, not the one the top passages favour."""
    answer = engine.ask("List the case studies.")
    groups = {tuple(p.section[:-1]) for p in answer.points}
    assert answer.kind == LIST and len(groups) >= 3


@pytest.mark.parametrize(
    "question",
    ["whats the difference between a PSP and a Strategic PSP?", "how does a Strategic PSP differ from a PSP?"],
)
def test_a_term_compared_with_its_more_specific_form_says_what_each_one_is(engine, question):
    # Each side is quoted from where the report uses it: the general term on its own, not inside the specific form.
    answer = engine.ask(question)
    assert answer.kind == COMPARISON
    sides = {point.heading: point for point in answer.points}
    assert set(sides) == {"PSP", "Strategic PSP"}
    assert all(re.search(r"\bPSPs?\b", re.sub(r"Strategic PSPs?", "", q.text)) for q in sides["PSP"].quotes)
    assert all("Strategic PSP" in q.text for q in sides["Strategic PSP"].quotes)
    assert answer.points[0].heading == question_kind(question).sides[0].removeprefix("a ")


def test_a_term_qualifying_an_acronym_is_first_the_sentence_that_spells_it_out(engine):
    # "whats a strategic psp": the report's "Strategic Public Social Partnership", not a lesson learned, opens.
    long = engine.acronyms.short_to_long.get("PSP") or engine.composer.acronyms["PSP"]
    answer = engine.ask("whats a strategic psp")
    assert answer.kind == DEFINITION
    assert f"Strategic {long}".lower() in answer.quotes[0].text.lower()
    assert any("Strategic PSP" in quote.text for quote in answer.quotes[1:])


def test_a_lower_case_acronym_is_spelled_out_as_its_capitals_are(engine):
    assert engine.ask("whats a psp").quotes[0].text == engine.ask("What is a PSP?").quotes[0].text


def test_the_general_term_is_used_on_its_own_only_outside_its_specific_form():
    from psp_qa.answering.defining import more_specific, term_forms, uses_term

    acronyms = {"XYZ": "Extra Yield Zone"}
    assert more_specific(("a XYZ", "a Green XYZ")) == ("XYZ", "Green XYZ")
    assert more_specific(("XYZ", "ABC")) is None
    assert term_forms("Green XYZ", acronyms) == ["Green XYZ", "Green Extra Yield Zone"]
    specific = term_forms("Green XYZ", acronyms)
    assert uses_term("models (like XYZs) elsewhere", ["XYZ"], specific)
    assert not uses_term("the Green XYZ model", ["XYZ"], specific)
    assert not uses_term("the Green Extra Yield Zone model", term_forms("XYZ", acronyms), specific)


def test_a_broad_answer_cites_the_questions_best_passage_first_when_it_quotes_it(engine):
    # Cited passages come first, in citation order, except that the passage the question ranks first, when
    # the answer quotes it, leads; every quote's number still points at its own passage.
    import random

    from psp_qa.answering.drafts import Candidate, Draft
    from psp_qa.answering.kinds import LIST, OVERVIEW

    ranking = engine.retriever.search("How did the researchers gather what people thought of the partnerships?", 12)
    passages = [hit.passage for hit in ranking.hits]
    rng = random.Random(5)
    for _ in range(30):
        quoted = rng.sample(passages, 4)
        drafts = [Draft(p.section[-1], p.section, (Candidate(1.0, p, 0, p.sentence_texts()[0]),)) for p in quoted]
        composed = engine.composer._cited(rng.choice([OVERVIEW, LIST]), ranking, 5, points=drafts)
        ids = [hit.passage.id for hit in composed.hits]
        assert set(ids[:4]) == {p.id for p in quoted}
        expected = passages[0] if passages[0] in quoted else quoted[0]
        assert ids[0] == expected.id
        for point, draft in zip(composed.points, drafts):
            for quote, sentence in zip(point.quotes, draft.sentences):
                assert composed.hits[quote.citation - 1].passage.id == sentence.passage.id
