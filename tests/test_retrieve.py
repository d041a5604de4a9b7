"""Retrieval reads what a question asks for from its question words, on the bundled report."""

from __future__ import annotations

import numpy as np
import pytest


def test_a_when_question_prefers_the_passage_whose_close_sentence_holds_a_date(engine):
    # Without the date signal the Challenges and Outcomes passages, which name Bollate more often, lead.
    answer = engine.ask("What year did the Bollate prison open?")
    assert "In 2000, Bollate" in answer.hits[0].passage.text


def test_a_missing_word_is_never_bridged_to_its_opposite(engine):
    # Embedding neighbours are often opposites: "stopped" is nearest "continue", "wrong" nearest "right".
    from psp_qa.indexing.keywords import keyword_tokens

    bridged = engine.retriever.bridged_words
    assert not set(keyword_tokens("continue")) & set(bridged("Why was the bond stopped before the third cohort?"))
    assert not set(keyword_tokens("right")) & set(bridged("what went wrong with the pilots"))
    assert set(keyword_tokens("success")) <= set(bridged("What made Bollate succeed?"))  # a form of the word stays


def test_a_figure_question_prefers_a_passage_whose_close_sentence_holds_a_figure(engine):
    # A keyword fragment asking for a figure: without the signal, the Challenges passage, which names Bollate
    # and reoffending's neighbours as often, leads with no figure at all.
    answer = engine.ask("bollate reoffending figure")
    assert answer.hits[0].passage.section[-2:] == ("Bollate Prison", "Outcomes")
    from psp_qa.answering.retrieve import states_figure

    assert any(states_figure(sentence) for sentence in answer.hits[0].passage.sentence_texts())


def test_a_name_used_only_in_its_own_section_names_it_in_any_case(engine):
    for question, heading in [
        ("bollate reoffending figure", "Bollate Prison"),
        ("Why was the Peterborough bond stopped?", "HMP Peterborough Social Impact Bond"),
        ("How are council staff in Brescia helped to learn?", "Brescia Cittá del Noi"),
    ]:
        assert engine.follow_up(question).topic[-1:] == (heading,), question
    # An everyday word in lower case is no name, even when the report uses it only in one heading.
    assert "Bounce Back Project" not in engine.follow_up("How much does the charity give back per euro?").topic


def test_a_when_question_wants_a_year_and_a_how_long_question_a_duration_too(engine):
    retriever = engine.retriever
    durations = [i for i, text in enumerate(retriever.sentence_texts) if "runs for six months" in text]
    years = [i for i, text in enumerate(retriever.sentence_texts) if "was established in 2014" in text]
    assert durations and years
    when, _ = retriever._answer_type("What year was the Social Impact Factory set up?")
    how_long, _ = retriever._answer_type("How long do its pilot projects last?")
    assert when[years[0]] and not when[durations[0]]
    assert how_long[years[0]] and how_long[durations[0]]


def test_a_question_form_reads_a_facet_and_a_heading_the_same_way():
    from psp_qa.answering.facets import PROBLEMS, RESULTS, facet

    for text in [
        "Challenges",
        "Barriers",
        "Limitations",
        "what went wrong",
        "What held it back?",
        "did anyone object?",
    ]:
        assert facet(text) == PROBLEMS, text
    for text in ["what's still missing between them?", "What is missing from the plan?"]:
        assert facet(text) == PROBLEMS, text
    for text in [
        "Outcomes",
        "Results",
        "Impact",
        "what came out of it",
        "What did the evaluation find?",
        "what did the volunteers get out of it?",
        "What did the towns gain out of taking part?",
    ]:
        assert facet(text) == RESULTS, text
    # Neither, or both: no facet. An evaluation that advises is no finding.
    for text in ["Methodology", "Who ran it?", "What did the evaluation advise?", "the problems and the results"]:
        assert facet(text) is None, text
    # A question asking what a thing is, who is behind it or when it began asks for its basics, unless a name
    # holding a facet's word is all that holds one ("Social Impact Factory").
    from psp_qa.answering.facets import BASICS, asked_facet

    assert asked_facet("What year was the Social Impact Factory set up?", "What year was the set up") == BASICS
    assert asked_facet("Who runs the Recovery College?") == BASICS
    assert asked_facet("Who ran into problems?") == PROBLEMS
    assert asked_facet("Who pays for the work?") is None
    # An aim is told with what a thing is, not among its results; going about something is no outcome.
    assert asked_facet("What was the council hoping to achieve on jobs?") == BASICS
    assert asked_facet("How did the researchers go about finding examples?") is None
    assert asked_facet("How did Peterborough do with the first group released?") == RESULTS


