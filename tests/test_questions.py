"""Whatever people type, the engine answers or says clearly why it cannot, and keeps working."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psp_qa.errors import PspQaError, QuestionError

ODD_QUESTIONS = [
    "What made\x00 Bollate\x07 succeed?",  # control characters and NUL
    "Что сделало Боллате успешным?",  # Cyrillic
    "博拉特监狱为什么成功？",  # CJK
    "ما الذي جعل بولاتي ناجحا؟",  # Arabic
    "🙂🙂 Bollate 🚀?",  # emoji
    "<img src=x onerror=alert(1)> What made Bollate succeed?",  # HTML injection
    "[x](javascript:alert(1)) Bollate",  # Markdown link injection
    "the of and",  # only stop-words
    "Bollate \ud800 succeed?",  # a lone surrogate, as a broken JSON escape gives
    "a" * 1500,  # one very long word
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 10,
]


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_odd_questions_get_an_answer_object_and_the_next_question_still_works(engine, question):
    answer = engine.ask(question).to_dict()
    assert answer["question"]
    assert len(answer["passages"]) == 5
    for quote in answer["quotes"]:
        cited = answer["passages"][quote["citation"] - 1]["text"]
        assert quote["text"] in " ".join(cited.split())
    follow = engine.ask("What made Bollate succeed?")
    assert follow.in_scope and "The success of Bollate" in follow.hits[0].passage.text


def test_injected_markup_is_kept_as_plain_text_in_the_question(engine):
    answer = engine.ask("<script>alert(1)</script> Bollate?")
    assert answer.question == "<script>alert(1)</script> Bollate?"


@pytest.mark.parametrize("question", ["", " ", "\x00\x00", "\n\t \r", "x" * 2001])
def test_unanswerable_input_is_a_question_error(engine, question):
    with pytest.raises(QuestionError):
        engine.ask(question)


@pytest.mark.parametrize("top_k", [0, 21, -1, "5", 2.5])
def test_top_k_out_of_range_is_a_question_error(engine, top_k):
    with pytest.raises(QuestionError, match="top_k"):
        engine.ask("What made Bollate succeed?", top_k=top_k)


@pytest.mark.parametrize("history", [[1, 2], [{"question": 5}], "not a list of turns"])
def test_malformed_history_is_a_question_error(engine, history):
    with pytest.raises(QuestionError):
        engine.ask("What challenges did it face?", history=history)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    question=st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60),
        st.lists(
            st.sampled_from(["Bollate", "the", "?", "it", "its", "PSP", "£", "[18]", "<b>", "\x00"]), max_size=12
        ).map(" ".join),  # fmt: skip
    ),
    history=st.lists(st.text(max_size=80), max_size=3),
)
def test_any_question_gives_an_answer_or_a_psp_qa_error(engine, question, history):
    try:
        answer = engine.ask(question, history=history)
    except PspQaError:
        return
    data = answer.to_dict()
    assert isinstance(data["in_scope"], bool)
    # top_k (5) passages for a factual answer; a broad one may cite up to 10 (issue 10).
    assert 1 <= len(data["passages"]) <= (5 if data["kind"] == "factual" else 10)
    assert data["standalone_question"]


def test_a_broad_answer_lists_at_most_ten_passages(engine):
    # Found by hypothesis: an overview citing ten passages also kept an uncited one of the top five (eleven).
    answer = engine.ask("0000£AAA:PSP:13")
    assert len(answer.hits) <= 10
    assert {q.citation for q in answer.quotes} <= set(range(1, len(answer.hits) + 1))
