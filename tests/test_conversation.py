"""Follow-ups, acronyms and near out-of-scope questions, on the bundled report with the real engine."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psp_qa.answering.facets import facet
from psp_qa.answering.retrieve import generic_headings


def case_studies(engine) -> list[tuple[str, ...]]:
    """Sections with generic subsections ("Outcomes", "Challenges"): the report's case studies."""
    generic = generic_headings(engine.index.sections)
    return sorted({s[:-1] for s in engine.index.sections if len(s) > 1 and s[-1] in generic})


def test_a_switch_by_ellipsis_asks_the_old_question_of_the_new_subject(engine):
    answer = engine.ask("and for Kulturverket?", history=["What were the outcomes of the Social Impact Factory?"])
    assert "Kulturverket" in answer.standalone_question and "outcomes" in answer.standalone_question
    assert "Social Impact Factory" not in answer.standalone_question
    assert answer.hits[0].passage.section[-1] == "Kulturverket"


def test_a_lower_case_name_switches_the_subject_and_drops_the_old_one(engine):
    answer = engine.ask("what about the recovery college one", history=["What challenges did POPP face?"])
    assert "POPP" not in answer.standalone_question and "regarding" not in answer.standalone_question
    assert "Recovery College" in answer.standalone_question
    assert "Recovery College" in answer.hits[0].passage.section


def test_it_is_the_topic_section_not_a_capitalised_word(engine):
    history = ["What is the bus in Finland?"]
    answer = engine.ask("how long has it been going", history=history)
    assert "Finland" not in answer.standalone_question
    assert engine.conversation_topic(history)[-1] == "The Netty-Nysse Bus"
    assert answer.hits[0].passage.section[-1] == "The Netty-Nysse Bus"


def test_an_acronym_finds_its_spelled_out_sections(engine):
    answer = engine.ask("What challenges did POPP face?")
    assert answer.hits[0].passage.section[-2:] == ("Partnership for Older People Projects", "Challenges")


@pytest.mark.parametrize(
    "question",
    [
        "How many staff does AVIS employ?",
        "What does the report say about Wales?",
        "What did the partnership in Glenrothes achieve?",  # an unknown name after a preposition
        "What did the review find about co-production projects in Wales?",
        "What did the public social partnership in Dundee achieve?",  # generic words are no specific subject
        "How many staff does Turning Point employ across the UK?",
        "What was the unemployment rate among people in recovery in Elevate?",  # a rate the report never gives
        "What is the referral rate for the BounceBack service?",
        "what does the report say about ireland",  # a lower-case name is still a name
    ],
)
def test_near_questions_the_report_does_not_answer_are_out_of_scope(engine, question):
    data = engine.ask(question).to_dict()
    assert data["in_scope"] is False and data["notice"]
    assert data["passages"] and all(p["weak"] for p in data["passages"])


@pytest.mark.parametrize("question", ["which examples come from abroad?", "any examples from overseas?"])
def test_a_lower_case_everyday_word_closing_a_question_is_no_unknown_place(engine, question):
    """Its nearest corpus word is an everyday one ("internationally"), where a place's is a name ("scotland")."""
    assert engine.ask(question).in_scope


