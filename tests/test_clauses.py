"""The clause view: long sentences cut into clauses at index time, each embedded on its own."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from psp_qa.reading.clauses import MIN_CLAUSE_WORDS, MIN_SENTENCE_WORDS, clause_spans, clauses

# What may stand between two clauses, or before the first and after the last: the break cut out.
_BREAK_ONLY = re.compile(r"[\s–—\-;:,]*")
_WORD = re.compile(r"\w+")


def check_spans(sentence: str) -> None:
    spans = clause_spans(sentence)
    if not spans:
        return
    assert len(spans) >= 2
    assert [sentence[a:b] for a, b in spans] == clauses(sentence)
    edges = [0] + [edge for span in spans for edge in span] + [len(sentence)]
    assert edges == sorted(edges), "clauses are in order and never overlap"
    for start, end in spans:
        clause = sentence[start:end]
        assert clause == clause.strip() and clause, "a clause is stripped of the break around it"
        assert len(_WORD.findall(clause)) >= MIN_CLAUSE_WORDS
        assert clause in sentence
    for gap_start, gap_end in zip(edges[::2], edges[1::2]):
        # Together with the breaks between them, the clauses cover the sentence: no word is lost.
        assert _BREAK_ONLY.fullmatch(sentence[gap_start:gap_end]), sentence[gap_start:gap_end]
    assert len(_WORD.findall(sentence)) >= MIN_SENTENCE_WORDS


_WORDS = st.sampled_from(["the", "partners", "services", "new", "(policy)", "2016", "e.g.", "a", "it's", "PSP"])
_BREAKS = st.sampled_from(
    [" ", " ", " ", ", ", " – ", " - ", "; ", ": ", " but ", ", while ", " rather than ", "—", " 10:30 ", " (a; b) "]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_WORDS, _BREAKS), min_size=0, max_size=45), st.sampled_from(["", ".", " ", ";", " –"]))
def test_clauses_are_ordered_substrings_that_with_their_breaks_cover_the_sentence(parts, end):
    check_spans("".join(word + gap for word, gap in parts).strip(" ") + end)


def test_every_sentence_of_the_report_splits_into_covering_clauses(engine):
    texts = engine.retriever.sentence_texts
    for sentence in texts:
        check_spans(sentence)
    assert sum(bool(clauses(t)) for t in texts) >= 20  # the report's long conclusions are cut


def test_short_sentences_brackets_and_times_are_not_cut():
    assert clauses("Most partners filled gaps – in other words, actions that needed to happen anyway.") == []
    long = "The partners met at 10:30 in the morning to discuss ten of the services they ran across the region and more"
    assert clauses(long) == []  # a time's colon is no break
    cited = "Realist evaluation asks what works for whom and in what circumstances, as set out by " + (
        "(Pawson, 2013; Pawson et al. 2012; Blackwood et al., 2010) in their papers on the method."
    )
    assert clauses(cited) == []  # a citation's semicolons are no break


def test_a_contrasting_link_opens_the_clause_it_leads():
    sentence = (
        "Most of the partnerships filled gaps in provision or reflected wider changes in policy, "
        "rather than resulting in any innovative approaches or new services being mainstreamed."
    )
    assert clauses(sentence) == [
        "Most of the partnerships filled gaps in provision or reflected wider changes in policy",
        "rather than resulting in any innovative approaches or new services being mainstreamed.",
    ]
    # A short part ("in other words") joins the part before it rather than standing alone.
    dashed = sentence.replace("policy, ", "policy – in other words – ")
    assert clauses(dashed)[0].endswith("policy – in other words")


def test_the_index_holds_one_vector_per_clause_of_its_sentences(engine):
    index = engine.retriever.index
    texts = engine.retriever.sentence_texts
    expected = [clause for sentence in texts for clause in clauses(sentence)]
    assert (
        index.clause_index.ntotal == len(index.clause_sentence) == len(expected) == index.manifest["counts"]["clauses"]
    )
    assert [c for c, row in zip(expected, index.clause_sentence.tolist()) if c in texts[row]] == expected
    # A clause's vector is its own, not its sentence's.
    clause_vectors = index.clause_index.reconstruct_n(0, index.clause_index.ntotal)
    sentence_vectors = index.sentence_index.reconstruct_batch(index.clause_sentence.astype(np.int64))
    assert float(np.einsum("ij,ij->i", clause_vectors, sentence_vectors).max()) < 0.99
