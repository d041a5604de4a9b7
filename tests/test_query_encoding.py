"""What an ask sends to the model: only the texts it needs, on the bundled report."""

from __future__ import annotations

import pytest

from psp_qa.answering.retrieve import Retriever


@pytest.fixture(scope="module")
def recorded(engine):
    """A retriever over the engine's index whose model calls are recorded, text by text."""
    texts: list[list[str]] = []

    def encode(batch: list[str]):
        texts.append(list(batch))
        return engine.queries.encode(batch)

    return Retriever(engine.index, engine.settings.retrieval, encode), texts


def test_a_missing_words_negation_is_encoded_only_when_a_neighbour_could_be_its_opposite(recorded):
    retriever, texts = recorded
    texts.clear()
    retriever.search("What made Bollate succeed?", 5)  # "succeed": its neighbours are its forms ("success")
    assert not any(text.startswith("not ") for batch in texts for text in batch)
    texts.clear()
    retriever.bridged_words("Why was the bond stopped before the third cohort?")  # "stopped" is near "continue"
    assert ["not stopped"] in texts


def test_a_question_is_encoded_in_one_model_call_with_the_texts_it_needs(recorded):
    retriever, texts = recorded
    texts.clear()
    retriever.search("What share of Italian blood donors belong to Avis?", 5, within="share blood donors belong")
    assert len(texts) == 1 and texts[0][0] == "What share of Italian blood donors belong to Avis?"


def test_a_questions_model_call_uses_up_to_two_threads_and_a_builds_one_per_batch(engine):
    import os

    from psp_qa.indexing.onnx_encoder import OnnxEncoder, question_threads

    question_encoder = engine.queries._encode.__self__
    assert question_threads() == min(2, len(os.sched_getaffinity(0)))
    assert question_encoder.session.get_session_options().intra_op_num_threads == question_threads()
    build_encoder = OnnxEncoder(engine.index.folder, engine.encoder.max_seq_length, threads=2)
    assert build_encoder.session.get_session_options().intra_op_num_threads == 1
    texts = ["What made Bollate succeed?", "succeed", "What made succeed"]
    assert (question_encoder.encode(texts) == build_encoder.encode(texts)).all()  # the same vectors, to the bit