def test_a_question_about_a_topics_problems_or_results_finds_that_subsection_first(engine):
    # Every topic in the section tree with generic subsections: the subsection the question's form asks for
    # leads, not the topic's own passage, which names the topic more often.
    from psp_qa.answering.facets import facet
    from psp_qa.answering.subjects import heading_name

    retriever = engine.retriever
    facets: dict[tuple[str, ...], set[str]] = {}
    for section in engine.index.sections:
        if section and section[-1] in retriever.generic_headings and facet(section[-1]):
            facets.setdefault(section[:-1], set()).add(facet(section[-1]))
    assert len(facets) >= 8
    for topic, found in facets.items():
        name = heading_name(topic[-1])
        asked = {
            "problems": [f"What went wrong with {name}?", f"What is still missing in {name}?"],
            "results": [f"what came out of {name}", f"What did people taking part in {name} get out of it?"],
        }
        for wanted in found:
            for question in asked[wanted]:
                section = engine.ask(question).hits[0].passage.section
                assert section[:-1] == topic and facet(section[-1]) == wanted, question
        # What it is, who runs it, when it began: its own passages, before its subsections.
        for question in [f"Who runs {name}?", f"When was {name} set up?"]:
            assert engine.ask(question).hits[0].passage.section == topic, question


def test_what_is_a_topic_is_answered_from_its_opening_passage(engine):
    # Every topic told in several passages under its own heading: "what is X exactly?" leads with the first,
    # where the report introduces X ("In 2005, the City of Ulmea set up Kulturverket as..."), not a later one.
    from psp_qa.answering.facets import asks_what_it_is
    from psp_qa.answering.subjects import heading_name

    assert asks_what_it_is("what is Kulturverket exactly?") and asks_what_it_is("What's the One Service?")
    assert not asks_what_it_is("What did Kulturverket achieve?")
    retriever = engine.retriever
    own: dict[tuple[str, ...], list[int]] = {}
    for row, passage in enumerate(engine.index.passages):
        if len(passage.section) >= 2 and retriever.topic_of(passage.section) == passage.section and not passage.lead:
            own.setdefault(passage.section, []).append(row)
    several = {section: rows for section, rows in own.items() if len(rows) >= 2}
    assert len(several) >= 5
    for section, rows in several.items():
        words = "what is exactly"
        question = f"what is {heading_name(section[-1])} exactly?"
        hits = retriever.search(question, 5, topic=section, own_words=words, within=words).hits
        assert hits[0].passage == engine.index.passages[rows[0]], section[-1]


def test_whats_been_or_what_is_recommended_asks_no_definition(engine):
    # "what's been" is "what has been", "what is recommended" a participle: neither asks what a thing is, so the
    # answer is ranked as a factual one, its best passage first, not a sentence that happens to define something.
    from psp_qa.answering.kinds import DEFINITION, question_kind

    for question in ["What's been the hardest part so far for the Brescia partnership?", "What is needed to do it?",
                     "What is recommended about training to embed learning?"]:  # fmt: skip
        assert question_kind(question).name != DEFINITION, question
    for question in ["What's the Experts by Experience model?", "what's a PSP", "What is Shared Lives?"]:
        assert question_kind(question).name == DEFINITION, question
    answer = engine.ask("What's been the hardest part so far for the Brescia partnership?")
    assert answer.hits[0].passage.section[-2:] == ("Brescia Cittá del Noi", "Challenges")