@pytest.mark.parametrize(
    "question",
    [
        "How many donors does AVIS have?",
        "What made Bolate succeed?",
        "How much did the Copenhagen council spend?",
        "Which Nordic case studies are described?",  # an unknown word qualifying a known noun
    ],
)
def test_figures_the_report_holds_and_misspelt_names_stay_in_scope(engine, question):
    assert engine.ask(question).in_scope


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about Bollate. What did it achieve?",  # a capital that starts a sentence is no name
        "OK. How did the partnership in Utrecht get started?",
        "How many staff were trained in The Life I Want?",  # a title-cased stop word
        "What happened in Holland?",  # another name for a country the report names (the Netherlands)
        "What was the Peterborough bond in England about?",  # an unknown place beside a subject the report has
        # Everyday words the corpus lacks ("properly", "actually"), in a question close to a passage.
        "When they went through the literature, which papers did they actually keep and read properly?",
        "Is Leadership one of the lessons learned?",  # a title-cased everyday word
        "What lessons did the Researchers draw about Piloting?",
        "Why Does commissioning matter for pilots?",
        "How did Kulturverkat work with young people?",  # typos of the report's names
        "What did the Peterbrough bond achieve?",
        "In Umea what did the culture unit do?",
        "How many beneficiaries did the Low Moss throughcare service support?",  # a figure in a table row
        "How many jobs did Elevate secure in Year 1?",
        "What percentage of POPP projects closed?",
        "How many papers were screened for the review?",
        "What was the reconviction rate for the Peterborough cohorts?",  # rates the report gives
        "What was the success rate of the D1 training?",
        "tell me about bolate",  # lower case, and a typo of a name the report has
        "what happened in holland",
    ],
)
def test_in_scope_phrasings_the_scope_rules_must_not_refuse(engine, question):
    assert engine.ask(question).in_scope


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_and_for_b_searches_b_not_a(engine, data):
    studies = case_studies(engine)
    first, second = data.draw(st.lists(st.sampled_from(studies), min_size=2, max_size=2, unique=True))
    a, b = first[-1], second[-1]
    answer = engine.ask(f"and for {b}?", history=[f"What were {a}'s outcomes?"])
    assert b in answer.standalone_question and a not in answer.standalone_question
    assert "outcomes" in answer.standalone_question  # the earlier question's predicate, carried over
    assert answer.hits[0].passage.section[: len(second)] == second


@pytest.mark.parametrize(
    ("question", "row"),
    [
        ("What did the Low Moss partnership achieve?", "Low Moss"),
        ("How many jobs did Elevate secure in Year 1?", "Elevate"),  # its cell does not name Elevate
        ("What did The Life I Want achieve?", "The Life I Want"),
    ],
)
def test_a_question_about_one_table_row_finds_that_row(engine, question, row):
    answer = engine.ask(question)
    assert answer.in_scope
    best = answer.hits[0].passage
    assert best.section[-1].startswith("Appendix 3") and best.lead.endswith(f"› {row}")


def test_it_is_the_answers_case_not_a_place_the_question_named(engine):
    answer = engine.ask("what else made it a success?", history=["How much did the Copenhagen council spend?"])
    assert "Cycling without Age" in answer.standalone_question and "Copenhagen" not in answer.standalone_question


def test_it_stays_a_table_row_the_question_named(engine):
    answer = engine.ask("what were its aims?", history=["Tell me about the East Renfrewshire partnership."])
    assert "East Renfrewshire" in answer.standalone_question


def test_a_new_question_with_its_own_form_is_not_read_as_an_ellipsis(engine):
    # "compare A and B" names subjects the report has, but asks a question of its own.
    for question in ("Compare Bollate and Kulturverket", "Compare Kulturverket and Bollate"):
        answer = engine.ask(question, history=["Give an overview of the Bollate Prison case study"])
        assert answer.standalone_question == question
        assert answer.kind == "comparison"


def test_an_existential_there_refers_to_nothing(engine):
    answer = engine.ask("which case studies are there?", history=["What made Bollate succeed?"])
    assert "in Bollate" not in answer.standalone_question


def test_a_question_about_something_else_is_asked_as_it_stands_and_is_out_of_scope(engine):
    history = ["What made Bollate succeed?"]
    answer = engine.ask("How do I bake sourdough bread?", history=history)
    assert answer.standalone_question == "How do I bake sourdough bread?"
    assert answer.in_scope is False
    # The conversation keeps its topic past the question the report does not cover.
    history += [answer.to_dict()]
    follow_up = engine.ask("what were the challenges?", history=history)
    assert "Bollate" in follow_up.standalone_question and "sourdough" not in follow_up.standalone_question


