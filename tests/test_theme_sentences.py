"""The sentences a theme quotes, on the bundled report: each place's sentence about the theme's subject.

A theme asked across the report ("what role does training play?") is answered by one point per
place that speaks of it. Which sentence of a place is quoted is decided by the subject alone: not
by the question's form ("how much does the law matter?" asks for no figure), not by the place's
opening (which says what a case study is), and never a table row's label on its own.
"""

from __future__ import annotations

import re

from psp_qa.answering.kinds import THEME


def _uses(text: str, pattern: str) -> bool:
    return re.search(pattern, text, re.I) is not None


def test_how_much_a_theme_matters_quotes_the_places_that_speak_of_it_not_figures(engine):
    answer = engine.ask("How much does the law matter in all this?")
    assert answer.in_scope and answer.kind == THEME
    # The report's word for the law ("legislation") counts as the subject's own: each place quotes it.
    about = [p for p in answer.points if all(_uses(q.text, r"\blaws?\b|legislat") for q in p.quotes)]
    assert len(about) >= 4


def test_each_place_of_a_theme_quotes_its_sentence_about_the_subject_not_its_opening(engine):
    answer = engine.ask("Where does training or skills-building turn up in the report?")
    assert answer.kind == THEME
    assert len(answer.points) >= 5
    # Every point's first quote uses the subject's words ("training" is in a case study's third sentence, not its first).
    assert all(_uses(p.quotes[0].text, r"\btrain|skill") for p in answer.points)


def test_a_theme_of_several_words_is_not_whatever_uses_its_commonest_word(engine):
    # "partners" is in half the report: a sentence using it alone is not about partners sharing what they learn.
    answer = engine.ask("How much does the report talk about partners sharing knowledge and learning from each other?")
    assert answer.kind == THEME
    about = [p for p in answer.points if any(_uses(q.text, r"learn|knowledge|shar") for q in p.quotes)]
    assert len(about) >= 6 and len(about) >= len(answer.points) - 1


def test_a_theme_never_quotes_a_table_rows_label_on_its_own(engine):
    labels = {row.label.text for row in engine.composer.rows}
    for question in ("Which parts of the report deal with prisons?", "What role does training play across the report?"):
        answer = engine.ask(question)
        assert answer.kind == THEME
        assert not [q.text for q in answer.quotes if q.text in labels]
        # A row's cell is shown under its label instead: "Low Moss: New throughcare support model ...".
        rows = [p for p in answer.points if p.heading in labels]
        assert rows and all(p.quotes for p in rows)


def test_how_important_a_theme_was_is_searched_by_its_subject():
    from psp_qa.answering.kinds import question_kind

    kind = question_kind("How important was funding across the examples?")
    assert kind.name == THEME and kind.subject == "funding"


def test_a_place_quoted_on_a_term_goes_on_to_the_sentence_that_turns_on_it(engine):
    """ "The importance of leadership ... has been recognised." is followed by "However, ... leadership alone was
    not sufficient ...": the turn is what the place says, though it never names the term."""
    answer = engine.ask("What do they mean by the Strategic PSP model?")
    turns = 0
    for number, hit in enumerate(answer.hits, start=1):
        texts = [" ".join(t.split()) for t in hit.passage.sentence_texts()]
        quoted = [q.text for q in answer.quotes if q.citation == number]
        for at, text in enumerate(texts[:-1]):
            if text in quoted and re.match(r"(?:however|but)\b", texts[at + 1], re.I):
                assert texts[at + 1] in quoted
                turns += 1
    assert turns >= 2
