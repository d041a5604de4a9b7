"""Out of scope exactly when the report does not answer: classes of near questions, on the bundled report."""

from __future__ import annotations

import pytest


def _refused_with_weak_matches(answer) -> bool:
    data = answer.to_dict()
    return data["in_scope"] is False and bool(data["notice"]) and all(p["weak"] for p in data["passages"])


@pytest.mark.parametrize(
    "question",
    [
        # The Kulturverket passages count the children it works with, never the people who work there.
        "how many people work for kulturverket",
        # The Low Moss row has no share, and the share another row gives (a training's success rate) is not this.
        "By what percentage did reoffending drop at Low Moss?",
        # "what's" asks for a rate as "what is" does; the report gives Peterborough's, never Low Moss's.
        "What's the reconviction rate at Low Moss?",
    ],
)
def test_a_figure_of_something_else_in_the_passages_does_not_answer(engine, question):
    assert _refused_with_weak_matches(engine.ask(question))


def test_a_count_in_a_neighbour_answers_a_question_that_names_nothing_specific(engine):
    # The count sits in the methodology's primary-data passage, not the best passage's section.
    answer = engine.ask("How many one-to-one interviews did the research team carry out with people in the PSPs?")
    assert answer.in_scope
    assert any("28 in-depth face-to-face interviews" in hit.passage.text for hit in answer.hits[:5])


def test_a_count_of_the_thing_by_another_name_answers(engine):
    # The report counts "ten social cooperatives"; a count must sit beside the thing, by whatever name.
    assert engine.ask("How many co-ops were involved at Bollate?").in_scope


def test_how_much_a_thing_matters_is_a_question_of_degree_not_of_a_figure(engine):
    assert engine.ask("How much did leadership matter in getting pilots commissioned?").in_scope


def test_a_figure_in_a_neighbour_naming_the_new_subject_answers(engine):
    history = ["How much did Utrecht council give the Social Impact Factory in its first year?"]
    answer = engine.ask("and for Brescia?", history=history)
    assert answer.in_scope


def test_an_acronym_glossed_by_its_translation_is_spelled_out(engine):
    # "Avis (Italian Association of Blood Volunteers)": the initials are the Italian name's, not the gloss's.
    answer = engine.ask("What does AVIS stand for?")
    assert answer.in_scope
    assert any("Italian Association of Blood Volunteers" in quote.text for quote in answer.quotes)


def test_an_acronym_the_report_never_spells_out_is_still_not_guessed(engine):
    assert engine.ask("What does GGC stand for?").in_scope is False


@pytest.mark.parametrize("question", ["drt stands for wat", "what does drt stand for"])
def test_an_acronym_the_report_defines_typed_in_lower_case_is_in_scope(engine, question):
    answer = engine.ask(question)
    assert answer.in_scope
    assert "Demand Responsive Transport" in answer.hits[0].passage.text


def test_the_words_written_as_names_are_read_from_the_index_folder(engine):
    """Computed when the index is built (names.json), so start-up does not read every passage again."""
    import json

    from psp_qa.indexing.names import written_as_names

    stored = json.loads((engine.index.folder / "names.json").read_text(encoding="utf-8"))
    assert frozenset(stored) == engine.index.names == written_as_names(p.text for p in engine.index.passages)
    assert engine.names is engine.index.names
    assert "scotland" in engine.names and "internationally" not in engine.names


@pytest.mark.parametrize(
    "question",
    [
        "How many staff does AVIS employ?",  # a count the AVIS passages never give
        "What does the report say about Wales?",  # a name the corpus never uses
        # A sum of money the row never gives; the other rows' shares ("a success rate of 100%") are no sums.
        "What was the budget for the Low Moss partnership?",
        "What was Elevate's annual budget?",
        "How much did the Low Moss partnership cost?",  # a cost is a sum too
        # An unknown qualifier far from every corpus name is what is asked about, a compared name notwithstanding.
        "What did the Spanish case study on social cooperatives find?",
        "Was there a German example of a public social partnership in the review?",
        "How did the German co-production schemes compare with Scotland's?",
    ],
)
def test_near_questions_asking_for_what_the_report_lacks_are_out_of_scope(engine, question):
    assert _refused_with_weak_matches(engine.ask(question))


