"""Factual answers quote the sentence that answers: focus words, table rows, figures, and the neighbours a sentence needs.

Properties on the bundled report with the real engine (questions written for these
tests, not taken from the eval sets), and the cues of English they rest on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psp_qa.answering.focus import Focus
from psp_qa.answering.retrieve import is_reference_list
from psp_qa.answering.sentences import (
    Cues,
    explains_previous,
    goes_on,
    leads_in,
    leans_on_context,
    negates,
    says_nothing_alone,
    sense,
    spelt_right,
)
from psp_qa.evaluate import format_report
from psp_qa.indexing.keywords import keyword_tokens
from psp_qa.reading.table_rows import row_label

ROW_QUESTIONS = [
    "How many interviews were held with the Big Lottery Fund?",
    "How many social innovation partnership papers were selected?",
    "Who was interviewed at the Improvement Service?",
]


@pytest.mark.parametrize("question", ROW_QUESTIONS)
def test_a_table_row_the_question_names_is_quoted_whole_and_verbatim(engine, question):
    """The row's label cell and the cells after it, as one span of the cited passage."""
    answer = engine.ask(question)
    asked = set(keyword_tokens(question))
    rows = []
    for quote in answer.quotes:
        passage = answer.hits[quote.citation - 1].passage
        assert quote.text in " ".join(passage.text.split())
        cells = [" ".join(t.split()) for t in passage.sentence_texts()]
        for at, cell in enumerate(cells[:-1]):
            named = set(keyword_tokens(cell)) and set(keyword_tokens(cell)) <= asked
            if named and quote.text.startswith(f"{cell} {cells[at + 1]}"):
                rows.append(quote.text)
    assert rows, answer.text


def test_the_figure_a_question_names_decides_between_sentences(engine):
    """ "Cohort 2", not the sentence about Cohort 1 that reads almost the same."""
    answer = engine.ask("When were the results for Cohort 2 published?")
    assert any(re.search(r"\bcohort 2\b", q.text, re.I) for q in answer.quotes), answer.text


def test_one_acronym_table_serves_queries_and_answers(engine):
    """Built once, outside the bibliography: every long form it holds can be quoted from a passage."""
    # Answers know every short form queries expand, and also those known only from use ("PSP").
    assert engine.acronyms.short_to_long.items() <= engine.composer.acronyms.items()
    quotable = " ".join(" ".join(p.text.split()) for p in engine.index.passages if not is_reference_list(p.section))
    assert engine.acronyms.short_to_long
    for short, long in engine.acronyms.short_to_long.items():
        assert long in quotable and short in quotable


def test_a_question_word_few_candidates_hold_weighs_most():
    sentences = [
        "The internet bus in Tampere was set up in 2001.",
        "Later the bus was owned by Tampere local council.",
        "The bus in Tampere offers courses to older people.",
    ]
    focus = Focus("Who owns the bus in Tampere?", sentences)
    assert focus.share(1) > focus.share(0) and focus.share(1) > focus.share(2)


def test_a_row_label_is_a_short_cell_the_question_names_and_a_column_header_is_not():
    cells = ["Big Lottery Fund", "1 Interview", "Who has been interviewed", "Head of Policy and Learning"]
    focus = Focus("Who was interviewed at the Big Lottery Fund?", cells)
    assert focus.names(0, cells[0]) > 0
    assert focus.names(2, cells[2]) == 0  # it names "interviewed", but asks: a header
    assert focus.names(3, cells[3]) == 0


def test_a_figure_is_a_word_of_its_own_not_a_digit_in_a_name():
    """ "Activ8" is a name: a how-many question finds no figure in it; "two partners" is one."""
    cues = Cues("How many partners were involved in the college?")
    assert cues.bonus("The college was run by Activ8 and a local trust together.") < 0
    assert cues.bonus("The college was run by two partners working together.") > 0
    assert cues.counts("The college was run by two partners working together.")


def test_who_wants_a_doer_and_how_long_a_span_of_time():
    who = Cues("Who financed the bus?")
    assert who.bonus("The bus was owned and financed by the local council.") > who.bonus(
        "The bus offered courses to older people in the city."
    )
    how_long = Cues("How long does the project run for?")
    assert how_long.bonus("The project started in 2016 and is ongoing until 2019.") > how_long.bonus(
        "The project involves partners from the council and two universities."
    )