@pytest.mark.parametrize(
    ("question", "not_named"),
    [
        # "partnership" is in many headings and "project" in many passages: neither names POPP.
        ("What went wrong with the partnership side of the Finnish rural exercise project?", "Older People"),
        ("What is the Experts by Experience model in Basildon?", "experimenting"),  # a shared stem, another word
        ("Is there a Scottish Government guide on how to set up and run one of these partnerships?", "Government"),
    ],
)
def test_a_heading_is_named_only_by_words_that_single_it_out(engine, question, not_named):
    topic = engine.follow_up(question).topic
    assert not any(not_named in heading for heading in topic)


def test_a_name_a_question_spells_out_is_its_topic(engine):
    for question, heading in [("Why weren't GP surgeries referring many patients to BounceBack?", "Bounce Back Project"),
                              ("Who owned the Netti-Nysse bus?", "The Netty-Nysse Bus"),
                              ("What challenges did the Social Impact Factory run into?", "Social Impact Factory")]:  # fmt: skip
        assert engine.follow_up(question).topic[-1] == heading
    answer = engine.ask(
        "what about the brescia one?", history=["What challenges did the Social Impact Factory run into?"]
    )
    assert "Social" not in answer.standalone_question and "brescia" in answer.standalone_question.lower()


def test_a_possessive_is_not_part_of_the_name_carried_over():
    from psp_qa.answering.followup import standalone_question

    rewritten = standalone_question("who was interviewed there?", ["What were East Renfrewshire's aims?"])
    assert rewritten == "Who was interviewed in East Renfrewshire?"


def test_a_switch_replaces_the_old_subject_with_its_place(engine):
    answer = engine.ask("and for denmark?", history=["what were the outcomes of the bus in tampere"])
    assert "tampere" not in answer.standalone_question.lower() and "outcomes" in answer.standalone_question
    assert "Denmark" in answer.hits[0].passage.section


@pytest.mark.parametrize(
    ("history", "question", "subsection"),
    [
        (["What is Avis?"], "What problems does it face?", "Challenges"),
        (["Tell me about Brescia Città del Noi."], "What were its results?", "Outcomes"),
        (["What challenges did the Social Impact Factory run into?"], "what about the brescia one?", "Challenges"),
    ],
)
def test_within_its_topic_a_follow_up_is_ranked_by_what_it_asks(engine, history, question, subsection):
    # The topic's name is in every one of its passages: what the follow-up asks (or, for a switch by
    # ellipsis, what was asked of the old subject) picks the subsection.
    answer = engine.ask(question, history=history)
    topic = engine.follow_up(question, history).topic
    assert answer.hits[0].passage.section[: len(topic)] == topic
    assert answer.hits[0].passage.section[-1] == subsection


def test_a_follow_up_keeps_the_subject_it_switched_to_as_the_topic(engine):
    # "and for Denmark?" after a list question: the conversation is now about Denmark, not about
    # whichever section the rewritten question's best passage happens to sit in.
    history = ["Which Nordic case studies are described?", "and for Denmark?"]
    assert engine.conversation_topic(history)[-1] == "Denmark"
    standalone = engine.ask("what were the challenges", history=history).standalone_question
    assert "Denmark" in standalone


def test_a_third_turn_keeps_the_subject_the_conversation_is_about(engine):
    # The second turn's best passage is in a methodology section: the third is still about the partnership.
    history = ["what was the SPT community transport PSP trying to do", "how many of its pilots carried on?"]
    standalone = engine.standalone("and how did the driver training go?", history)
    assert "SPT Community Transport" in standalone and "data" not in standalone


def test_it_is_the_table_row_the_question_named_not_the_tables_section(engine):
    # The first question's best passage is a row of a table: "its" is that row's label, never the
    # table's heading ("How many of Primary data's pilots carried on?").
    history = ["what was the SPT community transport PSP trying to do"]
    standalone = engine.standalone("how many of its pilots carried on?", history)
    topic = engine.conversation_topic(history)
    assert topic[-1] not in standalone and "SPT Community Transport" in standalone


