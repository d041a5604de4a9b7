"""A theme that runs across the report: one cited point per section that speaks to it.

"What role did funding play?", "What does the report say about leadership?" or
"Which examples involve private money?" are answered in several places (a
lesson in the conclusions, a line in each of several case studies), not in one
section. The answer takes the sections of the top passages, keeps the best
sentence of each whose score is close enough to the best one overall, and
shows them in the report's order, so a reader sees the theme as the report
develops it. The section is the topic (a case study, with its Outcomes and
Challenges folded in), so one case study gives one point, not three.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

import numpy as np

from psp_qa.answering.drafts import MAX_PASSAGES, Candidate, Draft, Reader
from psp_qa.answering.item_groups import in_turn
from psp_qa.answering.retrieve import Ranking, is_reference_list
from psp_qa.answering.sentences import Cues, says_nothing_alone, sense
from psp_qa.answering.tables import is_table, says_little_in_a_table
from psp_qa.indexing.keywords import keyword_tokens
from psp_qa.types import Hit, Passage

SPREAD_DEPTH = 30  # top passages a theme is gathered from (of the question and of its subject)
SPREAD_MARGIN = 0.22  # a section's best sentence within this of the best overall speaks to the theme
SPREAD_FLOOR = 0.25  # and never one scored below this
THEME_MIN_TOPICS = 8  # for a theme asked across the report
THEME_MARGIN = 0.18  # there, tighter: the places beyond it that use the theme's own words fill up to THEME_MIN_TOPICS
MIN_TOPICS = 3  # a theme's points, at least, when that many topics score above SPREAD_FLOOR
SECOND_MARGIN = 0.08  # a section's second sentence joins when this close to its first
THEME_SECOND_MARGIN = 0.15  # in a theme, whose points are often two sentences of one case study
MAX_SIDE_POINTS = 5  # what worked and what did not: five points each, ten passages in all
SENSE_MARGIN = 0.1  # there, a topic's second sentence in the sense asked joins when this close to its first
OPEN_TOPIC_DEPTH = 5  # the top passages that tell whether the question is about one topic
RELATED_WORDS = 3  # the report's words nearest a theme's subject that count as its own words
RELATED_SIMILARITY = 0.6
# and rare enough (log inverse passage frequency): "partnership", used everywhere, is no theme word
RELATED_RARITY = 1.5
WORD_WEIGHT = 0.15  # a sentence that uses the theme's own words ("leadership") is about it, beyond its cosine
# A theme asked across the report is read from its subject alone (see spread's `on_subject`): its own words
# count for more there, the report's nearest words only stand in for a subject of a word or two ("the law":
# "legislation"; "partners sharing knowledge" is not about every sentence using "partners").
SUBJECT_WORD_WEIGHT = 0.3
RELATED_SUBJECT_WORDS = 2


# "A, B or C" names alternatives; "A and B" a theme that is both ("procurement and commissioning").
_ALTERNATIVES = re.compile(r"\s*(?:\bor\b|/)\s*", re.I)
_ALTERNATIVE_LIST = re.compile(r"\s*(?:,|;|/|\bor\b)\s*", re.I)


def with_subject(
    subject: str, ranking: Ranking, query_vector: np.ndarray, search: Callable[..., tuple[Ranking, np.ndarray, bool]]
) -> tuple[Ranking, np.ndarray]:
    """A theme's subject searched on its own ("leadership"): its passages after the question's, and its vector,
    which the question's form ("what does the report say about... across the case studies") does not blur."""
    if not subject:
        return ranking, query_vector
    subject_ranking, subject_vector, _ = search(subject, SPREAD_DEPTH)
    seen = {hit.passage.id for hit in ranking.hits[:SPREAD_DEPTH]}
    extra = [hit for hit in subject_ranking.hits if hit.passage.id not in seen]
    return Ranking([*ranking.hits[:SPREAD_DEPTH], *extra], ranking.evidence), subject_vector