def test_a_why_sentence_that_gives_no_reason_needs_the_next_one():
    cues = Cues("Why did staff struggle at first?")
    assert cues.wants_reason("Challenges in understanding the service were faced by staff.")
    assert not cues.wants_reason("Staff struggled because the service was seen as an extension of care.")
    assert not Cues("What did staff do?").wants_reason("Challenges were faced by staff.")


def test_a_short_sentence_leads_in_but_a_table_cell_does_not():
    assert leads_in("In July 2017, results for Cohort 2 were published.")
    assert not leads_in("Mapping exercise and production of a paper")
    assert not leads_in("This sentence is long enough to say what it means on its own without the one after it.")


@pytest.mark.parametrize(
    ("name", "min_answer_at_1"),
    [
        ("participant-tune", 0.86),  # session 15: 0.89 -> 0.91
        ("sanity-questions", 0.97),
        ("followup-questions", 0.94),
        # Session 13, from 0.77 / 0.90 / 0.80 / 0.77: 0.81 / 0.90 / 0.83 / 0.80.
        ("participant-holdout", 0.80),
        ("participant-fresh", 0.92),  # session 15 (h-kind): 0.93 -> 0.97
        ("participant-final", 0.81),
        ("participant-final2", 0.86),  # session 15: 0.83 -> 0.85
        ("participant-final3", 0.85),  # unseen in session 13 (0.72); session 14 read it: 0.81
        ("participant-final4", 0.82),  # session 14: 0.76 at its start, 0.79 at its end; session 15: 0.81, h-kind 0.84
        ("participant-final5", 0.93),  # unseen in session 15: 0.80 at its start, 0.85 at its end; read in 16: 0.96
        ("participant-final6", 0.72),  # unseen in session 16: 0.76 at its start, 0.75 at its end
    ],
)
def test_answer_text_holds_the_evidence_above_its_floor(evaluated, name, min_answer_at_1):
    """answer@1 on our own sets; floors set after tuning, slightly under the figures reached (session 13: 0.83, 1.00, 0.96)."""
    report = evaluated(Path(__file__).parent / "data" / f"{name}.jsonl")
    print(format_report(report))
    assert report["results"][0]["answer_at_1"] >= min_answer_at_1


def test_a_how_many_question_about_a_hyphenated_thing_wants_its_figure(engine):
    """ "How many co-production papers...": a count, answered from the table row, not an overview of the section."""
    answer = engine.ask("How many co-production papers did they download and how many did they keep?")
    assert answer.kind == "factual", answer.text
    assert any(re.search(r"co-production\s+\d+", q.text, re.I) for q in answer.quotes), answer.text


def test_an_ordinal_names_the_same_thing_as_its_figure(engine):
    """ "The second cohort" is "Cohort 2": the sentence about Cohort 1 is about something else."""
    answer = engine.ask("What reduction did the second cohort of the Peterborough bond reach?")
    assert any(re.search(r"\bcohort 2\b", q.text, re.I) for q in answer.quotes), answer.text
    assert not any(re.search(r"\bcohort 1\b", q.text, re.I) for q in answer.quotes), answer.text


def test_a_misspelt_sense_word_keeps_the_question_its_sense(engine):
    """ "chalenges" asks for challenges: every quote is in that sense, or under a heading that is."""
    answer = engine.ask("What were the chalenges of Bollate?")
    assert answer.quotes
    for quote in answer.quotes:
        passage = answer.hits[quote.citation - 1].passage
        assert sense(quote.text) == -1 or sense(passage.section[-1]) == -1, answer.text


def test_a_row_passage_is_one_row_labelled_by_its_lead(engine):
    """A flattened table's row passage says its label (its lead): no cell inside it starts another row."""
    rows = engine.composer.rows
    for passage in (p for p in engine.index.passages if p.lead):
        own = [row for row in rows if row.label.passage is passage]
        assert len(own) <= 1 and all(row.label.text == row_label(passage.lead) for row in own), passage.lead
    assert sum(1 for row in rows if row.label.passage.lead) >= 10


