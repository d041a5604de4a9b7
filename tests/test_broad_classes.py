"""Broad answers for question forms the first broad sets did not show, on the bundled report.

Each test stands for a class of misses: a kind read wrongly from the question's form, the
sides of a comparison within one collection or pointing back to the conversation, a list whose
words name no heading, and a definition quoted without the sentences that carry it on.
"""

from __future__ import annotations

import re

import pytest

from psp_qa.answering.defining import defines, says_what_it_is
from psp_qa.answering.kinds import COMPARISON, DEFINITION, FACTUAL, LIST, OVERVIEW, THEME, question_kind


@pytest.mark.parametrize(
    ("question", "kind", "subject"),
    [("Could you give me a brief rundown of the Bollate project?", OVERVIEW, ""),
     ("give me the big picture on Kulturverket", OVERVIEW, ""),
     ("Overall, how did the POPP pilots turn out?", OVERVIEW, ""),
     ("What does the study recommend for the future?", OVERVIEW, ""),
     ("What exactly is a Recovery College, as the report describes it?", DEFINITION, "a Recovery College"),
     ("For the record, what is the Connected Care Model supposed to be?", DEFINITION, "the Connected Care Model"),
     ("How much does leadership matter?", THEME, "leadership"),
     ("Does the report talk about volunteers?", THEME, "volunteers"),
     ("funding - what comes up on that across the report?", THEME, "funding"),
     # A theme asked as whether the report dwells on it, or as what comes up across it.
     ("Is changing the culture of organisations a big thing in the report?", THEME, "changing the culture of organisations"),
     ("Does it come up much that partnership working takes a lot of time?", THEME, "partnership working takes a lot of time"),
     ("What are the common challenges of partnership working that come up across the report?", THEME,
      "challenges of partnership working"),
     ("Is leadership a recurring theme?", THEME, "leadership"),
     # Still factual: a how-question about a process, a definition with a second question.
     ("How did the researchers go about finding examples?", FACTUAL, ""),
     ("What is realist evaluation, and why did they use it?", FACTUAL, "")],
)  # fmt: skip
def test_broad_kinds_come_from_more_question_forms(question, kind, subject):
    found = question_kind(question)
    assert found.name == kind
    if subject:
        assert found.subject == subject


def _items(engine, heading: str) -> list[tuple[str, ...]]:
    """The topics right under the section whose last heading is `heading`, in the report's order."""
    parent = next(s for s in engine.composer.sections if s[-1] == heading)
    return engine.composer.topics_under(parent)


def test_a_collection_compared_within_itself_has_its_members_as_sides(engine):
    answer = engine.ask("How do the two Finnish examples differ from each other?")
    assert answer.kind == COMPARISON
    assert [tuple(p.section) for p in answer.points] == _items(engine, "Finland")
    assert all(point.quotes for point in answer.points)


def test_a_comparison_with_that_compares_the_conversation_topic(engine):
    first = engine.ask("Tell me about Bollate Prison.")
    answer = engine.ask("How does that compare with the Social Impact Factory?", history=[first.to_dict()])
    assert answer.kind == COMPARISON
    assert [p.section[-1] for p in answer.points] == ["Bollate Prison", "Social Impact Factory"]
    assert all(point.quotes for point in answer.points)


def test_a_list_whose_words_name_no_heading_lists_the_section_its_passages_share(engine):
    # ("What sorts of information did the team gather?" reached Methodology only by bridging "sorts" to the
    # "order" of "in order to gather", an opposite-guarded bridge no longer takes.)
    answer = engine.ask("What sorts of data did the researchers collect?")
    assert answer.kind == LIST
    methods = next(s for s in engine.composer.sections if "Methodology" in s[-1])
    listed = [tuple(p.section) for p in answer.points]
    assert all(section[: len(methods)] == methods for section in listed)
    assert len(listed) >= 3 and any("Primary" in s[-1] for s in listed)