def related_words(index, vector: np.ndarray, weights: dict[str, float] | None = None) -> tuple[str, ...]:
    """The report's words nearest a theme's subject ("the law": "legislation"), at most RELATED_WORDS of them,
    each at least RELATED_SIMILARITY close; with `weights`, only those rare enough to mark a theme (a word the
    whole report uses, "partnership" for "what makes partnership working hard?", would favour any sentence)."""
    similarity = index.vocabulary_vectors @ vector
    nearest = np.argsort(-similarity)[:RELATED_WORDS]
    found = [index.vocabulary[i] for i in nearest if similarity[i] >= RELATED_SIMILARITY]
    if weights is not None:
        found = [w for w in found if all(weights.get(t, 0.0) >= RELATED_RARITY for t in keyword_tokens(w))]
    return tuple(found)


def spread(
    composer: Reader,
    ranking: Ranking,
    query_vector: np.ndarray,
    cues: Cues,
    subject: str,
    limit: int,
    margin: float = SPREAD_MARGIN,
    second_margin: float = SECOND_MARGIN,
    by_group: bool = False,
    at_least: int = 0,
    holding: bool = False,
    related: tuple[str, ...] = (),
    on_subject: bool = False,
) -> list[Draft]:
    """At most `limit` points, one per topic among the top passages, in the report's order; a topic whose
    best sentence is more than `margin` below the best overall is left out. `by_group` (over a collection of
    case studies), the topics are taken from each group in turn, so that a long group does not crowd out the
    others. With `at_least`, that many topics are kept (of those above SPREAD_FLOOR) even when one sentence
    scores far above the rest. `holding` (a term's uses), only sentences holding all the words of the subject
    (or of one of its alternatives) are kept, when there are such.

    `on_subject` (a theme asked across the report): each sentence is scored by how near it is to the subject
    and how many of its words it uses, and by nothing the question's form asks ("how much does the law
    matter?" asks for no figure) nor its place (a passage's opening states what the case study is, seldom
    what it says of the theme); a strong topic's second sentence joins when close to its first, however far
    below the best topic's, as a place often speaks of the theme twice."""
    passages = [h.passage for h in ranking.hits[: 2 * SPREAD_DEPTH] if not is_reference_list(h.passage.section)]
    # "universities or academic researchers": a sentence naming either alternative is about the theme.
    parts = _ALTERNATIVE_LIST.split(subject) if _ALTERNATIVES.search(subject) else [subject]
    alternatives = [set(keyword_tokens(a)) for a in parts]
    alternatives = [a for a in alternatives if a] or [set()]
    own = list(alternatives)  # the question's own words for the theme, before the report's nearest ones
    if on_subject and max(len(a) for a in alternatives) > RELATED_SUBJECT_WORDS:
        related = ()
    if related:  # the report's own word for the theme ("the law": "legislation") speaks to it as much
        alternatives.append(set(keyword_tokens(" ".join(related))))
    weight = composer.word_weights  # a rare word of the theme ("capacity") counts for more than "Third Sector"
    totals = [sum(weight.get(w, 0.0) for w in a) for a in alternatives]
    word_weight = SUBJECT_WORD_WEIGHT if on_subject else WORD_WEIGHT

    def scored(c: Candidate) -> Candidate:
        words = set(keyword_tokens(c.text))
        shared = max(sum(weight.get(w, 0.0) for w in a & words) / t if t else 0.0 for a, t in zip(alternatives, totals))
        return Candidate(c.score + word_weight * shared, c.passage, c.position, c.text)

    candidates = [
        scored(c)
        for c in composer._candidates(passages, query_vector, Cues("") if on_subject else cues, openings=not on_subject)
        if not says_nothing_alone(c.text) and not (is_table(c.passage) and says_little_in_a_table(c.text))
    ]

    def uses(c: Candidate) -> bool:
        words = set(keyword_tokens(c.text))
        return any(a and a & words for a in own)

    if holding:
        using = [c for c in candidates if any(a and a <= set(keyword_tokens(c.text)) for a in alternatives)]
        candidates = using or candidates
        margin = 1.0 if using else margin  # every topic that uses the term says something of what it is
    if not candidates:
        return []
    labels = {(c.passage.id, c.position): row.label for row in composer.rows for c in row.cells}
    by_topic: dict[tuple[str, ...], list] = {}
    for candidate in sorted(candidates, key=lambda c: -c.score):
        by_topic.setdefault(composer.retriever.topic_of(candidate.passage.section), []).append(candidate)
    best = max(c.score for c in candidates)
    floor = max(SPREAD_FLOOR, best - margin)
    ranked = sorted(by_topic, key=lambda t: -by_topic[t][0].score)
    kept = [t for t in ranked if by_topic[t][0].score >= floor]
    strong = set(kept)  # a topic kept only to show more places has one sentence
    if len(kept) < at_least:  # one sentence far above the rest: a theme still shows the next places it comes up
        # beyond the margin, a place counts when its sentence uses the question's own word for it ("leadership")
        named = [t for t in ranked if by_topic[t][0].score >= SPREAD_FLOOR and (t in strong or uses(by_topic[t][0]))]
        kept = named[: min(at_least, limit)]
    if by_group:
        chosen = in_turn(kept, lambda t: by_topic[t][0].score, limit)
        kept = sorted(chosen, key=lambda t: -by_topic[t][0].score)
    drafts, cited = [], {by_topic[topic][0].passage.id for topic in kept[:limit]}
    for topic in kept[:limit]:
        first, *rest = by_topic[topic]
        chosen = [first]
        for second in rest[:1] if topic in strong else []:  # a second sentence, within `limit` passages
            # and itself above the floor: a topic's weak second sentence is no point of the theme
            lowest = first.score - second_margin if on_subject else max(first.score - second_margin, floor)
            if second.score >= lowest and len(cited | {second.passage.id}) <= limit:
                chosen.append(second)
                cited.add(second.passage.id)
        quoted = {(c.passage.id, c.position) for c in chosen}
        chosen += [t for t in map(_turn_after, chosen) if t and (t.passage.id, t.position) not in quoted]
        # A table cell is shown with its row's label ("NHS Lothian"): in one span with it when the passage prints
        # them together ("Low Moss 2 representatives of ..."), else as the heading of the row's own point; a
        # label quoted alone is a fragment that says nothing.
        rows: dict[str, list[Candidate]] = {}
        for at, cell in enumerate(list(chosen)):
            label = labels.get((cell.passage.id, cell.position))
            if not label or label.passage is not cell.passage or any(c.position == label.position for c in chosen):
                continue
            joined = f"{label.text} {cell.text}"
            if joined in " ".join(cell.passage.text.split()):
                chosen[at] = Candidate(cell.score, cell.passage, label.position, joined)
            else:
                rows.setdefault(label.text, []).append(cell)
        apart = {(c.passage.id, c.position) for cells in rows.values() for c in cells}
        chosen = [c for c in chosen if (c.passage.id, c.position) not in apart]
        for heading, sentences in [(topic[-1] if topic else "", chosen), *rows.items()]:
            if sentences:
                sentences.sort(key=lambda c: (composer.order[c.passage.id], c.position))
                drafts.append(Draft(heading, topic, tuple(sentences)))
    drafts.sort(key=lambda d: (composer.order[d.sentences[0].passage.id], d.sentences[0].position))
    return drafts