def test_of_two_rows_with_the_label_asked_the_one_that_answers_is_quoted(engine):
    """Two tables have a row "The Life I Want"; the question is answered by one cell of one of them, far from
    its label: that cell is quoted with its label, and the other table's row is left out."""
    answer = engine.ask("How many staff were trained by The Life I Want?")
    texts = [q.text for q in answer.quotes]
    assert any(re.search(r"\b\d+ [\w ]*staff trained", t) for t in texts), answer.text
    assert any(t.startswith("The Life I Want") for t in texts), answer.text
    assert len({q.citation for q in answer.quotes}) == 1, answer.text


def test_an_answer_of_several_points_holds_the_sentence_that_answers_as_asked(engine):
    """ "What did X achieve with its first cohort?" is answered with the topic's points, and among them
    the sentence about the first cohort, which the points of the topic as a whole leave out."""
    answer = engine.ask("What did the Peterborough bond achieve with its first cohort?")
    assert answer.points, answer.text
    assert any(re.search(r"\bcohort 1\b.*|\d+(?:\.\d+)?% .*cohort 1", q.text, re.I) for q in answer.quotes), answer.text


def test_a_sentence_that_only_says_a_study_was_made_brings_what_it_found(engine):
    """ "What did the analysis show?": "The service was evaluated by ..." is quoted with the sentence after it."""
    question = "and what did the cost-benefit analysis show?"
    cues, answer = Cues(question), engine.ask(question, history=["Tell me about the Connected Care model."])
    announcing = [q for q in answer.quotes if cues.wants_finding(q.text)]
    assert announcing, answer.text
    quoted = {q.text for q in answer.quotes}
    for quote in announcing:
        texts = [" ".join(t.split()) for t in answer.hits[quote.citation - 1].passage.sentence_texts()]
        after = texts.index(quote.text) + 1
        assert after < len(texts) and texts[after] in quoted, answer.text


def test_a_definition_of_something_of_a_section_quotes_the_sentence_naming_it(engine):
    """ "What was the overall objective of X?" names more than X's heading: the sentence holding it is quoted."""
    answer = engine.ask("What was the overall objective of Kulturverket?")
    assert any({"overal", "object"} <= set(keyword_tokens(q.text)) for q in answer.quotes), answer.text


def test_a_question_about_money_is_answered_in_words_of_money(engine):
    """ "Who put money into it?" is answered by who funded or invested, whatever the words, not by what it was."""
    answer = engine.ask("Who put money into the Peterborough bond?")
    assert answer.quotes, answer.text
    assert re.search(r"\b(?:fund\w*|invest\w*|financ\w*|pa(?:y|id))\b", answer.quotes[0].text, re.I), answer.text


def _sentences_of(answer, quote) -> list[str]:
    return [" ".join(t.split()) for t in answer.hits[quote.citation - 1].passage.sentence_texts()]


def test_a_why_question_quotes_the_reason_with_the_sentence_it_explains(engine):
    """ "The reason was that ..." is quoted, from a passage below the top three if need be, with what it explains."""
    answer = engine.ask("Why was the SIB at Peterborough cut short?")
    reasons = [q for q in answer.quotes if explains_previous(q.text)]
    assert reasons, answer.text
    quoted = {q.text for q in answer.quotes}
    for quote in reasons:
        texts = _sentences_of(answer, quote)
        assert texts.index(quote.text) > 0 and texts[texts.index(quote.text) - 1] in quoted, answer.text


def test_a_why_question_quotes_what_a_lead_in_naming_factors_announces(engine):
    """ "Some factors were analysed ..." gives no reason itself: the sentence after it ("First, ...") does."""
    question = "Why did few GP practices refer people to BounceBack?"
    cues, answer = Cues(question), engine.ask(question)
    lead_ins = [q for q in answer.quotes if leads_in(q.text) and cues.gives_reason(q.text)]
    assert lead_ins, answer.text
    quoted = {q.text for q in answer.quotes}
    for quote in lead_ins:
        texts = _sentences_of(answer, quote)
        after = texts.index(quote.text) + 1
        assert after < len(texts) and texts[after] in quoted, answer.text


def test_a_lead_in_brings_what_goes_on_from_it(engine):
    """ "Some difficulties were identified." and a general sentence: the example after them is quoted too."""
    answer = engine.ask("What went wrong in the Village Sports partnership?")
    assert any(goes_on(q.text) and sense(q.text) <= 0 for q in answer.quotes), answer.text