def test_definition_wording_is_told_from_its_form():
    assert defines("Realist evaluation is used to identify outcome patterns.", "realist evaluation")
    assert defines("The methodology chosen emphasises the role of context: realist evaluation.", "realist evaluation")
    assert not defines("Figure 5 - Realist evaluation (adapted from Pawson and Tilley, 1997)", "realist evaluation")
    assert not defines("In line with realist evaluation techniques we adopted mixed methods.", "realist evaluation")


def test_a_term_is_defined_after_a_name_saying_whose_it_is_or_between_dashes():
    def is_name(word):
        return word == "Basildon"

    sentence = "The Basildon Experts by Experience Model is a hybrid service that employs local people."
    assert defines(sentence, "the Experts by Experience Model", is_name)
    assert says_what_it_is(sentence, "the Experts by Experience Model", is_name)
    # A capitalised qualifier that is no name makes a more specific term: "a Strategic PSP" is no "PSP".
    assert not defines("The Strategic PSP is a partnership.", "a PSP", is_name)
    assert defines("This bond funded an intervention – the One Service – to reduce reoffending.", "the One Service")
    assert not defines("The One Service – as noted – ran for a year.", "the One Service")
    # An event of the term is worded as its definition, but does not say what kind of thing it is.
    assert defines("The Experts by Experience Model was tested as a pilot.", "the Experts by Experience Model")
    assert not says_what_it_is(
        "The Experts by Experience Model was tested as a pilot.", "the Experts by Experience Model"
    )


# Terms the report introduces without a heading of their own: between dashes beside what they are, or after a name.
_BETWEEN_DASHES = re.compile(r"\b(?:a|an)\s+[\w-]+\s+[–—]\s+the\s+((?:[A-Z][\w-]*\s?)+?)\s+[–—]")
_AFTER_A_NAME = re.compile(
    r"^The\s+([A-Z][\w-]*)\s+([A-Z][\w-]*(?:\s+(?:by|of|for)?\s*[A-Z][\w-]*)+)\s+(?:is|are)\s+an?\b"
)


def test_what_is_a_term_with_no_heading_cites_first_where_the_report_says_what_it_is(engine):
    introduced = {}
    for passage in engine.index.passages:
        for sentence in passage.sentence_texts():
            dashed, named = _BETWEEN_DASHES.search(sentence), _AFTER_A_NAME.search(sentence)
            if dashed:
                introduced[dashed.group(1)] = sentence
            elif named and named.group(1).lower() in engine.index.names:
                introduced[named.group(2)] = sentence
    headings = {heading.lower() for section in engine.composer.sections for heading in section}
    introduced = {term: s for term, s in introduced.items() if term.lower() not in headings}
    assert len(introduced) >= 2
    for term, sentence in introduced.items():
        answer = engine.ask(f"What is the {term}?")
        assert answer.kind == DEFINITION, term
        assert sentence in answer.hits[0].passage.text, term
        assert sentence in answer.text, term


def test_a_definition_quotes_the_defining_sentence_with_what_carries_it_on(engine):
    answer = engine.ask("What exactly is realist evaluation?")
    assert answer.kind == DEFINITION
    first = answer.points[0].quotes
    assert defines(first[0].text, "realist evaluation")
    passage = answer.hits[first[0].citation - 1].passage
    assert len(first) >= 3 and all(q.citation == first[0].citation and q.text in passage.text for q in first)


def test_a_theme_in_the_examples_stays_within_the_collection_of_examples(engine):
    # The report's groups say "case studies"; the question says "examples": the collection is read from the tree.
    answer = engine.ask("What did volunteering look like in the examples they give?")
    assert answer.kind == THEME
    parents = {s[:-1] for s in engine.composer.sections if s and "case studies" in s[-1].lower()}
    assert len(parents) == 1
    (collection,) = parents
    assert len(answer.points) >= 3
    assert all(tuple(p.section[: len(collection)]) == collection for p in answer.points)