def _cases(engine) -> set[tuple[str, ...]]:
    """The section tree's cases: topics with recurring subsections of their own ("Outcomes", "Challenges")."""
    generic = engine.retriever.generic_headings
    return {section[:-1] for section in engine.index.sections if section and section[-1] in generic}


def test_a_question_naming_no_case_leans_to_the_report_at_large(engine):
    # In everyday words, a question naming no case study is about the programme the report evaluates: without the
    # case view a case's Outcomes, which shares its words, leads; with it, the report's own lesson does.
    retriever = engine.retriever
    cases = _cases(engine)
    assert len(cases) >= 8
    question = "Did being in the programme make voluntary groups look more credible?"
    plain = retriever.search(question, 5).hits[0].passage.section
    leaning = retriever.search(question, 5, general=True).hits[0].passage.section
    assert retriever.topic_of(plain) in cases
    assert retriever.topic_of(leaning) not in cases
    assert engine.ask(question).hits[0].passage.section == leaning


def test_the_case_view_never_keeps_a_question_from_the_case_it_names(engine):
    # Every case in the section tree, named by its heading in a question of one thing: its passages lead, ranked
    # the same with the case view as without it (a question with a topic is not leaned away from the cases).
    from psp_qa.answering.subjects import heading_name

    retriever = engine.retriever
    for case in _cases(engine):
        name = heading_name(case[-1])
        for question in [f"What did {name} achieve?", f"How did {name} work?"]:
            turn = engine.follow_up(question)
            assert turn.topic == case, question
            ranked = [
                [h.passage.id for h in retriever.search(question, 10, turn.topic, turn.own_words, within=turn.within,
                                                        general=general).hits]
                for general in (False, True)
            ]  # fmt: skip
            assert ranked[0] == ranked[1], question
            assert retriever.topic_of(engine.ask(question).hits[0].passage.section) == case, question


def test_a_why_question_prefers_the_passage_whose_close_sentence_gives_a_reason(engine):
    # "Why did it stop?" is answered by "The reason was that ...": without the answer type, the Outcomes and
    # Challenges passages, which share the question's other words, lead (the reason was fifth).
    retriever = engine.retriever
    reasons = [i for i, text in enumerate(retriever.sentence_texts) if text.startswith("The reason was that")]
    plain = [i for i, text in enumerate(retriever.sentence_texts) if text.startswith("Results for Cohort 1")]
    assert reasons and plain
    causal, beside = retriever._answer_type("Why did the Peterborough scheme stop before the end?")
    assert causal[reasons[0]] and not causal[plain[0]] and not beside
    assert retriever._answer_type("How did the Peterborough scheme stop?") is None
    question = "Why did the Peterborough scheme stop before the end?"
    turn = engine.follow_up(question)
    hits = retriever.search(question, 5, turn.topic, turn.own_words, within=turn.within, general=True).hits
    assert any("The reason was that" in hit.passage.text for hit in hits[:2])


def test_within_the_topic_the_sentences_meaning_counts_more_than_the_keywords():
    # Outside the topic a passage is scored by the weighted views alone; inside it (all its passages share the
    # name), the sentence view counts topic_sentence_weight more and the passage keywords topic_bm25_discount less.
    import numpy as np

    from psp_qa.answering.retrieve import Views
    from psp_qa.config import RetrievalSettings

    weights = RetrievalSettings()
    assert weights.topic_sentence_weight > 0 and weights.topic_bm25_discount > 0
    rng = np.random.default_rng(7)
    names = ["sentence", "bm25", "sentence_bm25", "dense", "heading", "topic", "case", "answer_type"]
    for _ in range(20):
        scores = {name: rng.random(12).astype(np.float32) for name in names}
        scores["topic"] = (rng.random(12) < 0.5).astype(np.float32)
        plain = sum(getattr(weights, f"{name}_weight") * scores[name] for name in names)
        fused = Views(np.arange(12), scores).fused(weights)
        inside = scores["topic"] == 1
        assert np.allclose(fused[~inside], plain[~inside])
        extra = weights.topic_sentence_weight * scores["sentence"] - weights.topic_bm25_discount * scores["bm25"]
        assert np.allclose(fused[inside], (plain + extra)[inside])