def test_any_quoted_lead_in_brings_the_sentence_it_leads_to(engine):
    """A lead-in quoted beside the best sentence ("X has faced some challenges.") is never left hanging."""
    answer = engine.ask("Was there any resistance to the Social Impact Factory?")
    texts = [q.text for q in answer.quotes]
    assert not leads_in(texts[-1]), answer.text
    assert any(goes_on(t) and sense(t) < 0 for t in texts), answer.text


def test_a_sentence_holds_its_own_headings_words():
    """The subject a heading names is held by all its sentences: the question's other words tell them apart."""
    texts = ["Kulturverket was set up in 2005.", "The unit was later turned into a foundation."]
    focus = Focus("kulturverket foundation", texts, [("Sweden", "Kulturverket")] * 2)
    assert focus.share(1) > focus.share(0)
    assert Focus("kulturverket foundation", texts).share(0) > 0


def test_friction_resistance_and_criticism_are_challenges():
    assert sense("Did anyone object to it, or was there friction?") < 0
    assert sense("Partners showed resistance, criticising the approach.") < 0


def test_a_question_of_value_for_money_is_answered_with_sums_of_money(engine):
    """ "Was it value for money?": a sentence giving the sums (£...) it came to, not only one naming costs."""
    answer = engine.ask("Did Connected Care give value for money?")
    assert any(re.search(r"[£$€]\s?\d", q.text) for q in answer.quotes), answer.text


@pytest.mark.parametrize(
    ("question", "when"),
    [
        ("Who did the researchers talk to when studying the bus?", False),
        ("When they screened the papers, which ones did they keep?", False),
        ("When did the bus start giving health advice?", True),
        ("How long did it run and when did it start?", True),
        ("Do you know when the pilot began?", True),
        ("what year was it set up", True),
    ],
)
def test_when_asks_for_a_date_only_as_the_questions_own_word(question, when):
    """A clause that sets the scene ("when studying the bus") asks for no date."""
    assert Cues(question).when is when


def test_a_sentence_pointing_to_what_is_reported_below_says_nothing_alone(engine):
    """ "One of these is reported below." is a pointer, whichever verb it points with."""
    assert says_nothing_alone("One of these is reported below.")
    assert says_nothing_alone("The results are shown below.")
    answer = engine.ask("What went wrong with the Connected Care model?")
    assert not any(says_nothing_alone(q.text) for q in answer.quotes), answer.text


def test_a_count_a_whole_sentence_gives_is_not_answered_with_bare_table_cells(engine):
    """Retrieval ranks a table of counts beside the sentence that gives the count asked for ("5 interviews" rows
    under "Table 5 – Stakeholders interviews"): the answer is the sentence, never a caption and lone cells."""
    answer = engine.ask("How many interviews were conducted face to face?")
    assert answer.quotes, answer
    assert all(not says_nothing_alone(quote.text) for quote in answer.quotes), [q.text for q in answer.quotes]
    assert any(re.search(r"\b28\b.*interviews", quote.text) for quote in answer.quotes)


@pytest.mark.parametrize("question", ["What does PSP stand for?", "what's a PSP", "What is a PSP?"])
def test_the_reports_own_short_form_spelled_out_only_by_use_is_answered(engine, question):
    """PSP is in every other sentence but never bracketed: the answer is the sentence that writes it out."""
    answer = engine.ask(question)
    assert answer.in_scope and answer.kind == "definition", answer
    assert "Public Social Partnership" in answer.quotes[0].text, answer.text


def test_an_everyday_word_the_corpus_lacks_is_not_taken_for_a_typo(engine):
    """ "spread" is not "read" misspelt, nor "through" "thoughts"; "chalenges" is still "challenges"."""
    index = engine.index

    def spelt(question: str) -> str:
        return spelt_right(question, index.keywords, index.vocabulary, engine.composer.everyday)

    for question in ["How far has the idea spread?", "When they went through the literature, what did they keep?"]:
        assert spelt(question) == question
    assert "challenges" in spelt("What were the chalenges of the prison?")


def test_wariness_is_a_challenge_and_a_quantity_after_by_is_no_doer():
    """ "Why were partners wary?" asks for the challenge side; "reduced by more than 7.5%" names nobody."""
    assert sense("Why were some partners wary of the hub?") == -1
    assert sense("It met resistance from partners suspecting private interests.") == -1
    who = Cues("Which organisation was in charge of the bond?")
    assert who.bonus("Payment followed if reoffending was reduced by more than 7.5% across all cohorts.") < who.bonus(
        "Payment followed if the service was managed by a charity across all cohorts."
    )