def test_a_follow_up_list_naming_a_heading_lists_its_items(engine):
    first = engine.ask("Which case studies are from Italy?")
    answer = engine.ask("and which ones are from elsewhere in the UK?", history=[first.to_dict()])
    assert answer.in_scope and answer.kind == LIST
    group = next(s for s in engine.composer.sections if "elsewhere in the UK" in s[-1])
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(group)
    elsewhere = engine.ask("and which ones are from elsewhere in Spain?", history=[first.to_dict()])
    assert not elsewhere.in_scope


def test_a_theme_with_one_dominant_sentence_still_shows_several_places(engine):
    answer = engine.ask("Does the report talk about balance and trust between partners?")
    assert answer.kind == THEME
    assert len(answer.points) >= 3
    assert any("trusting relationships" in q.text for q in answer.quotes)


def test_a_theme_whose_form_finds_little_is_in_scope_by_its_subject(engine):
    # "how much does X matter in all this?": the form's words find weak passages, its subject ("the law", with the
    # report's own word, "legislation") finds the places the report speaks of it; a subject it never uses stays out.
    answer = engine.ask("how much does the law matter in all this?")
    assert answer.in_scope and answer.kind == THEME
    assert len(answer.points) >= 3
    assert any("legislati" in q.text.lower() for q in answer.quotes)
    assert not engine.ask("how much does cricket matter in all this?").in_scope
    assert not engine.ask("What does the report say about football?").in_scope


def test_a_theme_point_can_show_two_sentences_of_one_case_study(engine):
    # A case study (its Outcomes and Challenges folded in) often speaks to a theme twice: both strong sentences show.
    answer = engine.ask("What are the common challenges of partnership working that come up across the report?")
    assert answer.kind == THEME
    assert max(len(p.quotes) for p in answer.points) >= 2
    assert len({q.citation for q in answer.quotes}) <= 10


def test_an_overview_of_what_the_whole_report_is_about_is_not_its_title_alone(engine):
    # The title's heading is near any question about the report's subject, but its one lead passage holds nothing
    # to go over: the overview is of the section that speaks of how it went, one point per subsection.
    answer = engine.ask("So overall, how did the strategic PSPs in Scotland work out according to the report?")
    assert answer.kind == OVERVIEW
    title = engine.index.passages[0].section
    assert len(answer.points) >= 3
    assert all(tuple(p.section) != tuple(title) for p in answer.points)


def test_two_questions_about_a_case_named_by_a_rare_word_stay_within_that_case(engine):
    # "pilot" and "evaluation" find many topics; "Basildon" names one: its description, Outcomes and Challenges.
    answer = engine.ask("What happened in the Basildon pilot, and what did the evaluation find?")
    named = next(p for p in answer.points if any("basildon" in q.text.lower() for q in p.quotes))
    case = engine.retriever.topic_of(tuple(named.section))
    inside = [p for p in answer.points if tuple(p.section[: len(case)]) == case]
    assert len(inside) >= 2
    assert sum(len(p.quotes) for p in inside) >= 4


def test_a_theme_with_one_strong_place_still_shows_the_others_it_comes_up_in(engine):
    # "investors" scores one case study far above the rest; the theme still shows the other places, one sentence each.
    answer = engine.ask("What part do private businesses and investors play across the report?")
    assert answer.kind == THEME
    assert len(answer.points) >= 5
    assert len({q.citation for q in answer.quotes}) <= 10


# -- lists, from the classes a set of new list questions showed (tests/data/broad-lists.jsonl) ---------------


def _group_of(engine, section) -> tuple[str, ...]:
    """The group (a section of items) an item lies in."""
    return next(
        s for s in engine.composer.sections if section in engine.composer.topics_under(s) and len(s) == len(section) - 1
    )