def test_a_question_naming_the_reports_own_subject_stands_alone(engine):
    """After "what's a PSP", a question naming PSPs in lower case is about them, not about the section of the
    first answer's best passage; its follow-up's "it" is that subject, not the best passage's heading."""
    history = ["what's a PSP"]
    topic = engine.conversation_topic(history)
    overview = "give me an overview of the strategic psp programme"
    assert engine.standalone(overview, history) == overview
    held_back = engine.standalone("and what held it back?", [*history, overview])
    assert "the strategic psp programme" in held_back
    assert topic[-1] not in held_back and "regarding" not in held_back
    assert engine.conversation_topic([*history, overview])[-1] not in held_back


def test_a_follow_up_naming_nothing_still_leans_on_the_conversation(engine):
    """Only a question naming the report's subject stands alone: "the challenges" are still POPP's."""
    standalone = engine.standalone("What were the challenges?", ["What was POPP?"])
    assert "Partnership for Older People Projects" in standalone


@pytest.mark.parametrize(
    ("question", "span", "phrase"),
    [
        ("give me an overview of the strategic psp programme", "psp", "the strategic psp programme"),
        ("Did the Strategic PSPs have good results overall?", "PSPs", "the Strategic PSPs"),
        ("what was the SPT community transport PSP trying to do", "PSP", "the SPT community transport PSP"),
        ("what's a PSP", "PSP", "a PSP"),
    ],
)
def test_the_noun_phrase_around_a_name(question, span, phrase):
    from psp_qa.answering.conversation import noun_phrase

    start = question.index(span)
    assert (
        noun_phrase(
            question, start, start + len(span), lambda w: len(w) > 2 and w.lower() not in {"the", "have", "what"}
        )
        == phrase
    )


def test_the_reports_subject_is_what_its_title_spells_out():
    from psp_qa.answering.subjects import ReportSubject

    report = ReportSubject(["Strategic Public Social Partnership model: report"],
                           {"PSP": "Public Social Partnership", "POPP": "Partnership for Older People Projects"})  # fmt: skip
    assert report.named("what about the psps?") is not None
    assert report.named("what is a public social partnership") is not None
    assert report.named("What was POPP?") is None


def test_one_lower_case_word_of_a_heading_does_not_switch_the_topic(engine):
    """ "the cost-benefit analysis" names no section "Analysis" (the methodology's): still Connected Care's."""
    answer = engine.ask("What did the cost-benefit analysis show?", history=["What is the Connected Care model?"])
    assert "Connected Care" in answer.standalone_question
    assert "Connected Care Model" in answer.hits[0].passage.section


def test_that_closing_a_follow_up_points_back_to_the_conversation(engine):
    """Its own words are mostly everyday ones the report does not use ("worries", "things"), which alone would
    make it a new question; "that way" says it is about the conversation's topic."""
    history = ["What happened with the Peterborough social impact bond?"]
    answer = engine.ask("what are the worries about funding things that way?", history=history)
    assert "Peterborough" in answer.standalone_question
    assert any("Peterborough" in " ".join(hit.passage.section) for hit in answer.hits[:3])


@pytest.mark.parametrize(
    ("question", "points"),
    [
        ("what are the worries about funding things that way?", True),
        ("how was that evaluated?", True),
        ("and those?", True),
        ("Does the report say that competition and cuts make it harder to keep working together?", False),
        ("What did they find that surprised them most?", False),
    ],
)
def test_that_points_back_only_where_it_closes_a_question(question, points):
    from psp_qa.answering.followup import refers_back

    assert refers_back(question) is points


def _listed_from(engine, answer, place: str) -> tuple[str, ...]:
    """The one listed item whose section lies under a heading naming `place` ("Denmark")."""
    found = [tuple(p.section) for p in answer.points if place in p.section]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("as_dict", [True, False])