@pytest.mark.parametrize(
    "question",
    [
        "what did the spanish case study find?",
        "tell me about the german example",
        "What about the french ones?",
    ],
)
def test_a_lower_case_qualifier_of_an_item_the_corpus_lacks_is_out_of_scope(engine, question):
    # Typed without its capital, a qualifier lying nearest a corpus name but far from all of them still
    # names another place's case.
    assert _refused_with_weak_matches(engine.ask(question))


@pytest.mark.parametrize(
    "question",
    [
        "what did the danish case study find?",  # lower-case names the report uses
        "what about the italian ones?",
        "what did the dutch examples show",  # near a corpus name ("netherlands")
        "what did bollate achieve?",
        "Did the partnerships end up creating brand new services?",  # an everyday word before a noun, no item
    ],
)
def test_lower_case_names_and_words_the_report_covers_stay_in_scope(engine, question):
    assert engine.ask(question).in_scope


def test_a_verb_right_after_how_many_counts_what_was_named_before_it(engine):
    from psp_qa.answering.scope import figure_wanted

    wanted = figure_wanted("papers on co-production, how many selected")
    assert wanted is not None and wanted.anywhere and not wanted.thing
    assert figure_wanted("how many trained staff were there?").thing  # "trained" qualifies the thing counted
    assert engine.ask("reports on co-production: how many selected?").in_scope


@pytest.mark.parametrize(
    "question",
    [
        "What did the Dutch case studies show?",  # a qualifier close to a corpus name ("netherlands")
        "How did the British pilot in Basildon work?",  # a qualifier beside a name one case uses
        "Did the older people's projects in England manage to share their budgets between agencies?",  # a section named
        "What did the Sweedish culture unit do?",  # a typo of a word only a heading uses
        "How many benificiaries did the Low Moss service support?",  # a typo of the thing counted
    ],
)
def test_qualified_placed_and_misspelt_questions_the_report_answers_are_in_scope(engine, question):
    assert engine.ask(question).in_scope


def test_how_much_came_back_asks_for_the_figure_of_its_topic(engine):
    answer = engine.ask("For every pound spent on the Basildon service, how much came back?")
    assert answer.in_scope and answer.kind == "factual"
    assert any("£14.07" in quote.text for quote in answer.quotes)


@pytest.mark.parametrize(
    ("history", "question", "covered"),
    [
        (["What's the Elevate partnership?"], "when did it start?", True),
        (["Tell me about the Brescia welfare project."], "How long is it supposed to run for?", True),
        # No pronoun: glued to the topic ("..., regarding Bollate?"), it is judged as a question of its own.
        (["Tell me about Bollate."], "who won the world cup in 2018?", False),
        # Still asks for a figure the topic lacks.
        (["Tell me about Bollate."], "how many staff does it employ?", False),
    ],
)
def test_a_short_follow_up_pointing_back_is_judged_by_what_it_asks(engine, history, question, covered):
    assert engine.ask(question, history=history).in_scope is covered


@pytest.mark.parametrize(
    ("question", "kind", "money"),
    [
        ("What was the budget for the Low Moss partnership?", "amount", True),
        ("What's the total cost of the pilot?", "amount", True),
        ("For every pound spent, how much came back?", "amount", False),
        ("How much was raised?", "amount", False),
        ("How much did it cost?", "amount", True),
        ("By how much did Bollate cut reoffending?", "amount", False),  # a change: a share answers it
    ],
)
def test_the_figure_a_question_asks_for(question, kind, money):
    from psp_qa.answering.scope import figure_wanted

    wanted = figure_wanted(question)
    assert wanted is not None and (wanted.kind, wanted.money) == (kind, money)


