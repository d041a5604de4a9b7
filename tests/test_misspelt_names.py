"""A name typed a letter or two wrong is put right to the report's, for retrieval and scope, in a first
question and in a follow-up; a real name the report lacks stays as typed (issue 11)."""

from __future__ import annotations

import pytest

from psp_qa.answering.typos import edits, spelt_right

# (earlier turns, question, what the first or second passage names, a word of the question as searched)
MISSPELT = [
    ([], "what is bouncback?", "BounceBack", "bounceback"),
    ([], "tell me about peterbourgh", "Peterborough", "peterborough"),
    ([], "what did bolate achieve?", "Bollate", "bollate"),
    ([], "kulturverkt outcomes", "Kulturverket", "kulturverket"),
    ([], "what is the social impact factroy", "Social Impact Factory", "factory"),
    ([], "who funded the recovery colege?", "Recovery College", "college"),
    ([], "what is welkom in utrect?", "Welkom", "utrecht"),
    ([], "what were east renfrewshre's aims?", "Renfrewshire", "renfrewshire"),
    ([], "what is the NHS Lothain PSP?", "Lothian", "Lothian"),
    ([], "who is the kirkmann company?", "Kirkman", "kirkman"),
    ([], "what is the cyclng without age project?", "Cycling", "cycling"),
    ([], "what did the tampare bus do?", "Nysse", "tampere"),
    ([], "what about copenhagn?", "Copenhagen", "copenhagen"),
    ([], "who ran bounceback with liverpol university?", "BounceBack", "liverpool"),
    ([], "what is realist evaluaton?", "realist", "evaluation"),
    ([], "who was interviewed from the robretson trust?", "Robertson", "robertson"),
    ([], "what were the outcomes of Peterbourgh?", "Peterborough", "Peterborough"),
    ([], "How did Bolate reduce reoffending?", "Bollate", "Bollate"),
    (["what did Bollate achieve?"], "and what about kulturverkt?", "Kulturverket", "Kulturverket"),
    (["tell me about the Peterborough bond"], "and bouncback?", "BounceBack", "bounceback"),
    (["what is bouncback?"], "who ran it?", "BounceBack", "Bounce Back"),
]

# Names the report lacks, near one of its words: left as typed, and out of scope.
LACKED = [
    "which case studies are from France?",  # not Franco, a name of the bibliography
    "what did they do in Wales?",
    "tell me about the Odense project",  # not "dense": a name as typed is put right only to a name
    "what is Kulturhuset?",  # far from Kulturverket
    "what happened in Peterhead?",
    "what did the Turku bus do?",
    "what did Bolton achieve?",
]


@pytest.mark.parametrize(("earlier", "question", "named", "spelt"), MISSPELT)
def test_a_misspelt_name_finds_its_passages_and_is_answered(engine, earlier, question, named, spelt):
    answer = engine.ask(question, history=earlier)
    assert answer.in_scope, answer.standalone_question
    assert spelt in answer.standalone_question
    top = " ".join(" ".join((*hit.passage.section, hit.passage.text)) for hit in answer.hits[:2])
    assert named.lower() in top.lower(), answer.standalone_question
    assert answer.question == question  # the answer keeps the question as asked


@pytest.mark.parametrize("question", LACKED)
def test_a_name_the_report_lacks_is_not_put_right_into_one_it_has(engine, question):
    assert engine._spelt(question) == question
    assert not engine.ask(question).in_scope


def test_the_first_letter_and_everyday_words_stay(engine):
    # "calories" is no "salaries": a typo seldom starts with the wrong letter.
    assert engine._spelt("How many calories are in a banana?") == "How many calories are in a banana?"
    assert engine._spelt("what is the umea project?") == "what is the umea project?"  # four letters: too short


def test_an_unclear_typo_is_left_as_typed():
    words = ["bollate", "bolante"]
    assert spelt_right("what did bolate do?", lambda w: False, words, frozenset()) == "what did bolate do?"
    assert spelt_right("what did bolate do?", lambda w: False, words[:1], frozenset()) == "what did bollate do?"
    # Capitalised past the start, a word is a name: put right only to one the report writes as a name.
    assert spelt_right("what did Bolate do?", lambda w: False, words[:1], frozenset()) == "what did Bolate do?"
    assert spelt_right("what did Bolate do?", lambda w: False, words[:1], frozenset({"bollate"})) == (
        "what did Bollate do?"
    )


def test_edits_count_swaps_as_one():
    assert edits("factroy", "factory") == 1
    assert edits("peterbourgh", "peterborough") == 2
    assert edits("kitten", "sitting") == 3
    assert edits("", "ab") == 2
    assert edits("france", "franco") == 1


# A follow-up asking for a side of its case quotes that side's subsection first, not the case's introduction.
SIDES = [
    ("what did Bollate achieve?", "what went well?", "Outcomes"),
    ("what did Bollate achieve?", "ok and what's the catch?", "Challenges"),
    ("tell me about the Peterborough bond", "and the good bits?", "Outcomes"),
    ("what is the Social Impact Factory?", "what's the catch?", "Challenges"),
]


@pytest.mark.parametrize(("first", "then", "heading"), SIDES)
def test_a_side_asked_in_a_follow_up_opens_with_its_subsection(engine, first, then, heading):
    answer = engine.ask(then, history=[first])
    assert answer.in_scope
    opening = answer.quotes[0]
    cited = answer.hits[opening.citation - 1].passage
    assert cited.section[-1] == heading, (opening.text, cited.section)


def test_a_side_asked_of_a_case_without_subsections_opens_with_a_sentence_in_that_sense(engine):
    # Kulturverket is told under its own heading alone: its sentence of success, not its introduction.
    answer = engine.ask("what went well?", history=["tell me about Kulturverket"])
    assert answer.in_scope
    assert "success" in answer.quotes[0].text, answer.quotes[0].text


def test_a_contraction_without_its_apostrophe_stays(engine):
    for question in ("wasnt it funded?", "why didnt it work?", "theyre saying what?"):
        assert engine._spelt(question) == question
