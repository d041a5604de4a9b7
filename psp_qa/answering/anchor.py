"""The sentence that answers, kept in an answer of several points.

A factual question that asks for several things ("What did the evaluation
find?") is answered with points drawn from its topic (compose.py's open
answer). Its points are the best sentences of each passage for the topic as a
whole; the one sentence that answers the question as asked, the factual
path's best, may be none of them. It takes the place of its point's weakest
sentence, so that the answer says what was asked without growing.
"""

from __future__ import annotations

from psp_qa.answering.drafts import Candidate, Draft


def _same(a: Candidate, b: Candidate) -> bool:
    return a.passage.id == b.passage.id and a.position == b.position


def anchored(points: list[Draft], answering: list[Candidate], order: dict[str, int], most: int) -> list[Draft]:
    """`points` with the `answering` sentences in them: in their section's point, in the report's order,
    in place of its weakest sentences when it already holds `most`; or as a point of their own."""
    missing = [c for c in answering if not any(_same(c, s) for p in points for s in p.sentences)]
    if not missing:
        return points
    section = missing[0].passage.section
    at = next((i for i, p in enumerate(points) if p.section == section), None)
    if at is None:
        point = Draft(section[-1] if section else "", section, tuple(missing))
        where = sum(order[p.sentences[0].passage.id] < order[missing[0].passage.id] for p in points if p.sentences)
        return [*points[:where], point, *points[where:]]
    kept = sorted(points[at].sentences, key=lambda c: -c.score)[: max(0, most - len(missing))]
    merged = sorted([*kept, *missing], key=lambda c: (order[c.passage.id], c.position))
    return [*points[:at], Draft(points[at].heading, section, tuple(merged)), *points[at + 1 :]]


def answer_first(points: list[Draft], answering: list[Candidate]) -> list[Draft]:
    """`points` with the one holding the first `answering` sentence put first: a question asking one thing of a
    topic is answered at the top, the rest of the topic after it."""
    if not answering:
        return points
    at = next((i for i, p in enumerate(points) if any(_same(answering[0], s) for s in p.sentences)), None)
    return points if at is None else [points[at], *points[:at], *points[at + 1 :]]
