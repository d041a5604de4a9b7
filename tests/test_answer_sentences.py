"""The sentence that answers, among the top passages' sentences: a yes-or-no question's predicate in other words,
reasons listed after a sentence announcing them, the title's lead passage, and "what's still missing" as a fact.

Questions written for these tests on the bundled report, not taken from the eval sets.
"""

from __future__ import annotations

import pytest

from psp_qa.answering.compose import reasons_announced
from psp_qa.answering.drafts import Candidate
from psp_qa.answering.kinds import DEFINITION, FACTUAL, question_kind
from psp_qa.answering.sentences import PREDICATE_BONUS, REASON_BONUS, Cues


@pytest.mark.parametrize(
    ("question", "stating", "other"),
    [
        (
            "Was a strong leader enough?",
            "Leadership alone was not sufficient to guarantee it.",
            "Leadership alone was not important to guarantee it.",
        ),
        (
            "Was the money really needed?",
            "The investment was necessary to facilitate this.",
            "The investment was useful to facilitate this.",
        ),
        ("What is still missing?", "Joint planning is still lacking.", "Joint planning is still patchy."),
    ],
)
def test_a_yes_or_no_predicate_is_found_in_whichever_word_states_it(question, stating, other):
    cues = Cues(question)
    assert cues.bonus(stating) - cues.bonus(other) >= PREDICATE_BONUS - 1e-9


@pytest.mark.parametrize(
    "question", ["What's still missing between the two sectors?", "What is now needed to embed the model?"]
)
def test_an_adverb_after_what_is_opens_a_fact_not_a_term(question):
    assert question_kind(question).name == FACTUAL


def test_a_term_after_what_is_is_still_defined():
    assert question_kind("What is co-production?").name == DEFINITION


def _passage_holding(engine, text):
    return next(p for p in engine.index.passages if text in p.text)


def test_reasons_listed_after_an_announcing_sentence_score_as_reasons(engine):
    """ "Some factors were analysed as influencing this result." "First, ..." "Second, ...": reasons."""
    passage = _passage_holding(engine, "Some factors were analysed as influencing this result.")
    texts = [" ".join(t.split()) for t in passage.sentence_texts()]
    announcing = next(i for i, t in enumerate(texts) if t.startswith("Some factors"))
    candidates = [Candidate(0.0, passage, i, t) for i, t in enumerate(texts)]
    scored = reasons_announced(candidates, Cues("Why did the referrals stay low?"))
    listed = [c for c in scored if c.score > 0]
    assert listed and all(c.position > announcing and c.text.startswith(("First", "Second")) for c in listed)
    assert all(c.score == pytest.approx(REASON_BONUS) for c in listed)
    assert all(c.score == 0 for c in reasons_announced(candidates, Cues("What did the referrals show?")))


def test_the_titles_lead_passage_gives_way_to_the_sentence_that_answers(engine):
    """The title names what the whole report is about and holds "Scottish": the sentence naming the one held up
    as an example is quoted."""
    answer = engine.ask("Which of the Scottish partnerships is an example of breaking down silo working?")
    assert any("siloed thinking" in q.text for q in answer.quotes), answer.text