# A sentence that turns on the one before it: "The importance of leadership has been recognised." - "However,
# leadership alone was not sufficient ...". The turn is what the place says of it, however few of its words it holds.
_TURN = re.compile(r"^(?:however|but|yet|nevertheless|nonetheless|even\s+so)\b", re.I)


def _turn_after(sentence: Candidate) -> Candidate | None:
    """The next sentence of a quoted one's passage when it turns on it (see _TURN), at the quoted one's score."""
    if is_table(sentence.passage) or sentence.cells > 1:
        return None
    texts = sentence.passage.sentence_texts()
    at = sentence.position + 1
    if at < len(texts) and _TURN.match(texts[at].strip()):
        return Candidate(sentence.score, sentence.passage, at, " ".join(texts[at].split()))
    return None


def ranked_by_points(drafts: list[Draft], ranking: Ranking) -> Ranking:
    """The ranking with the points' passages first, best point first: the answer reads in the report's
    order, but its first passages are those that speak to the theme most, after the question's own best
    passage when a point quotes it ("what part did the council play in X?": X's passage, then the others)."""
    # Each passage by its own best quoted sentence: a strong point's weaker second passage is no lead source.
    best: dict[str, float] = {}
    for c in (c for d in drafts for c in d.sentences):
        best[c.passage.id] = max(best.get(c.passage.id, c.score), c.score)
    lead = best_passage_first(sorted(best, key=lambda i: -best[i]), ranking)
    score = {hit.passage.id: hit.score for hit in ranking.hits}
    passages = {c.passage.id: c.passage for d in drafts for c in d.sentences}
    first = [Hit(passages[i], score.get(i, 0.0), rank) for rank, i in enumerate(lead, start=1)]
    rest = [hit for hit in ranking.hits if hit.passage.id not in passages]
    return Ranking([*first, *rest], ranking.evidence)