def test_the_danish_one_after_a_list_is_the_listed_item_from_denmark(engine, as_dict):
    # The previous answer's points are the conversation's items: the qualifier picks the one whose own headings
    # lie nearest it ("danish": "Denmark"), whether the history holds the answer or only the question.
    first = engine.ask("which Nordic case studies are described?")
    item = _listed_from(engine, first, "Denmark")
    history = [first.to_dict()] if as_dict else [first.question]
    answer = engine.ask("and what did the danish one achieve?", history=history)
    assert item[-1] in answer.standalone_question
    assert answer.standalone_question.startswith("What did")  # it stands alone: no leading "and"
    assert answer.hits[0].passage.section[: len(item)] == item
    third = engine.ask("and what challenges did it face?", history=[*history, answer.to_dict()])
    assert item[-1] in third.standalone_question


def test_a_qualifier_of_two_listed_items_picks_their_group(engine):
    first = engine.ask("which Nordic case studies are described?")
    answer = engine.ask("and the finnish one?", history=[first.to_dict()])
    finland = {tuple(p.section)[:-1] for p in first.points if "Finland" in p.section}
    assert len(finland) == 1
    group = finland.pop()
    assert answer.points and all(tuple(p.section)[: len(group)] == group for p in answer.points)


def test_an_ordinal_picks_a_listed_item_by_its_place(engine):
    first = engine.ask("which Italian case studies are there?")
    answer = engine.ask("tell me about the second one", history=[first.to_dict()])
    assert first.points[1].section[-1] in answer.standalone_question


def test_a_qualifier_picks_one_item_or_the_group_of_the_items_sharing_its_heading():
    from psp_qa.answering.conversation import picked_item

    items = [("C", "Land", "Alpha"), ("C", "Land", "Beta"), ("C", "Other", "Gamma")]
    near = {"Land": 0.9, "Other": 0.3, "Alpha": 0.1, "Beta": 0.1, "Gamma": 0.1}
    similarity = lambda word, texts: [near[t] for t in texts]  # noqa: E731
    assert picked_item("landish", items, similarity) == ("C", "Land")  # both items in "Land": their group
    near["Other"], near["Land"] = 0.9, 0.3
    assert picked_item("otherish", items, similarity) == items[2]
    near["Land"] = 0.85
    assert picked_item("otherish", items, similarity) is None  # not clearly nearer


def test_who_founded_it_is_out_of_scope_when_no_sentence_names_a_doer(engine):
    # The case study says when and where it started, never who started it.
    assert engine.ask("Who founded Cycling without Age?").in_scope is False
    assert engine.ask("who started it?", history=["Tell me about Cycling without Age"]).in_scope is False
    assert engine.ask("who set it up?", history=["Tell me about Cycling without Age"]).in_scope is False
    assert engine.ask("who set it up?", history=["Tell me about Kulturverket"]).in_scope  # "the City of Ulmea set up"


@pytest.mark.parametrize("listing", ["which Italian case studies are there?", "which examples come from abroad?"])
def test_an_item_picked_from_a_list_by_ellipsis_is_asked_about_as_itself(engine, listing):
    # "what about the second one?" asks of the item; the list's question ("Which ... are there?") asked for items.
    first = engine.ask(listing)
    item = first.points[1].section
    answer = engine.ask("what about the second one?", history=[first.to_dict()])
    assert answer.standalone_question == f"What about {item[-1]}?"
    assert answer.in_scope and answer.hits[0].passage.section[: len(item)] == tuple(item)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_lower_case_table_row_switches_to_another_row(engine, data):
    # The rows of a flattened table are subjects as sections are: "what about the elevate one" after a question
    # about "low moss" asks it of Elevate, both typed in lower case, and its row, spelt as the table spells it.
    labels = sorted({label for labels in engine.row_labels.values() for label in labels})
    first = data.draw(st.sampled_from([label for label in labels if len(label.split()) > 1 or label[1:].islower()]))
    topic = engine.conversation_topic([f"tell me about {first.lower()}"])
    others = [label for label in engine.row_labels.get(topic, []) if label != first and not label.isupper()]
    assert others, topic  # the row's topic is its table's section
    second = data.draw(st.sampled_from(others))
    answer = engine.ask(f"what about the {second.lower()} one", history=[f"tell me about {first.lower()}"])
    assert second in answer.standalone_question and first.lower() not in answer.standalone_question.lower()
    assert "regarding" not in answer.standalone_question
    third = engine.ask("and what did they achieve?", history=[f"tell me about {first.lower()}", answer.to_dict()])
    assert second in third.standalone_question