@pytest.mark.parametrize(
    "question",
    ["What costs did they face?", "What did the cost-benefit analysis show?", "How much did leadership matter?"],
)
def test_costs_named_without_a_sum_asked_and_degrees_ask_for_no_figure(question):
    from psp_qa.answering.scope import figure_wanted

    assert figure_wanted(question) is None


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("For every pound spent on the service, how much came back?", "factual"),  # a ratio
        ("For each PSP, how many people were interviewed?", "list"),  # one answer per item
        ("For every case study, list the partners", "list"),
    ],
)
def test_for_every_before_how_much_asks_for_a_ratio(question, kind):
    from psp_qa.answering.kinds import question_kind

    assert question_kind(question).name == kind


def test_a_thing_counted_is_also_called_by_the_reports_words_but_never_by_an_opposite(engine):
    assert "cooperatives" in engine.retriever.also_called("co-ops")
    assert "increasing" not in engine.retriever.also_called("decreases")


@pytest.mark.parametrize(
    "question",
    [
        "which case studies come from Scandinavia?",
        "what examples from England are there?",
        "which British examples are there?",
        "are there any scandinavian examples?",
        "which examples come from england?",  # lower case, ending on the place
        "list the case studies from Scandinavia",
        "were there any projects from great britain?",
    ],
)
def test_a_place_the_report_never_names_that_reads_as_one_of_its_groups_lists_that_group(engine, question):
    """ "Scandinavia", "England", "British": the report heads its groups "Finnish, Swedish and Danish case studies",
    "Case studies from elsewhere in the UK"; the place names the group it reads as, and the list is its items."""
    group, words = engine.composer.placed_group(question)
    assert group and words, question
    answer = engine.ask(question)
    assert answer.in_scope and answer.kind == "list", answer.text
    assert answer.points and all(p.section[: len(group)] == group for p in answer.points), [
        p.section for p in answer.points
    ]


@pytest.mark.parametrize(
    "question",
    [
        "what case studies are from Norway?",  # beside the Nordic group's countries, not one of them
        "which Irish examples are there?",
        "what examples from Wales are there?",
        "which case studies come from Portugal?",
        "are there any examples from Canada?",
        "which Polish case studies are there?",
        "what examples from Japan are there?",
        "were there any case studies from Germany?",
        "which case studies come from Spain?",
        "are there any examples from Australia?",
        "which Greek examples are there?",
        "what did the spanish case study find?",
        "tell me about the german example",
        "Who founded Cycling without Age?",
    ],
)
def test_a_place_none_of_the_reports_groups_reads_as_stays_out_of_scope(engine, question):
    assert not engine.composer.placed_group(question)[0], question
    assert _refused_with_weak_matches(engine.ask(question))


@pytest.mark.parametrize(
    "question",
    ["who did they talk to?", "who did the team speak with?", "who did they speak to?", "who was spoken to?"],
)
def test_whom_the_researchers_talked_to_is_answered_from_their_interviews(engine, question):
    answer = engine.ask(question)
    assert answer.in_scope, answer.text
    assert any("interview" in hit.passage.text.lower() for hit in answer.hits[:3])


@pytest.mark.parametrize("question", ["what were the key takeaways?", "what are the takeaways?"])
def test_the_takeaways_are_the_lessons_the_report_draws(engine, question):
    answer = engine.ask(question)
    assert answer.in_scope and answer.points, answer.text
    assert all(any("lesson" in heading.lower() for heading in p.section) for p in answer.points)


@pytest.mark.parametrize(
    "question",
    [
        "what are the key takeaways from Hamlet?",
        "who did the Beatles talk to?",
        "what were the takeaways of the 2018 World Cup?",
    ],
)
def test_everyday_words_put_in_the_reports_terms_leave_a_name_it_lacks_out_of_scope(engine, question):
    assert _refused_with_weak_matches(engine.ask(question))