def test_a_named_topics_passages_are_told_apart_by_what_their_sentences_say(engine):
    # "How many branches does Avis run?": the case's own passage says so ("well over 3,000 territorial
    # branches"); its Outcomes, which names Avis more often, led on keywords.
    question = "How many branches does Avis run?"
    turn = engine.follow_up(question)
    assert turn.topic[-1] == "AVIS and the Italian transfusion system"
    assert "3,000 territorial branches" in engine.ask(question).hits[0].passage.text


def test_a_question_not_asking_for_rows_sees_one_row_of_a_table_among_the_top_passages(engine):
    # Every row of the interviews table carries its header's "interviews": unchecked, its short rows took the
    # first places for a question about the number of interviews, ahead of the prose that gives it.
    retriever = engine.retriever
    ranking = retriever.search("How many interviews did the researchers conduct?", 10, general=True)
    tables = [int(retriever.passage_table[int(row)]) for row in _rows(retriever, ranking)]
    rows_of = {table: tables.count(table) for table in tables if table >= 0}
    assert rows_of and max(rows_of.values()) == 1
    # A list spans a table's rows, and keeps them.
    spanning = retriever.search("Which stakeholders were interviewed?", 10)
    spanned = [int(retriever.passage_table[int(row)]) for row in _rows(retriever, spanning)]
    assert max(spanned.count(table) for table in set(spanned) if table >= 0) >= 2


def _rows(retriever, ranking):
    ids = {passage.id: row for row, passage in enumerate(retriever.index.passages)}
    return [ids[hit.passage.id] for hit in ranking.hits]


def test_a_tables_header_words_do_not_score_its_rows_in_the_keyword_views(engine):
    # Each row carries the table's header in its lead; the header tells the table, the row's own cells the row.
    from psp_qa.indexing.keywords import keyword_tokens

    retriever = engine.retriever
    assert retriever.table_header_words and any(len(rows) for rows in retriever.table_rows)
    for header, rows in zip(retriever.table_header_words, retriever.table_rows):
        tokens = sorted(header)
        scores = retriever.index.keywords.scores(tokens)
        sentence_scores = retriever.index.sentence_keywords.scores(tokens)
        kept, per_sentence = retriever._without_header_words(tokens, scores, sentence_scores)
        assert not kept[rows].any()
        assert not per_sentence[np.isin(retriever.index.sentence_passage, rows)].any()
        others = np.setdiff1d(np.arange(len(scores)), np.concatenate(retriever.table_rows))
        assert (kept[others] == scores[others]).all()  # the prose, and the row that spells the header out
    # So the prose that gives the number of interviews comes before the table's short rows.
    hits = retriever.search("How many interviews did the researchers conduct?", 5, general=True).hits
    prose = next(rank for rank, hit in enumerate(hits) if not hit.passage.lead and "interviews" in hit.passage.text)
    assert all(rank > prose for rank, hit in enumerate(hits) if hit.passage.lead and "Table" not in hit.passage.text)
    assert set(keyword_tokens("interviews")) <= set().union(*retriever.table_header_words)