@pytest.mark.parametrize("connective", ["and what about", "ok so what about", "and how about"])
def test_stacked_connectives_still_lead_an_ellipsis(engine, connective):
    answer = engine.ask(f"{connective} the recovery college one", history=["What challenges did POPP face?"])
    assert "Recovery College" in answer.standalone_question and "POPP" not in answer.standalone_question


@pytest.mark.parametrize("question", ["who else paid?", "anyone else chip in?", "what else was tried?"])
def test_else_points_back_to_the_conversation(engine, question):
    answer = engine.ask(question, history=["Tell me about Brescia Citta del Noi", "how much did it cost?"])
    assert answer.in_scope and "Brescia" in answer.standalone_question
    assert "Brescia" in answer.hits[0].passage.section[-1]


@pytest.mark.parametrize(
    "question",
    [
        "Who set up the Social Impact Factory?",  # "established ... as a partnership between A and B"
        "who set up Kulturverket?",  # "the City of Ulmea set up Kulturverket"
        "who started the brescia project?",  # "launched ... in a partnership between ..."
        "Who started the BounceBack project?",  # "run as a partnership between ..."
        "Who launched the Welkom in Utrecht platform?",  # "funded by private citizens"
        # Under the bus's own heading, "the bus ... owned and financed by Tampere local council": who runs it.
        "who set up the netty-nysse bus?",
    ],
)
def test_who_began_it_is_answered_when_a_sentence_names_a_doer(engine, question):
    assert engine.ask(question).in_scope


@pytest.mark.parametrize(
    "previous",
    [
        {"question": "which Nordic case studies are described?", "kind": "list", "points": "not a list"},
        {"question": "which Nordic case studies are described?", "kind": "list", "points": [1, {"section": 2}]},
        {"question": "which Nordic case studies are described?", "kind": "list", "points": [{"section": [3, "x"]}]},
    ],
)
def test_malformed_points_in_a_history_answer_pick_nothing_and_raise_nothing(engine, previous):
    answer = engine.ask("and what did the danish one achieve?", history=[previous])
    assert answer.standalone_question


@pytest.mark.parametrize(
    ("history", "question", "wanted", "gone"),
    [
        (["What reduction in reconvictions did Peterborough get for cohort 2?"], "and for cohort 1?",
         "Peterborough get for cohort 1", "cohort 2"),
        (["what did the social impact factory achieve in its first year"], "and the second year?",
         "social impact factory achieve in its second year", "first year"),
        (["What were the outcomes of the Social Impact Bond?"], "and the Social Impact Factory?",
         "outcomes of the Social Impact Factory", "Bond"),
        # Bare plural words seem a theme or a list; led by "and", they swap the previous question's phrase.
        (["How many core projects did the POPP sites set up?"], "and the upstream projects?",
         "How many upstream projects did", "core"),
        (["which Italian case studies are there?"], "and the dutch case studies?", "dutch case studies are there",
         "Italian"),
    ],
)  # fmt: skip
def test_an_ellipsis_swaps_the_phrase_of_its_own_kind(engine, history, question, wanted, gone):
    # "and for cohort 1?" swaps "cohort 2" for it, within the same topic; the rest of the question is kept.
    standalone = engine.ask(question, history=history).standalone_question
    assert wanted in standalone and gone not in standalone and "regarding" not in standalone


