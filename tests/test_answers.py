"""The engine answers the report's questions with cited, verbatim sentences."""

from __future__ import annotations

import pytest

from psp_qa.answering.retrieve import generic_headings
from psp_qa.errors import QuestionError

BOLLATE_SUCCESS = "The success of Bollate was facilitated"


def test_bollate_first_passage_holds_the_success_sentence(engine):
    answer = engine.ask("What made Bollate succeed?")
    first = answer.hits[0].passage
    assert answer.in_scope
    assert BOLLATE_SUCCESS in first.text
    assert first.section[-2:] == ("Bollate Prison", "Outcomes")
    assert any(BOLLATE_SUCCESS in quote.text and quote.citation == 1 for quote in answer.quotes)


def test_every_quoted_sentence_is_verbatim_from_its_cited_passage(engine):
    for question in ["What made Bollate succeed?", "How many focus groups were held?",
                     "What guarantee did the Big Lottery Fund provide to investors?"]:  # fmt: skip
        answer = engine.ask(question)
        assert answer.quotes
        for quote in answer.quotes:
            cited = answer.hits[quote.citation - 1].passage
            assert quote.text in " ".join(cited.text.split())


@pytest.mark.parametrize("question", ["What is the capital of France?", "Who wrote Hamlet?",
                                      "How do I bake sourdough bread?"])  # fmt: skip
def test_out_of_scope_is_said_plainly_with_weak_matches(engine, question):
    answer = engine.ask(question)
    data = answer.to_dict()
    assert data["in_scope"] is False
    assert data["answer"] == ""
    assert "does not seem to cover" in data["notice"]
    assert data["passages"] and all(p["weak"] for p in data["passages"])


def test_follow_up_becomes_standalone_and_finds_the_challenges(engine):
    first = engine.ask("What made Bollate succeed?")
    answer = engine.ask("What challenges did it face?", history=[first.to_dict()])
    assert "Bollate" in answer.standalone_question
    assert any(hit.passage.section[-2:] == ("Bollate Prison", "Challenges") for hit in answer.hits[:3])


def test_a_conversation_is_about_the_case_study_of_its_last_answer(engine):
    # The Bollate question is answered from "Bollate Prison › Outcomes": the topic is the case study.
    assert engine.conversation_topic(["What made Bollate succeed?"])[-1] == "Bollate Prison"
    assert engine.conversation_topic([engine.ask("What made Bollate succeed?").to_dict()])[-1] == "Bollate Prison"
    assert engine.conversation_topic(["Who wrote Hamlet?"]) == ()
    assert engine.conversation_topic([]) == ()


def test_within_its_topic_a_follow_up_is_decided_by_its_own_words(engine):
    # The introduction spells "Village Sports" most often; the follow-up asks for the outcomes.
    answer = engine.ask("What were its outcomes?", history=["Tell me about Village Sports."])
    assert answer.standalone_question == "What were Village Sports's outcomes?"
    assert answer.hits[0].passage.section[-2:] == ("Village Sports", "Outcomes")


def test_generic_headings_are_the_ones_under_several_parents():
    sections = [("A",), ("A", "Bollate"), ("A", "Bollate", "Outcomes"), ("A", "Avis", "Outcomes"),
                ("A", "Avis", "Challenges")]  # fmt: skip
    assert generic_headings(sections) == {"Outcomes"}


def test_answer_object_shape(engine):
    data = engine.ask("Who are the partners of the BounceBack project?", top_k=3).to_dict()
    assert set(data) >= {"question", "standalone_question", "in_scope", "answer", "passages"}
    assert len(data["passages"]) == 3
    passage = data["passages"][0]
    assert set(passage) >= {"rank", "id", "text", "source", "section", "page", "start", "end", "score"}
    assert passage["rank"] == 1 and passage["source"] == "strategic-psp-model-report.txt"
    assert "[1]" in data["answer"]


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "empty"), ("   \n\t", "empty"), ("x" * 2001, "limit is 2000"), (None, "must be text")],
)
def test_bad_questions_raise_a_clear_error(engine, question, message):
    with pytest.raises(QuestionError, match=message):
        engine.ask(question)


def test_a_question_of_exactly_2000_characters_is_answered(engine):
    question = ("What made Bollate succeed? " * 80)[:2000]
    assert len(question) == 2000
    assert engine.ask(question).hits