def test_a_typed_question_knows_the_sentences_of_its_type():
    """Who wants a doer, how many a figure, when a date, why a reason; an untyped question wants none."""
    who = Cues("Which organisation ran the bond?")
    assert who.wants_type("The bond paid out after the second cohort.")
    assert not who.wants_type("The bond was managed by a charity, the lead partner.")
    assert Cues("When did the bus start?").gives_type("The bus started in 2001.")
    assert Cues("How many sites were there?").wants_type("The sites were spread over the country.")
    assert not Cues("What does the bus offer?").asks_type()


def test_a_who_question_quotes_a_doer_from_a_passage_a_little_deeper(engine):
    """The top passages' best sentence names no one in charge: a sentence naming the lead partner is quoted."""
    answer = engine.ask("Which organisation was in charge of the Peterborough bond?")
    cues = Cues("Which organisation was in charge of the Peterborough bond?")
    assert any(cues.gives_type(q.text) for q in answer.quotes), answer.text


def test_a_remedy_question_wants_the_sentence_that_states_a_response():
    cues = Cues("How did they get round the low take-up?")
    assert cues.remedy and cues.asks_type()
    assert cues.bonus("For overcoming this barrier, a key person in the team was identified to drive it.") > cues.bonus(
        "The low take-up of the service was a barrier for the team in its first year."
    )
    assert not Cues("What did the team find in its first year?").remedy


def test_a_remedy_question_quotes_the_response_not_only_the_problem(engine):
    question = "How did the BounceBack team get round the low number of referrals from the practices?"
    answer = engine.ask(question)
    assert any(Cues(question).gives_type(q.text) for q in answer.quotes), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Who owns the internet bus in Tampere?",
        "Who ran the Peterborough social impact bond?",  # 4 short sentences
        "What does the Village Sports project offer?",  # 5
    ],
)
def test_a_factual_answer_quotes_more_short_sentences_but_never_more_words(engine, question):
    """Beyond max_sentences only while all its sentences together stay within FACTUAL_WORDS (answers to the
    last two quote more: the test fails if the rule went, or if it let long sentences through)."""
    from psp_qa.answering.compose import EXTRA_SENTENCES, FACTUAL_WORDS

    answer = engine.ask(question)
    most = engine.settings.answer.max_sentences
    assert answer.kind == "factual" and 1 <= len(answer.quotes) <= most + EXTRA_SENTENCES, answer.text
    if len(answer.quotes) > most:
        assert sum(len(q.text.split()) for q in answer.quotes) <= FACTUAL_WORDS, answer.text
    else:
        assert question.startswith("Who owns"), answer.text


def test_a_caption_says_nothing_alone_but_a_sentence_about_the_table_does():
    assert says_nothing_alone("Figure 5 - Realist evaluation (adapted from Pawson and Tilley, 1997)")
    assert says_nothing_alone("Table 6 – Reports and Papers screened and selected")
    assert not says_nothing_alone("Table 6 gives the number of reports screened and the ones selected for this paper.")


def test_how_far_something_spread_is_told_by_figures():
    cues = Cues("How far has the scheme spread since it began?")
    assert cues.extent and cues.wants_type("The scheme was started by a local volunteer with a bicycle.")
    assert cues.bonus("Today the scheme runs across 65 local councils and 27 countries.") > cues.bonus(
        "The scheme was started by a local volunteer who wanted to help older people."
    )
    assert not Cues("How far has the partnership got with its plans?").extent  # a stage, not a spread


def test_how_far_something_got_is_told_by_the_stage_it_reached():
    cues = Cues("How far along has the project got?")
    assert cues.progress
    assert cues.bonus("The first project is at the stage of scaling up its services.") > cues.bonus(
        "The first project set out to design services with the people who use them."
    )
    assert not Cues("How far did people travel to the project?").progress