def test_a_defined_acronym_is_what_they_stands_for_unless_its_section_spells_it_out(engine):
    # "RfB" is defined in the methodology's primary data: "they" is RfB, not "Primary data".
    answer = engine.ask("what did they do for the PSPs?", history=["What does RfB stand for?"])
    assert "RfB" in answer.standalone_question and "Primary data" not in answer.standalone_question
    # POPP's own section is headed by its long form, which the follow-up keeps as its topic.
    answer = engine.ask("how much was invested in it?", history=["what is POPP"])
    assert "Partnership for Older People Projects" in answer.hits[0].passage.section


def facet_cases(engine) -> list[tuple[str, ...]]:
    """The case studies with both an "Outcomes" and a "Challenges" subsection."""
    sections = set(engine.index.sections)
    return [case for case in case_studies(engine) if {(*case, "Outcomes"), (*case, "Challenges")} <= sections]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_ellipsis_asking_the_other_side_keeps_the_case_and_flips_the_facet(engine, data):
    # "and the downsides?" after "what did X achieve?" asks X's problems, not of a subject called "downsides";
    # "what's the catch?" is no foreign question asked as it stands. The case stays, the subsection flips.
    case = data.draw(st.sampled_from(facet_cases(engine)))
    name = case[-1]
    flips = [
        (f"what did {name} achieve?", data.draw(st.sampled_from(["and the downsides?", "ok and what's the catch?",
                                                                 "any problems?", "and the negatives?"])), "Challenges"),
        (f"what were the challenges for {name}?", data.draw(st.sampled_from(["and the good bits?", "what went well?",
                                                                             "and the positives?"])), "Outcomes"),
    ]  # fmt: skip
    for first, follow_up, side in flips:
        answer = engine.ask(follow_up, history=[first])
        assert answer.in_scope, (first, follow_up)
        assert name.split()[0] in answer.standalone_question, (first, follow_up, answer.standalone_question)
        assert answer.hits[0].passage.section == (*case, side), (first, follow_up, answer.hits[0].passage.section)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("what's the catch?", "problems"),
        ("and the bad bits?", "problems"),
        ("what went well?", "results"),
        ("and the good bits?", "results"),
        ("any upsides?", "results"),
        ("how did they catch up with the others?", None),
    ],
)
def test_everyday_words_for_a_side_ask_its_facet(question, wanted):
    assert facet(question) == wanted


def test_an_ellipsis_to_another_row_of_the_table_carries_the_old_predicate(engine):
    # "and for the Scottish Government?" after a question about one row of a table ("Ready for Business", named
    # in full though "for" splits its capitalised words) asks the same of the other row, found within the table.
    table = next(section for section, labels in engine.row_labels.items() if "Ready for Business" in labels)
    others = [label for label in engine.row_labels[table] if label != "Ready for Business"]
    for other in others[-3:]:
        answer = engine.ask(f"and for the {other}?", history=["Who did they interview from Ready for Business?"])
        assert answer.standalone_question == f"Who did they interview from {other}?"
        assert answer.in_scope and answer.hits[0].passage.section == table
        assert answer.hits[0].passage.text.startswith(other), answer.hits[0].passage.text[:80]


@pytest.mark.parametrize("lead", ["at", "from"])
def test_at_or_from_leads_an_ellipsis(engine, lead):
    answer = engine.ask(f"and {lead} elevate?", history=["who did they interview at low moss?"])
    assert answer.standalone_question == "who did they interview at Elevate?"
    assert answer.in_scope


@pytest.mark.parametrize(
    ("history", "question", "standalone"),
    [
        ("which case studies are from the uk?", "and which ones from austria?", "Which case studies from Austria?"),
        ("which case studies are from italy?", "and which ones from france?", "Which case studies from France?"),
    ],
)
def test_which_ones_are_the_things_the_list_asked_for_and_a_name_the_report_lacks_is_out_of_scope(
    engine, history, question, standalone
):
    # "ones" are the case studies the previous question asked which of, not its answer's topic ("..., regarding
    # Bollate Prison?"); a lower-case place the report never names (outside its bibliography) is written as the
    # name it is, so that scope reads it as one.
    answer = engine.ask(question, history=[history])
    assert answer.standalone_question == standalone
    assert not answer.in_scope