def test_everyday_words_are_put_in_the_reports_terms_only_where_the_corpus_uses_them(engine):
    from psp_qa.answering.wording import in_report_terms

    keywords = engine.index.keywords
    assert in_report_terms("who did they talk to?", keywords) == "who did they interview?"
    assert in_report_terms("Who was spoken with?", keywords) == "Who was interviewed?"
    assert in_report_terms("what were the key takeaways?", keywords) == "what were the key lessons?"
    assert in_report_terms("What did Bollate achieve?", keywords) == "What did Bollate achieve?"


@pytest.mark.parametrize(
    "question",
    [
        # Names only the bibliography uses (a publisher's city, "Paris, France"): nothing the report speaks of.
        "which projects were in Paris?",
        "What did the report say about London?",
        # A capitalised word two letters from an everyday corpus word is no typo of it ("plan", "begin").
        "which case studies come from Poland?",
        "what did the Belgian example achieve?",
        # A rate asked of a name's possessive, and a return: figures the passages must hold.
        "What is Utrecht's current unemployment rate?",
        "What was the social return on investment for the Low Moss partnership?",
        # Another case's return (AVIS's) is no figure of this one's; nor is a sum of another case in the same city.
        "What is the social return on investment of Kulturverket?",
        "What was Welkom in Utrecht's annual budget?",
    ],
)
def test_names_and_figures_the_report_lacks_are_out_of_scope(engine, question):
    assert _refused_with_weak_matches(engine.ask(question))


def test_every_table_row_named_alone_is_in_scope(engine):
    # A table's cells lie far from the question in the model's space though they are all about their row: a
    # question naming a row by its label ("What did Elevate aim to do?", "what is low moss") is about the report.
    labels = sorted({label for labels in engine.row_labels.values() for label in labels})
    assert len(labels) >= 6
    for label in labels:
        for question in (f"What did {label} aim to do?", f"what is {label.lower()}"):
            assert engine.ask(question).in_scope, question


@pytest.mark.parametrize(
    "question",
    [
        "what is wayfinder",  # a name one table cell uses
        "What is Utrecht's unemployment rate target?",  # an aim, in words: "the lowest unemployment rate"
        "what was the return on investment for avis?",  # "a return ranging from 1,70 to 13,80 euro"
        "how much did the rickshaws cost in copenhagen",  # a place of the case, not a passage's word
        "How much value does the blood donor charity give back for every euro spent on it?",  # "give back": no name
    ],
)
def test_names_and_figures_the_report_holds_stay_in_scope(engine, question):
    assert engine.ask(question).in_scope


@pytest.mark.parametrize(
    ("question", "covered"),
    [
        # The report names organisations, not their staff: who holds a post is answered only where it speaks of it.
        ("who is the director of Turning Point?", False),
        ("Who is the chief executive of Social Finance?", False),
        ("who's the head of the recovery college", False),
        # The table of stakeholders interviewed gives the post beside the organisation's row.
        ("Who was the director of the Robertson Trust they spoke to?", True),
    ],
)
def test_who_holds_a_post_is_answered_only_where_the_post_is_spoken_of(engine, question, covered):
    assert engine.ask(question).in_scope is covered


# Near questions in the style of the participant sets: a figure the report never gives, a place it never
# names, a year of something it names but never dates.
@pytest.mark.parametrize(
    "question",
    [
        "What year did Low Moss prison first open?",  # Low Moss's passages hold no year; Bollate's "In 2000" is not its
        "low moss when did it open",
        "What year was NHS Lothian founded?",
        "When was East Renfrewshire council created?",
        "When did the Life I Want partnership first begin?",  # its table row holds no year; Elevate's row does
        "What year was the SPT partnership set up?",
        "How many prisoners does Bollate hold?",
        "How much did the Low Moss partnership cost?",
        "What was the reoffending rate at Low Moss?",
        "Which city in Spain ran a partnership like this?",
        "What did the report find about partnerships in Wales?",
        "How many staff work at the Social Impact Factory?",
        "How many volunteers does Cycling without Age have in Copenhagen?",
        "How many people live in Ulmea?",
        "kulturverket how many staff",
        "How much funding did the Recovery College receive?",  # "Activ8 ... sought external funds": no number
        "What is the population of Tampere?",
    ],
)
def test_near_probes_asking_for_a_figure_date_or_place_the_report_lacks_are_out_of_scope(engine, question):
    assert not engine.ask(question).in_scope, question