def test_a_long_row_quotes_its_best_cells_beside_its_objective(engine):
    """A row too long to quote whole: its label and first cell as one span, then its best cells, in order."""
    from psp_qa.answering.compose import ROW_BEST_CELLS, Composer

    question = "What stage has the NHS Lothian PSP reached?"
    rows = [p for p in engine.index.passages if p.lead and row_label(p.lead) == "NHS Lothian"]
    passage = max(rows, key=lambda p: len(p.text))  # its objectives and achievements, not its interviews
    cues = Cues(question)
    cells = engine.composer._candidates([passage], engine.queries.vector(question), cues)
    assert sum(len(c.text.split()) for c in cells) > 60  # too long to quote whole
    quoted = Composer._row(cells[0], cells)
    later = sorted((c for c in cells[2:]), key=lambda c: -c.score)[:ROW_BEST_CELLS]
    assert quoted[0].text.startswith("NHS Lothian") and quoted[0].cells == 2
    assert [c.position for c in quoted[1:]] == sorted(c.position for c in later)
    answer = engine.ask(question)
    assert any(re.search(r"\bat the stage\b", q.text) for q in answer.quotes), answer.text


PURPOSE_WORDS = re.compile(r"\b(?:aims?|objectives?|goals?|purposes?)\b", re.I)


def test_an_aim_is_told_by_the_sentence_that_states_one_whichever_word_it_uses():
    """ "What's the main goal?" is answered by "Its overall objective was ...", not by when it was set up."""
    cues = Cues("What's the main goal of the unit?")
    assert cues.purpose
    stated = "Its overall objective was to give every child access to cultural experiences."
    assert cues.bonus(stated) > cues.bonus("In 2005 the city set up the unit as a new service for children.")
    assert Cues("What was the project trying to do?").purpose
    assert not Cues("Which examples are aimed at older people?").purpose  # who a thing is for, not its aim
    assert not Cues("When was the unit set up?").purpose


@pytest.mark.parametrize("question", ["What was the purpose of Kulturverket?", "What were the Netti-Nysse bus's aims?"])
def test_an_aim_question_quotes_the_sentence_stating_the_aim(engine, question):
    answer = engine.ask(question)
    assert any(PURPOSE_WORDS.search(q.text) for q in answer.quotes), answer.text


def test_pushback_and_what_is_missing_ask_for_challenges(engine):
    """Words of resistance and of a gap give a question the challenge sense: not the sentences on what enabled it."""
    assert sense("What pushback did the hub get?") == -1
    assert sense("What is still missing between the two partners?") == -1
    assert sense("Was there opposition to the plan?") == -1
    answer = engine.ask("What pushback did the Social Impact Factory meet?")
    assert any(sense(q.text) == -1 for q in answer.quotes), answer.text
    assert all(sense(q.text) != 1 for q in answer.quotes), answer.text


def test_a_question_naming_one_thing_is_not_asking_for_several():
    """A singular noun before its verb or qualifier asks for one thing; a plural one, or a verb, may ask for more."""
    for question in (
        "What net benefit per client did the service show?",
        "Which website did the researchers use to find examples?",
        "What percentage of the projects found money to keep going?",
        "What was the overall drop in reconvictions across both cohorts?",
    ):
        assert Cues(question).one_thing, question
    for question in (
        "What challenges were faced in the first phase?",
        "What early results came out of the project?",
        "And what got in its way, in short?",
        "What did the evaluation find?",
    ):
        assert not Cues(question).one_thing, question


def test_one_figure_asked_with_a_finding_word_is_answered_by_its_sentence_not_the_topic(engine):
    """ "What net benefit ... did it show?" holds "show", a word of findings: still one figure, a short factual answer."""
    answer = engine.ask("What net benefit per client did the Connected Care service show?")
    assert answer.kind == "factual" and len(answer.text.split()) <= 100, answer.text
    assert any("net benefit per client" in q.text and "£" in q.text for q in answer.quotes), answer.text


def test_a_reason_is_told_by_causal_words_beyond_because():
    cues = Cues("Why did it matter?")
    assert cues.gives_reason("The difficulties were apparently related to the public sector being the sole funder.")
    assert cues.gives_reason("If the commitment of staff was high, then the activity would be integrated.")
    assert cues.gives_reason("The ability to work outside could positively affect recidivism rates.")
    assert not cues.gives_reason("The project started in 2012 in Copenhagen.")


