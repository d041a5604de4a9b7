"""Overviews and comparisons on the bundled report: what the top passages hold, how long the answer runs.

A person reads an answer's top: its passages after the first are the ones it quotes, and no
overview or comparison runs on for page after page or says one thing twice.
"""

from __future__ import annotations

import pytest

from psp_qa.answering.kinds import COMPARISON, OVERVIEW

BROAD_QUESTIONS = [
    "How did the scoping review search for and select examples of other partnership models?",
    "Can you give me an overview of the Recovery College case study?",
    "can you sum up the main lessons the report draws from the Scottish partnerships?",
    "Give me the gist of the Peterborough social impact bond.",
    "How did they analyse the data, including the documents and literature?",
    "How does Bollate compare with Avis when it comes to being part of the mainstream?",
    "How do Brescia Città del Noi and the Social Impact Factory compare?",
    "Compare the two Finnish examples, Village Sports and the Netti-Nysse bus.",
]
MAX_OVERVIEW_WORDS = 560
MAX_COMPARISON_WORDS = 700


@pytest.fixture(scope="module")
def answers(engine):
    return {q: engine.ask(q, top_k=10) for q in BROAD_QUESTIONS}


@pytest.mark.parametrize("question", BROAD_QUESTIONS)
def test_a_broad_answers_quoted_passages_come_before_those_it_does_not_quote(answers, question):
    # After the question's own best passage, every passage the answer quotes ranks above every one it does not.
    answer = answers[question]
    cited = {q.citation for q in answer.quotes}
    ranks = [hit.rank for hit in answer.hits[1:]]
    quoted = [r in cited for r in ranks]
    assert quoted == sorted(quoted, reverse=True), (question, ranks, sorted(cited))


@pytest.mark.parametrize("question", BROAD_QUESTIONS)
def test_an_overview_or_comparison_stays_readable(answers, question):
    answer = answers[question]
    words = len(answer.text.split())
    if answer.kind == OVERVIEW:
        assert words <= MAX_OVERVIEW_WORDS, (question, words)
    if answer.kind == COMPARISON:
        assert words <= MAX_COMPARISON_WORDS, (question, words)


@pytest.mark.parametrize("question", BROAD_QUESTIONS)
def test_no_sentence_is_quoted_twice(answers, question):
    texts = [" ".join(q.text.split()).lower() for q in answers[question].quotes]
    assert len(texts) == len(set(texts)), question


def test_how_the_study_was_done_goes_over_the_parts_of_its_methods(engine):
    # The top passages mostly lie in the methods' section, with a case study's ranked second: the answer goes
    # over the methods' parts (Primary data, Secondary data, Analysis, ...), not a theme across the report
    # (the sentence that answers it as asked may be added beside them).
    answer = engine.ask("how did the researchers actually go about doing this study?", top_k=10)
    methods = next(s for s in engine.index.sections if s[-1].endswith("Methodology"))
    inside = [p for p in answer.points if p.section[: len(methods)] == methods]
    assert len(inside) >= 4 and len(inside) >= len(answer.points) - 1, [p.heading for p in answer.points]


def test_a_sentence_pointing_to_the_next_section_says_nothing_alone():
    from psp_qa.answering.sentences import says_nothing_alone

    assert says_nothing_alone("The approach to analysis of the secondary data is detailed in the next section")
    assert says_nothing_alone("These findings are summarised in the following chapter.")
    assert not says_nothing_alone(
        "A review of alternative PSP models delivered elsewhere in the UK and further afield."
    )


def test_a_summary_quotes_what_was_found_not_that_something_was(answers):
    # "A number of lessons can be drawn ...", "Some factors were analysed ...": the lessons and factors instead.
    from psp_qa.answering.sentences import announces

    assert announces("A number of lessons can be drawn from the experience of the Strategic PSPs in Scotland.")
    assert announces("Some difficulties in managing the partnership were identified.")
    assert not announces("Two services were started but not reconfirmed.")
    for question, answer in answers.items():
        if answer.kind in (OVERVIEW, COMPARISON):
            assert not any(announces(q.text) for q in answer.quotes), question


def test_a_summary_quotes_the_first_thing_an_announcing_sentence_leads_to(engine):
    # "Several possible limitations have been outlined ..." chosen for a point: the first limitation goes with it.
    from psp_qa.answering.compose import announced_next
    from psp_qa.answering.drafts import Candidate
    from psp_qa.answering.sentences import announces

    led = []
    for passage in engine.index.passages:
        texts = [" ".join(t.split()) for t in passage.sentence_texts()]
        for at, text in enumerate(texts[:-1]):
            if announces(text):
                found = announced_next((Candidate(0.5, passage, at, text),))
                led.append([c.text for c in found] == [text, texts[at + 1]])
    assert led and all(led)


def test_a_comparison_side_told_in_one_passage_says_most_of_it(engine):
    # One side a single passage, the other four: the single passage is not cut to a few sentences.
    answer = engine.ask("how does the Social Impact Factory compare with Welkom in Utrecht?", top_k=10)
    assert answer.kind == COMPARISON
    sides = [p for p in answer.points if p.quotes]
    single = [p for p in sides if len({q.citation for q in p.quotes}) == 1]
    assert single, [p.heading for p in sides]
    assert all(len(p.quotes) >= 5 for p in single), [(p.heading, len(p.quotes)) for p in single]