def test_which_ones_asks_of_the_listed_things_when_the_report_holds_them(engine):
    answer = engine.ask("and which ones are about prisons?", history=["which case studies are from italy?"])
    assert answer.standalone_question == "Which case studies are about prisons?"
    assert answer.in_scope and "Bollate Prison" in answer.hits[0].passage.section


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_pronoun_after_a_new_name_stands_for_that_name(engine, data):
    # "Moving on to the Recovery College - who are the partners there?": "there" is the Recovery College the
    # question names, not the conversation's earlier subject.
    studies = case_studies(engine)
    first, second = data.draw(st.lists(st.sampled_from(studies), min_size=2, max_size=2, unique=True))
    answer = engine.ask(
        f"Moving on to {second[-1]} - what did it achieve?", history=[f"What were {first[-1]}'s outcomes?"]
    )
    assert first[-1] not in answer.standalone_question
    assert answer.hits[0].passage.section[: len(second)] == second


def test_a_thing_put_first_is_what_the_pronoun_after_it_stands_for(engine):
    # "and the focus groups, what were they about?": "they" are the focus groups, not the conversation's topic.
    answer = engine.ask(
        "and the focus groups, what were they about?", history=["how did they collect data for this study?"]
    )
    assert answer.standalone_question.startswith("What were the focus groups about")
    assert answer.in_scope and "focus groups" in answer.text


@pytest.mark.parametrize("question", ["ok and what's the catch?", "and what's the catch?", "ok and whats the catch?"])
def test_a_contracted_question_word_is_no_word_foreign_to_the_report(engine, question):
    # "what's" is "what": with "catch" it made two words the report never uses, so the follow-up stood alone
    # and was refused; it asks of the conversation's topic, its Challenges.
    answer = engine.ask(question, history=["what did Bollate achieve?"])
    assert answer.in_scope
    assert "Bollate" in answer.standalone_question
    assert any("funded by the organisations themselves" in hit.passage.text for hit in answer.hits[:5])


def test_a_name_with_a_linking_word_is_switched_whole(engine):
    # "Ready for Business" is one name: the ellipsis swaps all of it, not "Ready" alone ("... from Scottish
    # Government for Business?"), so the Scottish Government's row of the interviews table answers.
    from psp_qa.answering.followup import name_spans

    question = "Who did they interview from Ready for Business?"
    assert [question[a:b] for a, b in name_spans(question)] == ["Ready for Business"]
    assert [q[a:b] for q in ["Compare Bollate and Kulturverket"] for a, b in name_spans(q)] == [
        "Bollate",
        "Kulturverket",
    ]
    answer = engine.ask("and for the Scottish Government?", history=[question])
    assert "Business" not in answer.standalone_question
    assert any("Procurement Unit" in hit.passage.text for hit in answer.hits[:5])


def test_a_follow_up_to_an_overview_of_a_group_asks_of_that_group(engine):
    # "give me an overview of the Dutch examples" is about the group of case studies, though its best passage lies
    # elsewhere (the methodology's "other examples"): "and what's the catch?" asks of the group, not the methodology.
    answer = engine.ask("ok and what's the catch?", history=["give me an overview of the Dutch examples"])
    assert "Netherland case studies" in answer.standalone_question
    assert all("Netherland case studies" in hit.passage.section for hit in answer.hits[:3])


def test_a_follow_up_to_an_overview_of_one_thing_keeps_its_best_passage_s_topic(engine):
    answer = engine.ask("and what held it back?", history=["tell me about Bollate"])
    assert "Bollate" in answer.standalone_question
    assert answer.hits[0].passage.section[-2:] == ("Bollate Prison", "Challenges")