def test_a_list_of_one_group_named_among_other_words_holds_that_group_only(engine):
    answer = engine.ask("what are the UK examples they looked at outside Scotland?")
    assert answer.kind == LIST
    groups = {_group_of(engine, tuple(p.section)) for p in answer.points}
    assert len(groups) == 1 and "UK" in next(iter(groups))[-1]
    assert [tuple(p.section) for p in answer.points] == _items(engine, next(iter(groups))[-1])


def test_which_ones_after_a_first_sentence_is_a_list():
    assert question_kind("Are there any examples from Scandinavia or Finland? Which ones?").name == LIST


def test_a_table_set_aside_by_the_question_is_not_the_one_listed(engine):
    answer = engine.ask("Which stakeholder organisations did they talk to besides the PSPs?")
    psps = {row.label.text for row in engine.composer.rows if "Low Moss" in row.label.passage.text}
    assert answer.kind == LIST and len(answer.points) >= 5
    assert not {p.heading for p in answer.points} & psps


def test_a_plural_noun_heading_a_section_of_items_lists_them(engine):
    answer = engine.ask("What lessons came out of the Scottish PSP experience?")
    assert answer.kind == LIST
    assert [tuple(p.section) for p in answer.points] == _items(engine, "4.1 Lessons learned")
    assert all(point.quotes for point in answer.points)


def test_a_question_naming_one_item_of_a_headed_section_is_not_its_list(engine):
    assert not engine.composer.headed_list("What lessons were learned about leadership?")
    assert not engine.composer.headed_list("What should happen to the partnerships that are still getting grant money?")


def test_a_sense_asked_across_a_group_quotes_each_items_subsection_in_that_sense(engine):
    from psp_qa.answering.sentences import sense

    answer = engine.ask("what difficulties did the UK case studies have?")
    assert answer.kind == LIST and len(answer.points) >= 4
    for point in answer.points:
        passage = answer.hits[point.quotes[0].citation - 1].passage
        assert sense(passage.section[-1]) < 0 or sense(point.quotes[0].text) < 0


def test_a_bulleted_list_named_by_its_lead_in_is_quoted_whole(engine):
    answer = engine.ask("what working groups did Brescia set up?")
    assert answer.kind == LIST
    quotes = [q.text for p in answer.points for q in p.quotes]
    assert quotes[0].endswith(":") and sum(q.startswith("•") for q in quotes) == 5


def test_a_collection_named_by_no_group_word_spans_its_groups(engine):
    answer = engine.ask("Who put the money into the case study projects?")
    groups = {_group_of(engine, tuple(p.section))[:2] for p in answer.points if len(p.section) >= 3}
    assert len(groups) >= 3


def test_what_they_think_needs_to_happen_lists_the_considerations(engine):
    answer = engine.ask("what do they think needs to happen going forward?")
    headings = {p.heading for p in answer.points}
    assert len(headings & {s[-1] for s in _items(engine, "Directions going forward")}) >= 3


def test_a_part_named_beside_a_word_the_report_never_uses_widens_to_its_siblings(engine):
    answer = engine.ask("Are there any examples from Scandinavia or Finland? Which ones?")
    nordic = next(s for s in engine.composer.sections if s[-1].startswith("Finnish"))
    assert answer.kind == LIST
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(nordic)


def test_how_a_whole_was_done_over_sections_of_leaves_lists_them(engine):
    answer = engine.ask("How did the researchers gather and analyse the information?")
    methods = next(s for s in engine.composer.sections if s[-1].startswith("Appendix 1"))
    parts = engine.composer.topics_under(methods)
    listed = [tuple(p.section) for p in answer.points]
    # Every part in the report's order; the whole's own opening may come first, as the direct answer's place.
    assert [s for s in listed if s in parts] == parts
    assert set(listed) - set(parts) <= {methods}


def test_items_asked_for_by_a_property_quote_the_sentence_that_has_it(engine):
    from psp_qa.answering.retrieve import states_figure

    answer = engine.ask("Which case studies put a money figure on their returns or savings?")
    assert answer.kind == LIST and len(answer.points) >= 3
    quotes = [q for p in answer.points for q in p.quotes]
    assert sum(states_figure(q.text) for q in quotes) >= len(quotes) / 2
    assert any("for every euro invested" in q.text for q in quotes)


