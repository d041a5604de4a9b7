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