def test_a_keyword_view_scores_a_passage_by_the_share_of_the_question_it_holds(engine):
    # Divided by the best passage's score alone, a passage sharing one common word with a question worded
    # unlike the report would score 1 in the keyword views, as high as a passage holding all its words.
    from psp_qa.indexing.keywords import keyword_tokens

    keywords, retriever = engine.index.keywords, engine.retriever
    for question in ["Did taking part make the charities more believable as providers?", "Who wrote Hamlet?",
                     "What did the Bollate prison evaluation find about reoffending?"]:  # fmt: skip
        tokens = keywords.known(keyword_tokens(question))
        scores = keywords.scores(tokens)
        best = keywords.best_possible(tokens)
        assert scores.max() <= best + 1e-4, question  # no passage scores above each word at its best
        for token in tokens:  # one word alone: its best is its highest score in any passage
            assert abs(keywords.best_possible([token]) - keywords.scores([token]).max()) < 1e-4
        floor = retriever._keyword_floor(keywords, tokens, [])
        assert floor == retriever.settings.keyword_floor * best
    # A question no passage holds much of: its best passage scores well under 1 once scaled.
    tokens = keywords.known(keyword_tokens("Did taking part make the charities more believable as providers?"))
    assert keywords.scores(tokens).max() / retriever._keyword_floor(keywords, tokens, []) < 1


def test_within_a_topic_the_answer_type_may_sit_in_the_sentence_after_a_close_one(engine):
    # "Why was it suspended?": the close sentence says what happened ("... was suspended after the second
    # cohort."), the next one why ("The reason was that ..."). Inside the named topic that passage is typed;
    # the same search naming no topic reads only the close sentences.
    retriever = engine.retriever
    question = "Why was the Peterborough bond suspended before the third cohort?"
    turn = engine.follow_up(question)
    assert turn.topic and turn.topic[-1] == "HMP Peterborough Social Impact Bond"
    causal, beside = retriever._answer_type(turn.within)
    reason = next(i for i, text in enumerate(retriever.sentence_texts) if text.startswith("The reason was that"))
    event = reason - 1
    assert "suspended after the second cohort" in retriever.sentence_texts[event] and not causal[event]
    passage = int(engine.index.sentence_passage[reason])
    best = np.full(len(engine.index.passages), 0.0, dtype=np.float32)
    best[passage] = 0.5
    close_only = {event: 0.5}  # the reason itself is far from the question
    in_topic = retriever._in_section(turn.topic)
    assert not retriever._typed(causal, beside, close_only, best)[passage]
    assert retriever._typed(causal, beside, close_only, best, in_topic)[passage]
    hits = retriever.search(question, 5, turn.topic, turn.own_words, within=turn.within, general=True).hits
    assert "The reason was that" in hits[0].passage.text


@pytest.mark.parametrize(
    "question",
    [
        "How did the older people projects get past the lack of trust between organisations?",
        "What helped staff from different organisations get on in the older people projects?",
    ],
)
def test_a_collection_word_in_one_cases_name_asks_of_that_case(engine, question):
    # "the older people projects" reads as every project (a theme over the collection) unless its words are
    # taken as the heading they name, "Partnership for Older People Projects": that case's Outcomes answer it.
    answer = engine.ask(question)
    assert answer.kind != "list"
    assert any("co-location of staff" in hit.passage.text for hit in answer.hits[:5])
    assert all("Partnership for Older People Projects" in hit.passage.section for hit in answer.hits[:3])


def test_a_yes_or_no_question_is_not_led_by_table_cells_that_only_name_its_subject(engine):
    # A row of short cells ("Scottish Government", "4 Interviews") names things; whether the thing mattered is
    # said in the prose, whenever the prose names it too.
    def named_only(passage):
        return bool(passage.lead) and all(len(s.split()) < 10 for s in passage.sentence_texts())

    rows = [p for p in engine.index.passages if named_only(p)]
    prose = " ".join(p.text for p in engine.index.passages if not p.lead)
    labels = sorted({p.sentence_texts()[0] for p in rows if p.sentence_texts()[0] in prose})
    assert len(labels) >= 3
    for label in labels:
        for question in (f"Did the {label} make a difference?", f"Was the {label} money really needed?"):
            assert not named_only(engine.retriever.search(question, 5).hits[0].passage), question