def test_a_sense_asked_of_named_groups_lists_their_members_in_it(engine):
    from psp_qa.answering.sentences import sense

    answer = engine.ask("What problems did the Italian and Dutch partnerships run into?")
    italian = next(s for s in engine.composer.sections if s[-1].startswith("Italian"))
    assert answer.kind == LIST
    assert {tuple(p.section) for p in answer.points} >= set(engine.composer.topics_under(italian))
    assert all(
        sense(answer.hits[p.quotes[0].citation - 1].passage.section[-1]) < 0 or sense(p.quotes[0].text) < 0
        for p in answer.points
    )
    # One member described, not named: not a list of its group.
    one = engine.ask("What problems does the Italian blood donor charity have with its agreements with the NHS?")
    assert one.kind != LIST


def test_what_they_did_to_do_something_over_the_methods_lists_them(engine):
    answer = engine.ask("What did the research team actually do to collect and work through their evidence?")
    methods = next(s for s in engine.composer.sections if s[-1].startswith("Appendix 1"))
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(methods)


@pytest.mark.parametrize(
    "question", ["Which case studies are about prisons?", "Which case studies deal with prisoners or reoffending?"]
)
def test_items_with_a_property_named_by_an_items_own_heading_word_are_those_items(engine, question):
    answer = engine.ask(question)
    headings = [p.heading for p in answer.points]
    assert answer.kind == LIST and 2 <= len(headings) <= 4
    assert any("Bollate" in h for h in headings) and any("Peterborough" in h for h in headings)


def test_a_repeated_subsection_named_across_a_group_quotes_each_items_own(engine):
    answer = engine.ask("What were the outcomes of the UK case studies?")
    uk = next(s for s in engine.composer.sections if s[-1].startswith("Case studies from elsewhere"))
    assert answer.kind == LIST
    assert [tuple(p.section) for p in answer.points] == engine.composer.topics_under(uk)
    cited = [answer.hits[p.quotes[0].citation - 1].passage.section[-1] for p in answer.points]
    assert cited.count("Outcomes") >= 4


def test_points_ranked_by_score_keep_the_questions_best_passage_first(engine):
    # A theme's or a spread list's points come in the report's order and their passages by how well they speak
    # to the theme; the passage the whole question ranks first, when a point quotes it, still leads the hits.
    import random

    from psp_qa.answering.drafts import Candidate, Draft
    from psp_qa.answering.retrieve import Ranking
    from psp_qa.answering.spread import ranked_by_points

    ranking = engine.retriever.search("What part did the municipality play in welcoming refugees?", 12)
    passages = [hit.passage for hit in ranking.hits]
    rng = random.Random(3)
    for _ in range(30):
        quoted = rng.sample(passages, 4)
        drafts = [
            Draft(p.section[-1], p.section, (Candidate(rng.random(), p, 0, p.sentence_texts()[0]),)) for p in quoted
        ]
        ranked = ranked_by_points(drafts, Ranking(list(ranking.hits), ranking.evidence))
        ids = [hit.passage.id for hit in ranked.hits]
        assert sorted(ids) == sorted(hit.passage.id for hit in ranking.hits)  # the same passages, reordered
        assert set(ids[:4]) == {p.id for p in quoted}  # the quoted passages first
        if passages[0] in quoted:
            assert ids[0] == passages[0].id
        else:  # by how well their sentences speak to the theme
            best = max(drafts, key=lambda d: d.sentences[0].score)
            assert ids[0] == best.sentences[0].passage.id


def test_a_definitions_subject_stops_before_a_second_question():
    # "... and how did they use it here?" asks something of the term; it is no part of the term searched for.
    found = question_kind("what is realist evaluation and how did they use it here?")
    assert found.name == DEFINITION
    assert found.subject == "realist evaluation"