def test_a_why_answer_tells_on_to_the_sentence_that_gives_the_reason(engine):
    """The best sentence names what is asked about ("there was evidence of some tensions"); the examples after it
    go on to the one that says why: they are quoted up to it, in the report's order."""
    question = "Why were there tensions in the Village Sports partnership?"
    answer = engine.ask(question)
    cues = Cues(question)
    reasons = [q for q in answer.quotes if cues.gives_reason(q.text)]
    assert reasons and goes_on(reasons[0].text), answer.text
    passage = answer.hits[reasons[0].citation - 1].passage
    texts = [" ".join(t.split()) for t in passage.sentence_texts()]
    at = texts.index(reasons[0].text)
    assert texts[at - 1] in [q.text for q in answer.quotes], answer.text  # what it goes on from


def test_a_negation_is_not_a_word_inside_a_name():
    assert negates("What happens when there isn't a strong law behind it?")
    assert negates("Where the push is not as strong, the work is seen as additional.")
    assert not negates("What else helped Cycling without Age work?")
    assert negates("Cycling without Age is not funded by the council.")


def test_a_question_asked_in_the_negative_quotes_the_sentence_about_that_case(engine):
    """ "Without a strong push" is answered by the sentence on where the push "is not as strong"."""
    answer = engine.ask("What becomes of partnership work without a strong legislative push?")
    assert any(negates(q.text) and "strong" in q.text for q in answer.quotes), answer.text


def test_what_has_to_happen_is_told_by_the_sentence_that_says_it_must():
    cues = Cues("What has to happen with the money for a pilot that works?")
    assert cues.obligation and Cues("so what still needs doing?").obligation
    assert not Cues("What happened with the money?").obligation
    assert cues.bonus("Funding for a successful service has to be ring-fenced.") > cues.bonus(
        "Funding for the service came from the council."
    )


@pytest.mark.parametrize(
    "question",
    [
        "What has to happen to the funding of a service that succeeds as a pilot?",
        "What still needs doing to embed the Strategic PSP way of working?",
    ],
)
def test_an_obligation_question_quotes_a_sentence_of_obligation(engine, question):
    answer = engine.ask(question)
    assert any(re.search(r"\b(?:has|have|needs?)\s+to\b|\b(?:should|must)\b", q.text) for q in answer.quotes), (
        answer.text
    )


def test_a_lone_sentence_brings_the_one_that_carries_its_thought_on(engine):
    """One sentence answers, and the next ("However, the argument was made that ...") qualifies it: both, in order,
    from the same passage, within a factual answer's length."""
    answer = engine.ask("Why was the commitment of care home staff important for the rickshaw rides?")
    assert len(answer.text.split()) <= 100, answer.text
    for first, second in zip(answer.quotes, answer.quotes[1:]):
        if first.citation == second.citation and leans_on_context(second.text):
            passage = answer.hits[first.citation - 1].passage
            texts = [" ".join(t.split()) for t in passage.sentence_texts()]
            assert texts.index(second.text) == texts.index(first.text) + 1
            return
    raise AssertionError(answer.text)


@pytest.mark.parametrize("rank", [4, 5])
def test_a_sentence_below_the_top_passages_that_answers_best_is_quoted(engine, rank):
    """Retrieval may rank the answering passage fourth or fifth: its sentence, when it answers better than every
    sentence of the top three, is quoted beside theirs."""
    from dataclasses import replace

    from psp_qa.answering.retrieve import Ranking

    question = "How many in-depth face-to-face interviews were conducted?"
    found = engine.retriever.search(question, 20)
    answering = next(h for h in found.hits if "28 in-depth face-to-face interviews" in h.passage.text)
    others = [h for h in found.hits if h is not answering and not is_reference_list(h.passage.section)]
    hits = [*others[: rank - 1], answering, *others[rank - 1 :]]
    ranking = Ranking([replace(h, rank=at) for at, h in enumerate(hits, 1)], found.evidence)
    quotes = engine.composer.factual(ranking, engine.queries.vector(question), Cues(question), 3, fill=True)
    assert any("28 in-depth face-to-face interviews" in c.text for c in quotes), [c.text for c in quotes]


def test_a_lone_table_cell_gives_way_to_the_sentences_that_answer(engine):
    """A table's cell ("Voices Involved from the Public Sector, Third Sector and") tells less than a sentence:
    an answer the top passages' sentences give quotes no lone cell beside them."""
    from psp_qa.answering.tables import is_cell

    answer = engine.ask("What software was used to analyse the gathered data?")
    assert "NVivo" in answer.text, answer.text
    assert not any(is_cell(q.text) for q in answer.quotes), answer.text