# Keyword fragments and figure questions the report answers: none may be refused.
@pytest.mark.parametrize(
    "question",
    [
        "bollate recidivism how much lower",  # "how much lower": a difference, "reduced recidivism by 16%"
        "how much lower was reoffending at Bollate?",
        "low moss beneficiaries how many",
        "peterborough cohort 1 results when",
        "kulturverket what year set up",
        "social impact factory when established",
        "What year did Cycling without Age start?",  # a year in a sentence naming it
        "When was the Netti-Nysse bus established?",
        "When did Bollate prison open?",  # "In 2000, Bollate ... was inaugurated"
        "how many social cooperatives at bollate",
        "peterborough reconviction reduction how much",
        "how many interviews did they carry out",
        "social impact factory funding how much first year",
        "what is the number of local councils Cycling without Age works across?",  # "across 65 Danish local councils"
    ],
)
def test_keyword_fragments_and_figure_questions_the_report_answers_are_in_scope(engine, question):
    assert engine.ask(question).in_scope, question


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("bollate reoffending how much lower", "amount"),  # a comparative alone: a difference
        ("how many smaller ones went to charities?", "count"),  # a comparative before a noun qualifies it
        ("What year did Low Moss prison first open?", "year"),
        ("low moss when did it open", "year"),
        ("What was the number of beneficiaries at Low Moss?", "count"),
        ("What is the population of Tampere?", "quantity"),
        ("When should commissioners be involved?", None),  # a "when" of conditions, not of a date
        ("What happens to the work when there isn't a strong push from the law?", None),
    ],
)
def test_the_figure_or_date_a_question_asks_for(question, kind):
    from psp_qa.answering.scope import date_wanted, figure_wanted

    wanted = figure_wanted(question) or date_wanted(question)
    assert (wanted.kind if wanted else None) == kind


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("In 2000, Bollate, a new Italian detention centre, was inaugurated", True),
        ("(launched in 2010)", True),
        ("an equal partnership with the NHS (Meddings et al. (2014).", False),  # a source's year
        ("Fuglsang, L., 2008. Capturing the Benefits of Open Innovation", False),
    ],
)
def test_a_sources_year_dates_no_thing(text, dated):
    from psp_qa.answering.scope import holds_figure
    from psp_qa.types import Passage

    passage = Passage(id="p", source="s", section=("S",), start=0, end=len(text), text=text)
    assert holds_figure([passage], "year", []) is dated


@pytest.mark.parametrize(
    "question",
    ["ok and what's the catch, regarding Bollate Prison?", "what's the catch with Bollate?"],
)
def test_a_follow_up_put_in_the_topics_words_is_judged_by_the_strong_passages_it_finds(engine, question):
    # Scope refuses "ok and what's the catch?" only while it is searched as it stands (it finds the methodology);
    # once it carries the conversation's topic its passages are Bollate's challenges, and it is in scope.
    answer = engine.ask(question, history=["what did Bollate achieve?"])
    assert answer.in_scope
    assert "Bollate" in answer.text


@pytest.mark.parametrize(
    ("text", "numbered"),
    [
        ("Activ8 has successfully sought external funds", False),  # a digit inside a name
        ("with the Third Sector organisation holding the budget", False),  # a number word as a name
        ("Ten social cooperatives were involved", True),
        ("with the involvement of ten social cooperatives", True),
        ("653 beneficiaries were supported", True),
    ],
)
def test_a_number_in_a_name_is_no_figure(text, numbered):
    from psp_qa.answering.scope import holds_figure
    from psp_qa.types import Passage

    passage = Passage(id="p", source="s", section=("S",), start=0, end=len(text), text=text)
    assert holds_figure([passage], "quantity", []) is numbered