def test_a_term_told_in_one_passage_is_quoted_beyond_its_first_four_sentences(engine):
    # Welkom in Utrecht's section is one passage: its definition says more of it than the four sentences a
    # term with a long section opens with (that it became a foundation, what the council did).
    answer = engine.ask("What exactly is Welkom in Utrecht?", top_k=10)
    assert answer.kind == DEFINITION
    opening = answer.hits[0].passage
    assert opening.section[-1] == "Welkom in Utrecht"
    quoted = [q for q in answer.quotes if q.citation == 1]
    assert len(quoted) > 4
    assert all(q.text in " ".join(opening.text.split()) for q in quoted)


def test_a_points_weaker_second_passage_follows_the_other_points_passages(engine):
    # Passages are led by their own best quoted sentence, not by the best sentence of the point they are in:
    # a point's second passage, quoted for a weak sentence, does not push a stronger point's passage past [5].
    from psp_qa.answering.drafts import Candidate, Draft
    from psp_qa.answering.retrieve import Ranking
    from psp_qa.answering.spread import ranked_by_points

    ranking = engine.retriever.search("What part did the municipality play in welcoming refugees?", 12)
    p = [hit.passage for hit in ranking.hits]
    strong = Draft(
        p[1].section[-1],
        p[1].section,
        (Candidate(0.9, p[1], 0, p[1].sentence_texts()[0]), Candidate(0.1, p[2], 0, p[2].sentence_texts()[0])),
    )
    other = Draft(p[3].section[-1], p[3].section, (Candidate(0.5, p[3], 0, p[3].sentence_texts()[0]),))
    ranked = ranked_by_points([strong, other], Ranking(list(ranking.hits), ranking.evidence))
    assert [hit.passage.id for hit in ranked.hits[:3]] == [p[1].id, p[3].id, p[2].id]


def test_an_overview_of_a_case_told_in_few_passages_quotes_more_of_each(engine):
    # The Peterborough case is five passages (its own two, Outcomes, Challenges): an overview says more than
    # three sentences of a passage, so the figure a later sentence gives (the 9.0% over both cohorts) is told,
    # and the answer stays readable (its weakest sentences give way beyond OVERVIEW_FEW_WORDS).
    answer = engine.ask("can you summarise the Peterborough social impact bond for me?", top_k=10)
    assert answer.kind == OVERVIEW
    cited = {q.citation for q in answer.quotes}
    assert all("Peterborough" in " ".join(answer.hits[c - 1].passage.section) for c in cited)
    per_passage = [sum(q.citation == c for q in answer.quotes) for c in cited]
    assert max(per_passage) > 3
    assert "9.0%" in answer.text
    assert len(answer.text.split()) <= 560


def test_an_overview_goes_down_to_the_subsection_the_question_names(engine):
    # "going forward" names "Directions going forward", a subsection of the section that looks ahead:
    # its parts are the answer, not the whole of "Considerations for future development".
    answer = engine.ask("what are the main recommendations going forward?", top_k=10)
    assert answer.points
    assert all("Directions going forward" in point.section for point in answer.points)
    assert "specific legislation could be introduced" in answer.text


def test_an_overview_never_summarises_a_reference_list(engine):
    # A ranking led by bibliography entries: the section summarised is outside the references all the same.
    from psp_qa.answering.retrieve import Ranking, is_reference_list

    ranking = engine.retriever.search("OECD Understanding Social Impact Bonds Organisation", 30)
    hits = sorted(ranking.hits, key=lambda h: not is_reference_list(h.passage.section))
    assert is_reference_list(hits[0].passage.section)
    vector = engine.retriever.encode(["OECD Understanding Social Impact Bonds Organisation"])[0]
    section = engine.composer.overview_section(Ranking(hits, ranking.evidence), vector, "overview of the OECD")
    assert section and not is_reference_list(section)