def passage_first(ranking: Ranking, passage: Passage) -> Ranking:
    """The ranking with `passage` first, the others in their order."""
    hits = [hit for hit in ranking.hits if hit.passage.id == passage.id] or [Hit(passage, 0.0, 1)]
    return Ranking([*hits[:1], *(hit for hit in ranking.hits if hit.passage.id != passage.id)], ranking.evidence)


def best_passage_first(ids: list[str], ranking: Ranking) -> list[str]:
    """The quoted passages' ids, the question's own best passage first when quoted: it answers the question
    as asked."""
    top = ranking.hits[0].passage.id if ranking.hits else None
    return [top, *(i for i in ids if i != top)] if top in ids else ids


def both_senses(composer: Reader, ranking: Ranking, query_vector: np.ndarray, cues: Cues) -> list[Draft]:
    """What worked, then what did not: the theme gathered twice, once in each sense, half the passages each.

    A sentence found in both (it weighs a success against its limits) is shown once, on the side it leans to.
    """
    top = [h.passage for h in ranking.hits[:OPEN_TOPIC_DEPTH]]
    topic = composer.retriever.topic_of(top[0].section) if top else ()
    one_topic = sum(p.section[: len(topic)] == topic for p in top) >= 2 and len(topic) > 1
    drafts, seen = [], set()
    for wanted in (1, -1):
        sided = copy.copy(cues)
        sided.sense = wanted
        if one_topic:  # "the strengths and weaknesses of the Social Impact Bond": within that topic
            passages = composer._subtree(topic)
            found = composer.points_from(passages, query_vector, sided, 2 * len(passages), 2, in_sense=True)
        else:
            found = spread(composer, ranking, query_vector, sided, "", MAX_SIDE_POINTS, second_margin=SENSE_MARGIN)
        for draft in found:
            kept = tuple(
                c for c in draft.sentences if (c.passage.id, c.position) not in seen and sense(c.text) != -wanted
            )
            seen |= {(c.passage.id, c.position) for c in kept}
            if kept:
                drafts.append(type(draft)(draft.heading, draft.section, kept))
    return within(drafts, MAX_PASSAGES)


def within(drafts: list[Draft], limit: int) -> list[Draft]:
    """The drafts, their sentences from passages beyond the first `limit` cited left out (an answer cites at most
    that many), and a draft left empty by that dropped."""
    cited: list[str] = []
    kept = []
    for draft in drafts:
        for c in draft.sentences:
            if c.passage.id not in cited and len(cited) < limit:
                cited.append(c.passage.id)
        sentences = tuple(c for c in draft.sentences if c.passage.id in cited)
        if sentences:
            kept.append(type(draft)(draft.heading, draft.section, sentences))
    return kept
