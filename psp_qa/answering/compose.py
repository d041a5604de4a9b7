"""An answer shaped by its question, from the report's own sentences and headings.

- factual: the sentences of the top passages that answer it (see sentences.py);
- definition: the sentence that spells out an acronym (from the acronym table),
  or the sentences that describe the term, first those of its own section;
- overview: one point per subsection of the section asked about, in the
  report's order: its heading and its most relevant sentences;
- list: one point per item (a case study, a subsection) of the section whose
  items the question asks for, each with its most relevant sentence;
- comparison: each side searched on its own, and summarised as an overview of
  its section; a side the report does not cover is said to be missing.

Which section, items or table rows a broad question is about is decided in
sections.py (a mixin of Composer); this module composes the points.

Nothing is generated: every quote is a sentence of a cited passage, every
heading one of its section headings. Cited passages come first in the
answer's passages, in the order they are first cited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import takewhile

import numpy as np

from psp_qa.answering.anchor import anchored, answer_first
from psp_qa.answering.defining import (
    bare_term,
    defines,
    more_specific,
    says_what_it_is,
    short_form,
    term_forms,
    uses_term,
)
from psp_qa.answering.drafts import MAX_PASSAGES
from psp_qa.answering.drafts import Candidate as _Candidate
from psp_qa.answering.drafts import Draft as _Draft
from psp_qa.answering.facets import PROBLEMS, RESULTS, asked_facet, facet
from psp_qa.answering.focus import ROW_MAX_WORDS, Focus, row_end
from psp_qa.answering.item_groups import (
    ITEM_WORDS,
    children,
    heading_words,
    in_turn,
    item_collection,
    marks_apart,
    ordered_sections,
    stated_count,
)
from psp_qa.answering.kinds import (
    COMPARISON,
    DEFINITION,
    FACTUAL,
    LIST,
    OVERVIEW,
    THEME,
    Kind,
    asks_for_several,
    asks_one_way,
)
from psp_qa.answering.retrieve import Ranking, Retriever, is_reference_list, same_form
from psp_qa.answering.sections import (
    ACHIEVED,
    FILLED_PARTS,
    ITEM_PRONOUNS,
    LIST_FORM_WORDS,
    PLURAL_WORD,
    RARE_WORD,
    SectionRoutes,
)
from psp_qa.answering.sentences import (
    REASON_BONUS,
    SAYS_NOTHING_PENALTY,
    Cues,
    announces,
    explains_previous,
    goes_on,
    leads_in,
    leans_on_context,
    says_nothing_alone,
    sense,
    spelt_right,
)
from psp_qa.answering.spread import (
    MIN_TOPICS,
    SECOND_MARGIN,
    SPREAD_MARGIN,
    THEME_MARGIN,
    THEME_MIN_TOPICS,
    THEME_SECOND_MARGIN,
    best_passage_first,
    both_senses,
    passage_first,
    ranked_by_points,
    related_words,
    spread,
    with_subject,
    within,
)
from psp_qa.answering.tables import (
    is_cell,
    is_table,
    list_table,
    named_first,
    row_points,
    rows_named,
    side_point,
    table_rows,
    word_weights,
)
from psp_qa.answering.wording import in_report_terms
from psp_qa.indexing.keywords import fold, keyword_tokens
from psp_qa.indexing.store import LoadedIndex
from psp_qa.reading.acronyms import glosses
from psp_qa.reading.table_rows import row_label
from psp_qa.types import Hit, Passage, Point, Quote, SectionPath

PROPERTY_WORDS = 2  # rare words of a list question beyond its form and its groups' names: a property asked for
GROUP_NOUN_REACH = 4  # a group's name is followed within this many words by the plural noun of its members
SENSE_WORDS = 0.1  # an item's sentence in the sense asked scores this more for each of the question's words it holds
SENTENCE_BUDGET = 18  # sentences in an overview, spread over its passages
PER_PASSAGE = 3
SIDE_BUDGET = 12  # sentences for each side of a comparison, spread over its passages (4 each of 3, 3 each of 4)
SIDE_PER_PASSAGE = 6  # a side is a whole case study, often told in one or two passages: those say most of it
FEW_ITEMS = 5  # a list of at most this many items quotes more than one sentence of each:
FEW_ITEM_SENTENCES = 3  # this many of a part ("Primary data"), whose opening sentences each tell a different thing
EXAMPLE_SENTENCES = 2  # and this many of an example, whose first sentences say what it is
MAX_MEMBERS = 4  # a collection compared within itself ("how do the Dutch examples differ?"): at most this many sides
OPEN_DEPTH = 5  # an open question's answer draws on the topic of its top passages among these
OPEN_BUDGET = 16  # sentences in an open answer, over its topic's passages
FOCUS_PER_PASSAGE = 5  # or, focused on one subsection, up to this many from each of its passages
NAME_RARITY = 3.0  # a question word in this few passages (log inverse frequency) names the topic using it
THEME_DEPTH = 6  # or, across topics, on this many
OPEN_DIRECT = 2  # sentences of a factual answer an open answer also shows
OPEN_TABLE_ROWS = 2  # the table rows an open answer draws on: those among the top passages
MIN_POINT_SCORE = 0.1  # a broad answer leaves out sentences scored below this (opposite sense, unrelated)
FIRST_SENTENCE_BONUS = 0.05  # a passage's first sentence often states its subject
FACTUAL_MARGIN = 0.15  # sentences this close to the best one are quoted too
FACET_DISCOUNT = 0.2  # asked in a sense, a topic's sentences outside its subsection headed in it score this less
SENSE_DISCOUNT = 0.3  # asked in a sense, a topic without such subsections: its sentences not in that sense
OTHER_MARGIN = 0.25  # the best sentence of another top passage is quoted when this close to the best
EXTRA_SENTENCES = 2  # a factual answer of short sentences quotes up to this many more than max_sentences
FACTUAL_WORDS = 100  # while all its sentences together are no longer than this
FACTUAL_DEPTH = 3  # a factual answer's sentences are drawn from this many top passages
CELL_COST = 0.1  # a table's lone cell in a factual answer scores this much less than a sentence
DEEPER_DEPTH = 5  # and from those below them down to this one, a sentence that answers better than all of those
REASON_REACH = 3  # a why-question's best sentence that gives no reason: told on to a reason at most this far after it
REASON_DEPTH = 5  # or, for what a typed question asks (a reason, figure, date, doer) the top ones lack, this many
FOCUS_WEIGHT = 0.1  # times the share of the question's focus words a sentence holds (focus.py)
LABEL_WEIGHT = 0.6  # times the share of the question that a cell's row label names
LABEL_MIN = 0.2  # a short cell naming less of the question is no row label
NAMED_ROWS = 2  # rows whose label the question names are quoted first, at most this many
ROW_BEST_CELLS = 2  # a row too long to quote whole: its label and first cell, and up to this many best cells
LABEL_REACH = 6  # cells after a row label that it labels
POSITION_COST = 0.05  # a listed item is described by its opening sentences: each later one counts this much less
DEFINITION_SENTENCES = 4
# A term whose section is told in few passages says more of each: this many sentences shared over them, up to
# DEFINITION_MOST from each ("What exactly is Welkom in Utrecht?": its one passage, not its first four sentences).
DEFINITION_BUDGET = 10
DEFINITION_MOST = 7
ATTRIBUTE_WEIGHT = 0.3  # times the share of a definition's words beyond its section's heading a sentence holds
DEFINING_DEPTH = 10  # the question's top passages searched for a sentence worded as its definition
DEFINITION_REST = 3  # sentences of each other passage of a term's own section
DEFINITION_POINTS = 6  # a term the report uses in several places, without defining it in one
TERM_SENTENCES = 2  # sentences saying what each of a term and its more specific form is
DEFINES_BONUS = 0.2  # a sentence worded as the term's definition (defining.py) before one that only uses it
OVERVIEW_PER_PASSAGE = 5  # an overview of few passages spreads its budget over them, up to this many from each
# A section told in at most OVERVIEW_FEW passages (a case study, its Outcomes and Challenges) says more of each, as a
# definition does (DEFINITION_BUDGET): OVERVIEW_FEW_BUDGET sentences shared over them, up to OVERVIEW_MOST from each.
OVERVIEW_FEW = 5
OVERVIEW_FEW_BUDGET = 25
OVERVIEW_MOST = 7
OVERVIEW_FEW_WORDS = 520  # and stays readable: its weakest sentences give way beyond this many words
OVERVIEW_FLOOR = 0.0  # an overview keeps each part's best sentences however loosely they match its few words
TITLE_COST = 0.15  # the title's lead passage in a factual answer: it names what the whole report is about, near any
# question on it ("Findings of the research commissioned by the Scottish Government..."), and tells no one fact
LEAD_IN_COST = 0.1  # a point's short lead-in sentence counts this much less than one that says what it announces
_HOW = re.compile(r"\bhow\b", re.I)
# A question about how something was done as a whole ("how did the researchers gather the information?").
_PROCESS = re.compile(
    r"^\s*(?:and\s+|so\s+)?how\s+(?:did|do|does|have|has|was|were)\b"
    r"|^\s*(?:and\s+|so\s+)?what\s+(?:did|do|does|have|has)\s+.+?\s+(?:actually\s+|really\s+)?(?:do|done)\s+(?:to|in\s+order\s+to)\b",
    re.I,
)
# A factual form that asks for every row: "what did each of them...", "what are the six...".
_EACH_OR_ALL = re.compile(
    r"\b(?:each|every)\b|^\s*(?:and\s+|so\s+)?what\s+(?:are|were)\s+the\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
    # "what are the PSPs in the study?", "what were the keywords?": a plural noun (a table's rows, if it names them)
    r"|^\s*(?:and\s+|so\s+)?what\s+(?:are|were)\s+the\s+(?:[\w-]+\s+){0,2}?[\w-]+[^sS\W']s\s*(?:in|of|used|for|covered)?\b",
    re.I,
)
# The words of a question about what should come next, beside what it is about.
_AHEAD_WORDS = frozenset(
    keyword_tokens(
        "recommend recommended recommendations next steps step future forward way development directions going"
        " think thinks need needs"  # "what do they think needs to happen going forward?"
    )
)
NOT_SPELLED_OUT = "The report does not spell out {short}."
_WHERE_WORDS = frozenset(
    keyword_tokens("come comes came from countries country look looked covered report research outside inside beyond")
)
# A list question that asks for the items with a property: "which case studies are about / aimed at / deal with X?"
_PROPERTY_FORM = re.compile(
    r"\b(?:are|is|were|was)\s+(?:about|aimed\s+at|for)\b|\b(?:deal|work|engage)(?:s|ed|ing)?\s+with\b"
    r"|\b(?:focus(?:es|ed|ing)?\s+on|involv\w*|target\w*|concern\w*)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*[•▪●◦*–-]")  # an item of a bulleted list: a fragment of the sentence that leads to it
SIDE_MISSING = "The report does not seem to cover {side}."
MARK_LETTERS = 4  # a side's word that marks it in a passage naming both sides: this long at least
SIDE_BY_SIDE_SENTENCES = 3  # quoted of the passage that names both sides


@dataclass(frozen=True)
class Composed:
    kind: str
    hits: tuple[Hit, ...]
    quotes: tuple[Quote, ...]
    points: tuple[Point, ...] = ()
    notice: str = ""
    in_scope: bool = True


class Composer(SectionRoutes):
    """Built once per index: the section tree, sentence rows and acronym table it reads."""

    def __init__(
        self,
        index: LoadedIndex,
        retriever: Retriever,
        sentence_rows: dict[str, range],
        acronyms: dict[str, str],
        everyday: frozenset[str] = frozenset(),
    ):
        self.index = index
        self.everyday = everyday  # the words the model's vocabulary holds whole: spelt right (see spelt_right)
        self.retriever = retriever
        self.sentence_rows = sentence_rows
        self.acronyms = acronyms  # short form -> long form, the engine's one table (see Engine.__post_init__)
        self.order = {p.id: i for i, p in enumerate(index.passages)}
        self.section_row = {section: row for row, section in enumerate(index.sections)}
        readable = [p for p in index.passages if not is_reference_list(p.section)]
        self.rows, self.word_weights = table_rows(readable), word_weights(readable)
        # Every section, with those that only head others ("Italian Case studies"), which hold no passage.
        self.sections = ordered_sections(index.passages)
        self.all_sections = set(self.sections)

    # -- sentences ---------------------------------------------------------------------------

    def _candidates(
        self, passages: list[Passage], query_vector: np.ndarray, cues: Cues, openings: bool = True
    ) -> list[_Candidate]:
        """Each sentence of `passages`, scored; with `openings`, a passage's first sentence a little higher."""
        rows = np.fromiter((r for p in passages for r in self.sentence_rows[p.id]), dtype=np.int64)
        if not len(rows):
            return []
        similarity = self.index.sentence_index.reconstruct_batch(rows) @ query_vector
        found, at = [], 0
        for passage in passages:
            for position, text in enumerate(passage.sentence_texts()):
                text = " ".join(text.split())
                score = float(similarity[at]) + cues.bonus(text, passage.section[-1] if passage.section else "")
                score += FIRST_SENTENCE_BONUS if openings and position == 0 else 0.0
                found.append(_Candidate(score, passage, position, text))
                at += 1
        return found

    def _best(self, candidates: list[_Candidate], count: int) -> list[_Candidate]:
        """The `count` best sentences that say something on their own, in the report's order."""
        usable = [c for c in candidates if not says_nothing_alone(c.text)]
        chosen = sorted(usable, key=lambda c: -c.score)[:count]
        return sorted(chosen, key=lambda c: (self.order[c.passage.id], c.position))

    def summarise(self, section: SectionPath, query_vector: np.ndarray, cues: Cues, budget: int, ranking: Ranking,
                  most: int = PER_PASSAGE, overview: bool = False) -> list[_Draft]:  # fmt: skip
        """`_summarise`, with each sentence that only announces what follows ("Some factors were analysed as
        influencing this result.", "Several limitations have been outlined.") given way to the first thing it
        announces, and a point left with none dropped: a summary's reader wants the factors and the limitations.
        All of it when nothing else would be left."""
        return _told(self._summarise(section, query_vector, cues, budget, ranking, most, overview))

    def _summarise(
        self,
        section: SectionPath,
        query_vector: np.ndarray,
        cues: Cues,
        budget: int,
        ranking: Ranking,
        most: int = PER_PASSAGE,
        overview: bool = False,
    ) -> list[_Draft]:
        """One point per subsection of `section`: its heading and its most relevant sentences.

        A table's cells are left to questions about its rows: in a summary they are fragments. An overview
        (`overview`) counts a short lead-in less, as what it announces says more, and keeps each part's best
        sentences however loosely they match the question's few words.
        """
        items = self.topics_under(section)
        if len(items) >= 2 and all(len(item) == len(section) + 1 for item in items):  # a section of case studies
            drafts = self.item_summaries(items, query_vector, cues, budget, overview)
            # Its own opening first, when it has one ("The methodology chosen ..." above the methods).
            own = [p for p in self._subtree(section) if p.section == section and not is_table(p)][:1]
            most = max(2, budget // (len(items) + 1))
            opening = self.points_from(own, query_vector, cues, most, most, overview=overview) if own else []
            return within([*opening, *drafts], MAX_PASSAGES)
        if len(items) > MAX_PASSAGES // 2 and not any(p.section == section for p in self._subtree(section)):
            return self.list_items(section, query_vector, cues)  # groups of case studies: each one, briefly
        prose = [p for p in self._subtree(section) if not is_table(p) and not p.lead]  # a row passage is a table's
        rows = [row for row in self.rows if row.section[: len(section)] == section]
        if not prose and rows:  # a section that is one table: its rows
            return row_points(rows[:MAX_PASSAGES])
        passages = prose or self._subtree(section)
        if len(passages) > MAX_PASSAGES:
            rank = {hit.passage.id: hit.rank for hit in ranking.hits}
            passages = sorted(passages, key=lambda p: rank.get(p.id, len(rank) + 1))[:MAX_PASSAGES]
        if overview and len(passages) <= OVERVIEW_FEW:  # few passages: more of each, within OVERVIEW_FEW_WORDS
            budget, most = max(budget, OVERVIEW_FEW_BUDGET), max(most, OVERVIEW_MOST)
            return _within_words(self.points_from(passages, query_vector, cues, budget, most, overview=True))
        return self.points_from(passages, query_vector, cues, budget, most, overview=overview)

    def item_summaries(
        self, items: list[SectionPath], query_vector: np.ndarray, cues: Cues, budget: int, overview: bool = False
    ) -> list[_Draft]:
        """One point per item (a case study): its heading and its best sentences, from its opening passage
        and its subsections alike, within ten passages in all."""
        per_item = max(2, budget // len(items))
        drafts = []
        for item in items:
            prose = [p for p in self._subtree(item) if not is_table(p) and not p.lead]  # a table's cells are fragments
            found = self.points_from(prose or self._subtree(item), query_vector, cues, per_item, per_item,
                                     overview=overview)  # fmt: skip
            best = sorted((c for d in found for c in d.sentences), key=lambda c: -c.score)[:per_item]
            best.sort(key=lambda c: (self.order[c.passage.id], c.position))
            drafts.append(_Draft(item[-1], item, tuple(best)))
        return within(drafts, MAX_PASSAGES)

    def points_from(
        self,
        passages: list[Passage],
        query_vector: np.ndarray,
        cues: Cues,
        budget: int,
        most: int = PER_PASSAGE,
        in_sense: bool = False,
        overview: bool = False,
    ) -> list[_Draft]:
        """Points for these passages, in the report's order: one per section, its best sentences.

        A sentence of the opposite sense to the question (a challenge, asked about
        success) is left out, and so is one far less relevant than the best; with
        `in_sense`, only sentences in the question's sense (or under a heading in
        it, "Challenges") are kept.
        """
        passages = sorted(passages, key=lambda p: self.order[p.id])
        # An overview of few passages says more of each: its budget spread over them, up to OVERVIEW_PER_PASSAGE.
        most = max(most, OVERVIEW_PER_PASSAGE) if overview else most
        per_passage = max(1, min(most, budget // max(1, len(passages))))
        groups: dict[SectionPath, list[_Candidate]] = {}
        for passage in passages:
            found = [c for c in self._candidates([passage], query_vector, cues) if not _BULLET.match(c.text)]
            # A short lead-in ("Results for Cohort 1 were published.") says less than what follows it.
            cost = LEAD_IN_COST if overview else 0.0
            found = [replace(c, score=c.score - cost) if leads_in(c.text) else c for c in found]
            if in_sense and cues.sense:
                headed = sense(passage.section[-1]) == cues.sense if passage.section else False
                found = [c for c in found if headed or sense(c.text) == cues.sense]
            best = self._best(found, per_passage)
            floor = OVERVIEW_FLOOR if overview else MIN_POINT_SCORE
            groups.setdefault(passage.section, []).extend(c for c in best if c.score >= floor)
        return [_Draft(sub[-1], sub, tuple(chosen)) for sub, chosen in groups.items() if chosen]

    def _names_topic(self, question: str, topic: SectionPath, top: list[Passage]) -> bool:
        """Whether the question uses a rare word ("Basildon") that the topic uses and no other top passage does:
        "what happened in the Basildon pilot, and what did the evaluation find?" is about that one topic, however
        many other topics its everyday words ("pilot", "evaluation") find."""
        rare = {w for w in keyword_tokens(question) if self.word_weights.get(w, 0.0) >= NAME_RARITY}
        inside = set(keyword_tokens(" ".join([*topic, *(p.text for p in self._subtree(topic))])))
        others = set(keyword_tokens(" ".join(p.text for p in top if p.section[: len(topic)] != topic)))
        return bool(rare & inside - others)

    def open_answer(self, ranking: Ranking, query_vector: np.ndarray, cues: Cues) -> list[_Draft]:
        """For a question that asks for several things about one topic: its points, drawn from the whole topic
        (or from the subsection the top two passages share, "Outcomes" for "what did the evaluation show"), in
        the sense asked when there is one; or, when the top passages are about different topics, a theme.
        A table's rows come in only when ranked first: its other cells would crowd out the prose."""
        top = [hit.passage for hit in ranking.hits[:OPEN_DEPTH] if not is_reference_list(hit.passage.section)]
        if not top:
            return []
        topic = self.retriever.topic_of(top[0].section)
        same = [p for p in top if p.section[: len(topic)] == topic]
        if len(same) < 2 and not cues.sense:
            parts = self.process_parts(ranking, query_vector, cues)
            if parts or not self._names_topic(cues.question, topic, top):
                return parts or spread(self, ranking, query_vector, cues, "", THEME_DEPTH)
        shared = len(top) >= 2 and top[0].section == top[1].section and len(top[0].section) > len(topic)
        focus = top[0].section if shared else topic
        # Its prose, with only the table rows ranked first: a table's other cells are fragments here.
        first = {hit.passage.id for hit in ranking.hits[:OPEN_TABLE_ROWS]}
        passages = [p for p in self._subtree(focus) if not is_table(p) or p.id in first]
        if len(passages) > MAX_PASSAGES:
            rank = {hit.passage.id: hit.rank for hit in ranking.hits}
            passages = sorted(passages, key=lambda p: rank.get(p.id, len(rank) + 1))[:MAX_PASSAGES]
        most = FOCUS_PER_PASSAGE if shared else PER_PASSAGE
        points = self.points_from(passages, query_vector, cues, OPEN_BUDGET, most, in_sense=True)
        direct = self.factual(ranking, query_vector, cues, OPEN_DIRECT)
        return self._with_direct_answer(points, direct, cues.sense)

    def process_parts(self, ranking: Ranking, query_vector: np.ndarray, cues: Cues) -> list[_Draft]:
        """How something was done as a whole ("how did they gather and analyse it?", "what did the team do to
        collect their evidence?"), when its first two top passages lie apart in a section of three leaf
        subsections or more (the methods), or, when no section holds most of them, the top passages lie apart in
        the one holding the most by rank ("how did the researchers go about the study?", whose words also find
        a case study's researchers), and the question names no example or table row: each part, by its opening
        sentences."""
        if not _PROCESS.search(cues.question) or cues.sense:
            return []
        top = [hit.passage for hit in ranking.hits[:OPEN_DEPTH] if not is_reference_list(hit.passage.section)]
        parent = self.shared_parent(ranking)
        # The first two of the top passages it holds: one from elsewhere ranked second says nothing of its parts.
        apart = [p for p in top if p.section[: len(parent)] == parent][:2] if parent else []
        if not parent and top:  # or the section of parts holding most of them by rank, the first two or not
            above = dict.fromkeys(p.section[:depth] for p in top for depth in range(1, len(p.section) + 1))
            held = {
                s: sum(1 / rank for rank, p in enumerate(top, 1) if p.section[: len(s)] == s)
                for s in above
                if self.topics_under(s)
            }
            parent, apart = max(held, key=lambda s: (held[s], len(s)), default=()), top
        parts = self.topics_under(parent) if parent else []
        over = {p.section[: len(parent) + 1] for p in apart if p.section[: len(parent)] == parent}  # apart
        leaves = parts and all(not self.topics_under(t) for t in parts) and len(over) >= FILLED_PARTS
        particular = self._names_an_example(cues.question) or rows_named(self.rows, cues.question)
        if not leaves or len(parts) < MIN_TOPICS or particular:
            return []
        return self.list_items(parent, query_vector, cues)

    def _with_direct_answer(self, points: list[_Draft], direct: list[_Candidate], wanted: int) -> list[_Draft]:
        """The points, with the sentences a factual answer would quote added where they belong: "what did its
        evaluation find?" may be answered by one sentence the topic's points, chosen for the whole topic, miss.
        One in the opposite sense is left out; asked about challenges, so is one not worded as a challenge nor
        under such a heading (a result is told plainly, "an 8.4% reduction", a difficulty as one)."""
        shown = {(c.passage.id, c.position) for d in points for c in d.sentences}
        drafts = {d.section: list(d.sentences) for d in points}
        for c in direct:
            senses = {sense(c.text), sense(c.passage.section[-1] if c.passage.section else "")}
            off = -wanted in senses if wanted > 0 else wanted < 0 and wanted not in senses
            if (c.passage.id, c.position) not in shown and c.cells == 1 and not off:
                drafts.setdefault(c.passage.section, []).append(c)
        merged = [
            _Draft(section[-1], section, tuple(sorted(found, key=lambda c: (self.order[c.passage.id], c.position))))
            for section, found in drafts.items()
        ]
        return sorted(merged, key=lambda d: (self.order[d.sentences[0].passage.id], d.sentences[0].position))

    def document_overview(self, query_vector: np.ndarray, cues: Cues) -> list[_Draft]:
        """The report at a glance: each top-level section (the title, the chapters, the appendices) with the
        opening sentence of its first passage in prose, or its heading alone; a bibliography is left out."""
        points = []
        for top in dict.fromkeys(p.section[:1] for p in self.index.passages if p.section):
            if is_reference_list(top):
                continue
            # Its own opening, or its first subsection's; deeper, the sentence would be about one item.
            prose = [p for p in self._subtree(top) if not is_table(p) and len(p.section) <= 2][:1]
            found = [c for c in self._candidates(prose, query_vector, cues) if not says_nothing_alone(c.text)]
            points.append(_Draft(top[-1], top, tuple(found[:1])))
        return points[:MAX_PASSAGES]

    def list_items(
        self, section: SectionPath, query_vector: np.ndarray, cues: Cues, leaving_out: list[SectionPath] = ()
    ) -> list[_Draft]:
        """One point per item: its heading and the sentence of its opening passage that best says what it is,
        the earlier the better (an item's first sentence usually introduces it). Beyond ten items, the best of
        each group in turn (see item_groups.py). The items of the groups `leaving_out` are not listed."""
        items = []
        topics = _outside(self.topics_under(section), leaving_out)
        # A short list says a little more of each item; examples (case studies) are told by their first two
        # sentences each. A list of one says more of it: it is what the question is about.
        collection = item_collection(self.sections)
        examples = bool(collection) and section[: len(collection)] == collection and len(topics) >= 2
        each = 1 if len(topics) > FEW_ITEMS else EXAMPLE_SENTENCES if examples else FEW_ITEM_SENTENCES
        for item in topics:
            if cues.sense:  # "what did they achieve": the item's sentence in that sense, wherever it is
                found = self.points_from(self._subtree(item), query_vector, cues, MAX_PASSAGES, 1, in_sense=True)
                best = sorted((c for d in found for c in d.sentences), key=lambda c: -c.score)[:1]
            else:
                opening = self._subtree(item)[:1]
                found = [c for c in self._candidates(opening, query_vector, cues) if not says_nothing_alone(c.text)]
                best = sorted(found, key=lambda c: -(c.score - POSITION_COST * c.position))[:each]
                best.sort(key=lambda c: c.position)
            items.append(_Draft(item[-1], item, tuple(best)))
        best_score = {d.section: max((c.score for c in d.sentences), default=-1.0) for d in items}
        kept = set(in_turn([d.section for d in items], best_score.__getitem__, MAX_PASSAGES))
        return [d for d in items if d.section in kept]

    def bulleted(self, question: str, ranking: Ranking, query_vector: np.ndarray, cues: Cues) -> list[_Draft]:
        """A bulleted list among the top passages whose lead-in names what the question asks for by a plural
        noun of it ("what working groups did they set up?" and "A number of working groups have been developed
        to:"): the lead-in and every bullet, one point."""
        nouns = {t for w in PLURAL_WORD.findall(question) for t in keyword_tokens(w)}
        nouns -= ITEM_WORDS | LIST_FORM_WORDS | ITEM_PRONOUNS
        for hit in ranking.hits[:FACTUAL_DEPTH]:
            found = sorted(self._candidates([hit.passage], query_vector, cues), key=lambda c: c.position)
            for i, lead in enumerate(found):
                bullets = list(takewhile(lambda c: _BULLET.match(c.text), found[i + 1 :]))
                if lead.text.rstrip().endswith(":") and len(bullets) >= 2 and nouns & set(keyword_tokens(lead.text)):
                    section = hit.passage.section
                    return [_Draft(section[-1] if section else "", section, (lead, *bullets))]
        return []

    def items_having(
        self,
        section: SectionPath,
        question: str,
        query_vector: np.ndarray,
        cues: Cues,
        leaving_out: list[SectionPath] = (),
    ) -> list[_Draft]:
        """The items of `section` with the property a list question asks for beyond naming them ("which case
        studies put a money figure on their returns or savings?"): two rare words of it at least, not
        headings' words. Each item's best sentence anywhere in it; those within SPREAD_MARGIN of the best.
        The items of the groups `leaving_out` are not listed."""
        # The words naming the list and its groups, not its items' own ("which case studies are about prisons?").
        groups = [
            s
            for s in self.sections
            if section[: len(s)] == s or (s[: len(section)] == section and self.topics_under(s))
        ]
        headings = set().union(*map(heading_words, groups))
        words = set(keyword_tokens(question)) - LIST_FORM_WORDS - _WHERE_WORDS - ITEM_WORDS - ITEM_PRONOUNS - headings
        words -= self._naming_items(self.topics_under(section), words)  # "data" of "Primary data", "Secondary data"
        # A form of the list's own heading word names the list, not a property of its items ("methods": "Methodology").
        words = {w for w in words if not any(same_form(w, h, letters=len(w)) for h in headings)}
        least = PROPERTY_WORDS - bool(_PROPERTY_FORM.search(question))  # "about prisons": one word says it
        if sum(self.word_weights.get(w, 0.0) >= RARE_WORD for w in words) < least:
            return []
        drafts = []
        for item in _outside(self.topics_under(section), leaving_out):
            prose = [p for p in self._subtree(item) if not is_table(p) and not p.lead]
            found = [c for c in self._candidates(prose, query_vector, cues) if not says_nothing_alone(c.text)]
            found = [c for c in found if not _BULLET.match(c.text)]
            if found:
                drafts.append(_Draft(item[-1], item, (max(found, key=lambda c: c.score),)))
        if not drafts:
            return []
        top = max(d.sentences[0].score for d in drafts)
        kept = [d for d in drafts if d.sentences[0].score >= top - SPREAD_MARGIN]
        return kept[:MAX_PASSAGES]

    def groups_in_sense(self, question: str, query_vector: np.ndarray, cues: Cues) -> list[_Draft]:
        """A question in a sense naming groups of the report's examples by their own words, and none of the
        examples ("what problems did the Italian and Dutch partnerships run into?"): each named group's items,
        each by its sentence in that sense (see sensed_items)."""
        collection = item_collection(self.sections)
        if not cues.sense or not collection:
            return []
        asked = set(keyword_tokens(question)) | set(self.retriever.bridged_words(question))
        kids = children(self.sections, collection)
        groups = set().union(*map(heading_words, kids)) | ITEM_WORDS
        items = self.topics_under(collection)
        if any(self.word_weights.get(w, 0.0) >= RARE_WORD for i in items for w in (heading_words(i) - groups) & asked):
            return []
        apart = marks_apart(kids)
        named = [k for k in kids if apart[k] & set(keyword_tokens(question))]
        if not named or len(named) == len(kids):
            return []
        # Of the group's members ("the Italian and Dutch partnerships"), not of one ("the Italian blood charity").
        raw = re.findall(r"[\w'’-]+", question)
        marks = set().union(*(apart[k] for k in named))
        at = [i for i, w in enumerate(raw) if set(keyword_tokens(w)) & marks]
        if not any(PLURAL_WORD.fullmatch(w) for i in at for w in raw[i + 1 : i + 1 + GROUP_NOUN_REACH]):
            return []
        return within([d for k in named for d in self.sensed_items(k, query_vector, cues)], MAX_PASSAGES)

    def sensed_items(
        self, section: SectionPath, query_vector: np.ndarray, cues: Cues, leaving_out: list[SectionPath] = ()
    ) -> list[_Draft]:
        """Asked in a sense across a collection ("what difficulties did the UK case studies have?"): one point
        per item, its sentence in that sense: the opening of its subsection headed in it ("Challenges"), which
        sums the rest up, or else its best sentence worded in that sense. An item with neither is left out, and
        so are the items of the groups `leaving_out`."""
        drafts = []
        topics = _outside(self.topics_under(section), leaving_out)
        each = 1 if len(topics) > FEW_ITEMS else 2
        asked = set(keyword_tokens(cues.question)) - ITEM_WORDS - LIST_FORM_WORDS - heading_words(section)
        for item in topics:
            passages = self._subtree(item)
            headed = [
                p
                for p in passages
                if len(p.section) > len(item)
                and (sense(p.section[-1]) == cues.sense if cues.sense else heading_words(p.section) <= asked)
            ]  # in the sense asked ("Challenges"), or named by the question ("the outcomes of ...")
            found = [c for c in self._candidates(headed[:1], query_vector, cues) if not says_nothing_alone(c.text)]
            if found:
                best = sorted(found, key=lambda c: -(c.score - POSITION_COST * c.position))[:each]
            elif cues.sense:
                found = [c for c in self._candidates(passages, query_vector, cues) if sense(c.text) == cues.sense]
                found = [c for c in found if not says_nothing_alone(c.text)]
                # One that says it in the question's own words ("success factors") first.
                best = sorted(found, key=lambda c: -(c.score + SENSE_WORDS * len(asked & set(keyword_tokens(c.text)))))[
                    :1
                ]
            else:
                best = []
            if best:
                best.sort(key=lambda c: (self.order[c.passage.id], c.position))
                drafts.append(_Draft(item[-1], item, tuple(best)))
        score = {d.section: max(c.score for c in d.sentences) for d in drafts}
        kept = set(in_turn([d.section for d in drafts], score.__getitem__, MAX_PASSAGES))
        return [d for d in drafts if d.section in kept]

    # -- kinds -------------------------------------------------------------------------------

    def factual(
        self, ranking: Ranking, query_vector: np.ndarray, cues: Cues, max_sentences: int, fill: bool = False
    ) -> list[_Candidate]:
        """The factual answer's sentences (see _factual): up to `max_sentences`; filled (a factual answer on its
        own, not the sentences another kind quotes) with up to EXTRA_SENTENCES more while all of them together
        stay within FACTUAL_WORDS. Short sentences say less each, and the one that answers is often the fourth
        or fifth of those that score close; long ones keep the answer to its limit."""
        up_to = self._factual(ranking, query_vector, cues)
        for most in range(max_sentences + EXTRA_SENTENCES * fill, max_sentences, -1):
            chosen = up_to(most)
            if sum(len(c.text.split()) for c in chosen) <= FACTUAL_WORDS:
                return self._carried_on(chosen) if fill else chosen
        chosen = up_to(max_sentences)
        return self._carried_on(chosen) if fill else chosen

    @staticmethod
    def _carried_on(chosen: list[_Candidate]) -> list[_Candidate]:
        """A lone sentence with the one after it when that carries its thought on ("However, the argument was made
        that ...", "Also, ..."): what it qualifies or adds is often what was asked. Within FACTUAL_WORDS."""
        if len(chosen) != 1 or chosen[0].cells != 1:
            return chosen
        lone = chosen[0]
        texts = lone.passage.sentence_texts()
        if lone.position + 1 >= len(texts):
            return chosen
        text = " ".join(texts[lone.position + 1].split())
        carries_on = (leans_on_context(text) or goes_on(text)) and not says_nothing_alone(text)
        if not carries_on or len(lone.text.split()) + len(text.split()) > FACTUAL_WORDS:
            return chosen
        return [lone, replace(lone, position=lone.position + 1, text=text)]

    def _facet_first(self, candidates: list[_Candidate], cues: Cues) -> list[_Candidate]:
        """Asked for a case's results or its problems ("what went well?", "what's the catch?", read without the
        case's name), when a passage lies in the case's subsection for them ("Outcomes", "Challenges"), the
        case's other sentences (its introduction, close to its name, which is not what was asked) score
        FACET_DISCOUNT less."""
        generic = self.retriever.generic_headings
        cases = {
            c.passage.section[:-1] for c in candidates if c.passage.section[-1:] and c.passage.section[-1] in generic
        }
        wanted = {}
        for case in cases:
            asked = _facet_asked_of(case[-1], cues.question) if case else None
            if asked in (PROBLEMS, RESULTS):
                wanted[case] = asked
        if not wanted:
            return self._sense_first(candidates, cues)

        def aside(passage: Passage) -> bool:
            case = next((case for case in wanted if passage.section[: len(case)] == case), None)
            if case is None:
                return False
            heading = passage.section[len(case)] if len(passage.section) > len(case) else ""
            return not (heading in generic and facet(heading) == wanted[case])

        if all(aside(c.passage) for c in candidates if any(c.passage.section[: len(k)] == k for k in wanted)):
            return candidates  # the subsection asked is not among the passages: nothing to favour
        return [replace(c, score=c.score - FACET_DISCOUNT) if aside(c.passage) else c for c in candidates]

    def _sense_first(self, candidates: list[_Candidate], cues: Cues) -> list[_Candidate]:
        """Asked in a sense of a case told under its heading alone, with no subsections ("and the good bits?"
        of Kulturverket), its sentences not worded in that sense score SENSE_DISCOUNT less, when some are."""
        if not cues.sense or not candidates:
            return candidates
        own = candidates[0].passage.section
        if not own or any(section[: len(own)] == own and len(section) > len(own) for section in self.sections):
            return candidates
        asked = _facet_asked_of(own[-1], cues.question)
        if asked != (RESULTS if cues.sense > 0 else PROBLEMS):
            return candidates
        ours = [c for c in candidates if c.passage.section == own]
        if not any(sense(c.text) == cues.sense for c in ours):
            return candidates
        return [
            replace(c, score=c.score - SENSE_DISCOUNT)
            if c.passage.section == own and sense(c.text) != cues.sense
            else c
            for c in candidates
        ]

    def _factual(self, ranking: Ranking, query_vector: np.ndarray, cues: Cues) -> Callable[[int], list[_Candidate]]:
        """The sentences of the top passages that answer the question, up to a number given; see focus.py.
        Scored once: only the choice depends on how many (factual tries several).

        Each sentence scores its similarity, the cues of the question's form and
        the share of the question's focus words it holds; a table cell also the
        share of the question its row's label names. A row whose label the
        question names is quoted first, as one span. Then the best sentence,
        the best of another passage when close (retrieval may rank the answering
        passage second) and those close to the best. The best brings the
        neighbours it needs (see _context): a short lead-in what it leads to, a
        why-question's sentence that gives no reason the sentence after it, one that
        leans on context the one before. A typed question's best that is not of its
        type (no reason for why, no doer for who) also brings the close sentence that
        is, from a passage a little deeper if need be (see _reason).
        """
        passages = [hit.passage for hit in ranking.hits[:FACTUAL_DEPTH] if not is_reference_list(hit.passage.section)]
        candidates = self._candidates(passages, query_vector, cues)
        candidates = [replace(c, score=c.score - TITLE_COST) if self._title_only(c.passage.section) else c
                      for c in candidates]  # fmt: skip
        candidates = reasons_announced(candidates, cues)
        candidates = self._facet_first(candidates, cues)
        # A sentence holds its own heading's words (its subject): the one holding the question's others stands out.
        focus = Focus(cues.question, [c.text for c in candidates], [c.passage.section[-1:] for c in candidates])
        scored: list[_Candidate] = []
        labels: list[tuple[_Candidate, float]] = []  # cells the question names, with how much of it they name
        for at, c in enumerate(candidates):
            label = labels[-1] if labels and labels[-1][0].passage is c.passage else None
            # A row passage is one row: every cell after its label is the label's.
            near = c.passage.lead or c.position - label[0].position <= LABEL_REACH if label else False
            reach = label[1] if near else 0.0
            scored.append(replace(c, score=c.score + FOCUS_WEIGHT * focus.share(at) + LABEL_WEIGHT * reach))
            named = focus.names(at, c.text, row_label(c.passage.lead) if c.passage.lead else None)
            if named >= LABEL_MIN:
                labels.append((scored[-1], named))
        # The rows the question names most, the better answering first; another only when it answers nearly as well.
        named_rows = sorted(((share, self._row(cell, scored)) for cell, share in labels),
                            key=lambda named: (-named[0], -named[1][0].score))  # fmt: skip
        top = named_rows[0][1][0].score if named_rows else 0.0
        rows = [part for _, row in named_rows[:NAMED_ROWS] if row[0].score >= top - FACTUAL_MARGIN for part in row]
        # A bare cell ("5 interviews") answers a how-many question only when no whole sentence gives the count.
        counting = any(cues.counts(c.text) and not says_nothing_alone(c.text) for c in scored)
        tables = {c.passage.id for c in scored if is_table(c.passage)}
        usable = sorted(
            (
                _as_cell(c, cues) if c.passage.id in tables else c
                for c in scored
                if not says_nothing_alone(c.text) or (cues.counts(c.text) and not counting)
            ),
            key=lambda c: -c.score,
        )
        if not usable and not rows:
            return lambda max_sentences: []
        best = rows[0] if rows else usable[0]
        close = [c for c in usable if c.score >= usable[0].score - FACTUAL_MARGIN] if usable else []
        # The best of another passage when close: retrieval may rank the answering passage second, or lower.
        other = self._deeper_best(ranking, query_vector, cues, scored, usable[0].score) if usable else []
        other = (
            other
            or [c for c in usable if c.passage is not best.passage and c.score >= usable[0].score - OTHER_MARGIN][:1]
        )
        # The best passage's best sentence, when close and no other is quoted from it: retrieval, reading the
        # passage whole, often knows better than one sentence's similarity which passage answers.
        first = []
        if usable and passages and not any(c.passage is passages[0] for c in [*rows, *close[:1], *other]):
            first = [c for c in usable if c.passage is passages[0] and c.score >= usable[0].score - OTHER_MARGIN][:1]
        ranked = list(dict.fromkeys([*rows, *close[:1], *other, *first, *close[1:]]))
        reason, deeper = (None, []) if rows else self._reason(best, close, scored, ranking, query_vector, cues)

        def up_to(max_sentences: int) -> list[_Candidate]:
            chosen = ranked[:max_sentences]
            if not rows:  # the sentences the best needs beside it come before the others
                needed = _context(best, scored, cues, max_sentences - 1)
                if reason is not None:  # with its own context
                    needed = [reason, *_context(reason, scored + deeper, cues, max_sentences - 2), *needed]
                needed = [c for c in dict.fromkeys(needed) if c is not best][: max_sentences - 1]
                chosen = [*chosen[: max(1, max_sentences - len(needed))], *needed]
                # Another quoted lead-in ("X has faced some challenges.") says nothing without what it leads to.
                chosen = [part for c in chosen
                          for part in ([c, *_following(c, scored, 1)] if c is not best and leads_in(c.text) else [c])]  # fmt: skip
            chosen = list(dict.fromkeys(chosen))
            chosen.sort(key=lambda c: (self.order[c.passage.id], c.position, -c.cells))
            return _without_overlaps(chosen)

        return up_to

    def _deeper_best(
        self, ranking: Ranking, query_vector: np.ndarray, cues: Cues, scored: list[_Candidate], top: float
    ) -> list[_Candidate]:
        """The best sentence of the passages just below those read (FACTUAL_DEPTH to DEEPER_DEPTH), when it answers
        better than every sentence of those read: retrieval ranks the answering passage fourth or fifth as often
        as second, and its sentence then stands out. Scored as those read, with the focus words weighed over all."""
        below = [
            h.passage for h in ranking.hits[FACTUAL_DEPTH:DEEPER_DEPTH] if not is_reference_list(h.passage.section)
        ]
        found = self._candidates(below, query_vector, cues)
        if not found:
            return []
        texts = [c.text for c in scored] + [c.text for c in found]
        headings = [c.passage.section[-1:] for c in scored] + [c.passage.section[-1:] for c in found]
        focus = Focus(cues.question, texts, headings)
        found = [replace(c, score=c.score + FOCUS_WEIGHT * focus.share(len(scored) + at)) for at, c in enumerate(found)]
        usable = [c for c in found if not says_nothing_alone(c.text) and c.score > top]
        return [max(usable, key=lambda c: c.score)] if usable else []

    def _reason(
        self,
        best: _Candidate,
        close: list[_Candidate],
        scored: list[_Candidate],
        ranking: Ranking,
        query_vector: np.ndarray,
        cues: Cues,
    ) -> tuple[_Candidate | None, list[_Candidate]]:
        """For a typed question whose best sentence is not of its type (a why-question's gives no reason, a
        who-question's names no doer, a how-many's no figure; see Cues.gives_type): the close sentence that is;
        or else one of the passages just below those read (REASON_DEPTH) that is and scores nearly as well
        (OTHER_MARGIN). With the deeper passages' scored sentences, among which its neighbours are."""
        if not cues.wants_type(best.text):
            return None, []
        given = next((c for c in close if cues.gives_type(c.text)), None)
        if given is not None:
            return given, []
        below = ranking.hits[FACTUAL_DEPTH:REASON_DEPTH]
        deeper = self._candidates(
            [h.passage for h in below if not is_reference_list(h.passage.section)], query_vector, cues
        )
        focus = Focus(cues.question, [c.text for c in [*scored, *deeper]])  # word weights over all that was read
        deeper = [
            replace(c, score=c.score + FOCUS_WEIGHT * focus.share(len(scored) + at)) for at, c in enumerate(deeper)
        ]
        floor = close[0].score - OTHER_MARGIN  # a sentence of another passage, as in factual()
        reasons = [c for c in deeper if c.score >= floor and cues.gives_type(c.text) and not says_nothing_alone(c.text)]
        return max(reasons, key=lambda c: c.score, default=None), deeper

    @staticmethod
    def _row(label: _Candidate, scored: list[_Candidate]) -> list[_Candidate]:
        """A row label with the cells after it, as one verbatim span of its passage, scored as its best cell.

        A row passage's row is whole: when it is too long to quote, its label and first cell (what the row is,
        "To increase employability...") are quoted, and its best cells (ROW_BEST_CELLS) when they are others:
        the cell that answers often scores just under one that only restates an objective.
        """
        passage = label.passage
        texts = passage.sentence_texts()
        end = len(texts) if passage.lead else row_end(texts, label.position)
        # A cell scores as part of its row: what it says on its own does not matter.
        cells = [replace(c, score=c.score + SAYS_NOTHING_PENALTY * says_nothing_alone(c.text))
                 for c in scored if c.passage is passage and label.position < c.position < end]  # fmt: skip
        score = max((c.score for c in cells), default=label.score)
        best: list[_Candidate] = []
        if passage.lead and sum(len(t.split()) for t in texts[label.position : end]) > ROW_MAX_WORDS:
            end = label.position + 2
            later = [c for c in scored if c.passage is passage and c.position > label.position]  # as said alone
            ranked = sorted(later, key=lambda c: -c.score)[:ROW_BEST_CELLS]
            best = sorted((c for c in ranked if c.position >= end), key=lambda c: c.position)
        first, last = passage.sentences[label.position], passage.sentences[end - 1]
        span = passage.text[first.start - passage.start : last.end - passage.start]
        return [replace(label, score=score, text=" ".join(span.split()), cells=end - label.position), *best]

    def description(self, subject: str, topic: SectionPath, query_vector: np.ndarray, cues: Cues) -> list[_Candidate]:
        """What the report says a term is: the opening sentences of the section named after it (`topic`, its
        defined_section), if there is one.

        A subject that names more than the section ("Kulturverket's overall objective") asks for that of it:
        the sentences that hold those words come first.
        """
        words = set(keyword_tokens(subject))
        if topic:
            heading = set(keyword_tokens(topic[-1]))
            opening = next(p for p in self.index.passages if p.section == topic)
            if words - heading:  # "the Experts by Experience model" of Connected Care: wherever the topic tells of it
                opening = max(
                    (p for p in self._subtree(topic) if not is_table(p)),
                    key=lambda p: (len((words - heading) & set(keyword_tokens(p.text))), -self.order[p.id]),
                )
            # A bulleted item is a fragment of the sentence that leads to it, not what the term is.
            found = [c for c in self._candidates([opening], query_vector, cues) if not _BULLET.match(c.text)]
            if words - heading:
                focus = Focus(" ".join(words - heading), [c.text for c in found])
                found = [replace(c, score=c.score + ATTRIBUTE_WEIGHT * focus.share(at)) for at, c in enumerate(found)]
            return self._best(found, self._definition_share(topic, DEFINITION_SENTENCES))
        return []

    def _definition_share(self, topic: SectionPath, least: int) -> int:
        """Sentences a definition quotes from each passage of the term's section: at least `least`, more when
        the section is told in few passages (see DEFINITION_BUDGET)."""
        told = [p for p in self._subtree(topic) if not is_table(p)]
        return max(least, min(DEFINITION_MOST, DEFINITION_BUDGET // max(1, len(told))))

    def defined_section(self, subject: str, ranking: Ranking) -> SectionPath:
        """The topic of a top passage named after the term: its heading is the term, the term with more (the
        topic it is asked of), opens with the term, or ends with it, one word after it at most ("HMP Peterborough
        Social Impact Bond", "Connected Care Model"), so that a heading using the term as a qualifier ("Post Strategic PSP
        routes for partnerships") is not taken for its section."""
        words = keyword_tokens(subject)
        for hit in ranking.hits[:3]:
            topic = self.retriever.topic_of(hit.passage.section)
            heading = keyword_tokens(topic[-1]) if topic else []
            if not words or not heading:
                continue
            opens = set(heading[: len(words)]) == set(words)  # "AVIS and the Italian transfusion system"
            if set(heading) <= set(words) or (set(words) <= set(heading) and (opens or words[-1] in heading[-2:])):
                return topic
        return ()

    def definition_rest(self, topic: SectionPath, quoted: list[_Candidate], query_vector: np.ndarray, cues: Cues):
        """The rest of a term's section after what defines it: one point per other passage of it (its later
        passages, its Outcomes and Challenges), its best sentences, within the passages an answer may cite."""
        seen = {c.passage.id for c in quoted}
        passages = [p for p in self._subtree(topic) if not is_table(p) and p.id not in seen]
        most = self._definition_share(topic, DEFINITION_REST)
        return self.points_from(passages, query_vector, cues, most * len(passages), most)

    def _is_name(self, word: str) -> bool:
        """A word the report only ever writes as a name ("Basildon"), not a qualifier it also uses otherwise."""
        return fold(word) in self.index.names

    def definition_passage(self, subject: str, ranking: Ranking, query_vector: np.ndarray, cues: Cues) -> _Draft | None:
        """The passage with the best sentence worded as the term's definition (see defining.py): that sentence,
        any other there so worded, and those after it that carry it on, up to DEFINITION_SENTENCES."""
        passages = [h.passage for h in ranking.hits[:DEFINING_DEPTH] if not is_reference_list(h.passage.section)]
        found = [c for c in self._candidates(passages, query_vector, cues) if defines(c.text, subject, self._is_name)]
        if not found:
            return None
        best = max(found, key=lambda c: (says_what_it_is(c.text, subject, self._is_name), c.score))
        usable = [c for c in self._candidates([best.passage], query_vector, cues) if not says_nothing_alone(c.text)]
        first = min(c.position for c in found if c.passage is best.passage)
        chosen = [c for c in usable if c.position >= first][:DEFINITION_SENTENCES]
        section = best.passage.section
        return _Draft(section[-1] if section else "", section, tuple(chosen))

    def form_spelled_out(self, term: str) -> _Draft | None:
        """For a term qualifying an acronym ("Strategic PSP"), the first sentence using it spelled out
        ("... the Strategic Public Social Partnership Model ..."); None for any other term."""
        forms = term_forms(term, self.acronyms)
        if len(forms) < 2 or short_form(term, self.acronyms):
            return None
        for passage in self.index.passages:
            if is_reference_list(passage.section) or not uses_term(passage.text, forms[1:]):
                continue
            for position, text in enumerate(passage.sentence_texts()):
                if uses_term(text, forms[1:]):
                    found = _Candidate(1.0, passage, position, " ".join(text.split()))
                    return _Draft(passage.section[-1] if passage.section else "", passage.section, (found,))
        return None

    def term_sides(
        self, sides: tuple[str, str], search_side: Callable[..., tuple[Ranking, np.ndarray, bool]]
    ) -> list[_Draft]:
        """A term and its more specific form compared ("a PSP" and "a Strategic PSP"): for each, its sentences
        that best say what it is, worded as a definition first; the general term's from where the report uses
        it on its own, not inside the specific form. Empty when either is used nowhere."""
        general, specific = more_specific(sides) or ("", "")
        points = []
        for side in sides:  # in the order asked
            avoid = term_forms(specific, self.acronyms) if side == general else []
            forms = term_forms(side, self.acronyms)
            passages = [
                p for p in self.index.passages if not is_reference_list(p.section) and uses_term(p.text, forms, avoid)
            ]
            vector = search_side(side)[1]
            found = [
                replace(c, score=c.score + DEFINES_BONUS * any(defines(c.text, f) for f in forms))
                for c in self._candidates(passages, vector, Cues(side))
                if uses_term(c.text, forms, avoid) and not is_table(c.passage)
            ]
            best = self._best(found, TERM_SENTENCES)
            if not best:
                return []
            points.append(_Draft(side, best[0].passage.section, tuple(best)))
        return points

    def spelled_out(self, short: str) -> tuple[list[_Candidate], str]:
        """The sentence that defines an acronym, or none with a notice when the report never spells it out."""
        long = self.acronyms.get(short) or self.acronyms.get(short.upper())
        # Best the sentence giving both forms; else, for a short form spelled out only by use (a title's
        # "Strategic Public Social Partnership Model" beside "Strategic PSPs"), the first giving the long one.
        long_only: list[_Candidate] = []
        for passage in self.index.passages:
            for position, text in enumerate(passage.sentence_texts()):
                text = " ".join(text.split())
                if long and long in text and short not in text:
                    long_only = long_only or [_Candidate(1.0, passage, position, text)]
                elif (long in text and short in text) if long else glosses(short, text):
                    return [_Candidate(1.0, passage, position, text)], ""
        if long_only:
            return long_only, ""
        return [], NOT_SPELLED_OUT.format(short=short)

    def compose(
        self,
        kind: Kind,
        question: str,
        ranking: Ranking,
        query_vector: np.ndarray,
        top_k: int,
        max_sentences: int,
        search_side: Callable[..., tuple[Ranking, np.ndarray, bool]],
    ) -> Composed:
        cues = Cues(spelt_right(question, self.index.keywords, self.index.vocabulary, self.everyday))
        question = cues.question
        name = kind.name
        named = self.named_parent(question, ranking) if name == FACTUAL and not (cues.how_many or cues.when) else ()
        if named:
            points = self.summarise(named, query_vector, cues, SENTENCE_BUDGET, ranking, overview=True)
            return self._cited(OVERVIEW, ranking, top_k, points=points)
        ahead = self.section_ahead(question, query_vector) if name in (FACTUAL, OVERVIEW, LIST, THEME) else ()
        if ahead and name == FACTUAL and not self.asks_of_the_whole(question, ahead, _AHEAD_WORDS):
            ahead = ()  # "what is recommended about training?": the sentences that say it
        ahead = self.named_below(ahead, question) if ahead else ()  # "... going forward": "Directions going forward"
        if ahead:  # "what should happen next?": the section that looks ahead, with the sentences that answer
            points = self.summarise(ahead, query_vector, cues, SENTENCE_BUDGET, ranking, overview=True)
            if name == FACTUAL:  # of the sentences that answer, those the section holds
                direct = self.factual(ranking, query_vector, cues, max_sentences)
                direct = [c for c in direct if c.passage.section[: len(ahead)] == ahead]
                points = anchored(points, direct, self.order, PER_PASSAGE)
            return self._cited(OVERVIEW, ranking, top_k, points=points)
        # Not one asked in a sense ("what went wrong with..."): that is one part of the section, not all of it.
        filled = self.filled_section(question, ranking) if name == FACTUAL and not cues.sense else ()
        if filled and not asks_for_several(question) and self.asks_of_the_whole(question, filled, _AHEAD_WORDS):
            points = self.summarise(filled, query_vector, cues, SENTENCE_BUDGET, ranking, overview=True)
            direct = self.factual(ranking, query_vector, cues, max_sentences)
            points = anchored(points, direct, self.order, PER_PASSAGE)
            return self._cited(OVERVIEW, ranking, top_k, points=points, keep_order=True)
        bullets = self.bulleted(question, ranking, query_vector, cues) if name in (FACTUAL, LIST) else []
        if bullets and not (cues.how_many or cues.when):  # "what working groups did they set up?": the bullets
            return self._cited(LIST, ranking, top_k, points=bullets)
        headed = self.headed_list(question) if name in (FACTUAL, LIST) and not (cues.how_many or cues.when) else ()
        if headed:  # "what lessons came out of it?": the items of the section headed by that noun
            return self._cited(LIST, ranking, top_k, points=self.list_items(headed, query_vector, cues))
        process = self.process_parts(ranking, query_vector, cues) if name == FACTUAL else []
        if process and not asks_for_several(question):  # "what did the team do to collect their evidence?"
            return self._cited(OVERVIEW, ranking, top_k, points=process, keep_order=True)
        grouped = self.groups_in_sense(question, query_vector, cues) if name == FACTUAL else []
        if len(grouped) >= 2:  # "what problems did the Italian partnerships run into?": each one's
            return self._cited(LIST, ranked_by_points(grouped, ranking), top_k, points=grouped, keep_order=True)
        # An overview of how they went as a whole ("how did the PSPs work out?") is no list of them.
        listed = name == LIST or (name == OVERVIEW and not _HOW.search(question))
        # "what are the six PSPs?", "what did the PSPs achieve?": each row's answer.
        listed = listed or (name == FACTUAL and bool(_EACH_OR_ALL.search(question) or ACHIEVED.search(question)))
        table = named_first(self.kind_table(question, query_vector, cues), question) if listed else []
        if table:  # "which PSPs...": the rows of the table of them (a factual question's passages as ranked)
            points = self.table_items(table, query_vector, cues)
            return self._cited(LIST, ranking, top_k, points=points, keep_order=name == FACTUAL)
        # "What was the overall drop across both cohorts?" names one thing: the sentence that gives it, not the topic.
        one = cues.how_many or cues.when or cues.one_thing
        if name == FACTUAL and asks_for_several(question) and not one:
            points = self.open_answer(ranking, query_vector, cues)
            if points:  # the sentence that answers the question as asked, among them
                direct = self.factual(ranking, query_vector, cues, 1)
                points = anchored(points, direct, self.order, FOCUS_PER_PASSAGE)
                if asks_one_way(question):  # "how did they deal with X?": the way asked first, the topic after it
                    points = answer_first(points, direct)
                return self._cited(OVERVIEW, ranking, top_k, points=points, keep_order=True)
        if name == DEFINITION and kind.acronym:
            found, notice = self.spelled_out(kind.subject)
            if not found:
                return Composed(DEFINITION, tuple(ranking.hits[:top_k]), (), notice=notice, in_scope=False)
            return self._cited(DEFINITION, ranking, top_k, quotes=found)
        if name == DEFINITION:
            # "What is a PSP?": a term the report abbreviates is first the sentence that spells it out.
            term = re.sub(r"^(?:an?|the)\s+", "", kind.subject, flags=re.I)
            short = short_form(term, self.acronyms)  # "whats a psp": the acronym, in whichever case
            spelled = self.spelled_out(short)[0] if short else []
            # "What was POPP all about?": the section named by its long form tells the rest.
            subject, topic = kind.subject, self.defined_section(kind.subject, ranking)
            long_form = "" if topic else self.acronyms.get(short, "")
            if long_form:
                subject, topic = long_form, self.defined_section(long_form, ranking)
            described = self.description(subject, topic, query_vector, cues)
            if spelled or described:
                quotes = list({(c.passage.id, c.position): c for c in [*spelled, *described]}.values())
                rest = self.definition_rest(topic, quotes, query_vector, cues) if described else []
                if rest:  # what it is, then what its section goes on to say of it
                    points = within([_Draft(topic[-1], topic, tuple(quotes)), *rest], MAX_PASSAGES)
                    points = _told(points)  # what its section goes on to announce, not that it does
                    return self._cited(DEFINITION, ranking, top_k, points=points)
                return self._cited(DEFINITION, ranking, top_k, quotes=quotes)
            rows = rows_named(self.rows, kind.subject)  # a row of a table: "What is the NHS Lothian PSP?"
            if rows:
                return self._cited(DEFINITION, ranking, top_k, points=row_points(rows[:MAX_PASSAGES], SIDE_BUDGET))
            # A term with no section or row of its own: what the report says of it wherever it uses it.
            term_ranking, term_vector = with_subject(kind.subject, ranking, query_vector, search_side)
            examples = item_collection(self.sections) if kind.collection else ()
            if examples:  # "going by the examples it gives": each example's use of it
                inside = [Hit(p, 0.0, i) for i, p in enumerate(self._subtree(examples), 1)]
                term_ranking = Ranking(inside, ranking.evidence)
            points = spread(self, term_ranking, term_vector, cues, kind.subject, DEFINITION_POINTS, holding=True,
                            by_group=bool(examples))  # fmt: skip
            defined = self.definition_passage(kind.subject, term_ranking, term_vector, cues)  # within the conversation
            if defined:  # the sentences worded as its definition first, then the other places that use it
                others = [d for d in points if all(c.passage is not defined.sentences[0].passage for c in d.sentences)]
                points = within([defined, *others[: DEFINITION_POINTS - 1]], MAX_PASSAGES)
            named = self.form_spelled_out(term)  # "a Strategic PSP": the sentence naming it spelled out, first
            if named and points:
                others = [d for d in points if all(c.passage is not named.sentences[0].passage for c in d.sentences)]
                points = within([named, *others[: DEFINITION_POINTS - 1]], MAX_PASSAGES)
            if len(points) >= 2 or (defined and points):
                ranked = ranked_by_points(points, ranking)
                if defined:  # the passage worded as its definition is where the report says what it is
                    ranked = passage_first(ranked, defined.sentences[0].passage)
                return self._cited(DEFINITION, ranked, top_k, points=points, keep_order=True)
        if name == OVERVIEW and kind.whole:
            return self._cited(OVERVIEW, ranking, top_k, points=self.document_overview(query_vector, cues))
        if name == OVERVIEW:
            # "sum up the main lessons drawn from X": the section headed by that noun, when one is.
            section = self.headed_list(question) or self.overview_section(ranking, query_vector, question)
            rows = rows_named(self.rows, question)  # "Tell me about the Elevate PSP": only tables tell of it
            if rows and not set(keyword_tokens(section[-1] if section else "")) & set(keyword_tokens(question)):
                return self._cited(OVERVIEW, ranking, top_k, points=row_points(rows[:MAX_PASSAGES], SIDE_BUDGET))
            points = self.summarise(section, query_vector, cues, SENTENCE_BUDGET, ranking, overview=True)
            return self._cited(OVERVIEW, ranking, top_k, points=points)
        if name == LIST:
            named_rows = self.table_of_named_row(question)
            if named_rows:  # "which organisations from the Ready for Business group did they talk to?": its table
                return self._cited(LIST, ranking, top_k, points=row_points(named_rows[:MAX_PASSAGES]))
            section = self.list_section(ranking, question)
            leaving_out = self.left_out(section, question) if section else []  # "from outside the UK": not those
            having = self.items_having(section, question, query_vector, cues, leaving_out) if section else []
            if len(having) >= 2:  # "which case studies put a money figure on their returns?": those that do
                return self._cited(LIST, ranking, top_k, points=having)
            if section:
                points = self.list_items(section, query_vector, cues, leaving_out)
                return self._cited(LIST, ranking, top_k, points=points)
            # A table named in the report's terms: "who did they talk to?" by its caption's "interviews".
            worded = in_report_terms(question, self.index.keywords)
            table = named_first(list_table(self.rows, worded, self.word_weights), question)
            if table:  # the prose that points to it, then its rows (one the question names first)
                lead = self.table_lead(table, query_vector, cues)
                points = [*lead, *row_points(table[: MAX_PASSAGES - len(lead)])]
                return self._cited(LIST, ranking, top_k, points=points)
            # Items named by kind ("which examples...") and not found above have a property: a theme's points.
            shared = () if set(keyword_tokens(question)) & ITEM_WORDS else self.shared_parent(ranking)
            if shared:  # "what kinds of evidence did they gather?": the items of the section its passages share
                return self._cited(LIST, ranking, top_k, points=self.list_items(shared, query_vector, cues))
        if name in (LIST, THEME):  # items with a property, or a theme: wherever the report speaks of it
            theme_ranking, theme_vector = with_subject(kind.subject, ranking, query_vector, search_side)
            collection = (
                (self.list_section(ranking, question) or item_collection(self.sections)) if kind.collection else ()
            )
            left_out = self.left_out(collection, question) if collection else []
            sensed = self.sensed_items(collection, query_vector, cues, left_out) if collection else []
            if len(sensed) >= MIN_TOPICS:  # "what challenges did the UK case studies face?": each one's
                return self._cited(LIST, ranked_by_points(sensed, ranking), top_k, points=sensed, keep_order=True)
            if collection:  # "what did the Nordic case studies achieve?": within the section of those items
                theme_vector = query_vector
                inside = [p for p in self._subtree(collection) if _outside([p.section], left_out)]
                theme_ranking = Ranking([Hit(p, 0.0, i) for i, p in enumerate(inside, 1)], ranking.evidence)
            margin = (
                1.0 if collection else THEME_MARGIN if name == THEME else SPREAD_MARGIN
            )  # every item of a collection
            related = (
                related_words(self.index, theme_vector, self.word_weights) if name == THEME and not collection else ()
            )
            points = spread(self, theme_ranking, theme_vector, cues, kind.subject or question, MAX_PASSAGES, margin,
                            by_group=bool(collection), related=related, on_subject=name == THEME and not collection,
                            at_least=THEME_MIN_TOPICS if name == THEME and not collection else MIN_TOPICS,
                            second_margin=THEME_SECOND_MARGIN if name == THEME else SECOND_MARGIN)  # fmt: skip
            if points:
                return self._cited(name, ranked_by_points(points, ranking), top_k, points=points, keep_order=True)
        if name == COMPARISON and kind.senses:  # shown as a theme: many points, not two sides in columns
            return self._cited(THEME, ranking, top_k, points=both_senses(self, ranking, query_vector, cues))
        if name == COMPARISON:
            return self.comparison(kind, ranking, top_k, search_side, query_vector, cues)
        # The ranking's order, as for a factual answer: its quotes may come from a passage ranked below the first.
        return self._cited(name if name == DEFINITION else FACTUAL, ranking, top_k, keep_order=True,
                           quotes=self.factual(ranking, query_vector, cues, max_sentences, fill=True))  # fmt: skip

    def comparison(
        self,
        kind: Kind,
        ranking: Ranking,
        top_k: int,
        search_side: Callable[..., tuple[Ranking, np.ndarray, bool]],
        query_vector: np.ndarray,
        cues: Cues,
    ) -> Composed:
        if kind.among:
            return self._cited(COMPARISON, ranking, top_k, points=self.members_compared(kind.sides[0], search_side))
        sides = (
            self.term_sides(tuple(bare_term(s) for s in kind.sides), search_side) if more_specific(kind.sides) else []
        )
        if len(sides) == 2:  # "a PSP and a Strategic PSP": what each one is
            return self._cited(COMPARISON, ranking, top_k, points=sides)
        points, missing, searched = [], [], []
        for side in kind.sides:
            side_ranking, side_vector, covered = search_side(side)
            if covered and side_ranking.hits:
                topic = self.retriever.topic_of(side_ranking.hits[0].passage.section)
                searched.append((side, side_ranking, side_vector, self._side_group(side, topic, side_ranking)))
            else:
                searched.append((side, side_ranking, side_vector, ()))
        found = [section for *_, section in searched]
        both = self.side_by_side(kind.sides, found, query_vector, cues) if all(found) else None
        share = (MAX_PASSAGES - bool(both)) // len(kind.sides)
        for side, side_ranking, side_vector, section in searched:
            if not section:
                points.append(_Draft(side, (), ()))
                missing.append(SIDE_MISSING.format(side=side))
                continue
            rows = rows_named(self.rows, side)
            if rows and not set(keyword_tokens(section[-1])) & set(keyword_tokens(side)):  # a side told in tables
                points.append(side_point(rows, SIDE_BUDGET))
                continue
            if kind.aspect:  # "... when it comes to mainstreaming": the side's sentences on that, within its section
                side_vector = search_side(f"{side} {kind.aspect}")[1]
            summary = self.summarise(section, side_vector, Cues(side, particulars=True), SIDE_BUDGET, side_ranking,
                                     SIDE_PER_PASSAGE)  # fmt: skip
            sentences = [c for draft in summary for c in draft.sentences]
            points.append(_Draft(section[-1], section, _best_passages(sentences, share)))
        if both:  # where the report itself sets them side by side, after each side on its own
            points.append(both)
        composed = self._cited(COMPARISON, ranking, top_k, points=points)
        return Composed(COMPARISON, composed.hits, composed.quotes, composed.points, " ".join(missing))

    def side_by_side(
        self, sides: tuple[str, ...], sections: list[SectionPath], query_vector: np.ndarray, cues: Cues
    ) -> _Draft | None:
        """The passage outside every side's section that names each side, by a form of its rarest word, and
        fits the question best: where the report weighs them against each other itself (a conclusion on
        Scotland that draws on "the transformation of the Italian commissioning process"). Its best sentences."""
        marks = []
        for side in sides:
            words = [w for w in keyword_tokens(side) if w.isalpha() and len(w) >= MARK_LETTERS]
            if not words:
                return None
            marks.append(max(words, key=lambda w: self.word_weights.get(w, 0.0)))

        def names(tokens: set[str], mark: str) -> bool:  # "italian" names "Italy" ("itali")
            return any(same_form(t, mark, max(MARK_LETTERS, min(len(t), len(mark)) - 1)) for t in tokens)

        outside = [
            p
            for p in self.index.passages
            if not is_reference_list(p.section)
            and not is_table(p)
            and not any(p.section[: len(s)] == s for s in sections)
            and all(names(set(keyword_tokens(p.text)), m) for m in marks)
        ]
        if not outside:
            return None
        found = [c for c in self._candidates(outside, query_vector, cues) if not says_nothing_alone(c.text)]
        if not found:
            return None
        best = max(found, key=lambda c: c.score).passage
        chosen = self._best([c for c in found if c.passage is best], SIDE_BY_SIDE_SENTENCES)
        return _Draft(best.section[-1] if best.section else "", best.section, tuple(chosen))

    def _side_group(self, side: str, topic: SectionPath, side_ranking: Ranking) -> SectionPath:
        """A side naming no example, whose top passages fill several items of one group of examples ("what
        happened in Italy"): that group, not its item ranked first; else `topic`."""
        if self._names_an_example(side):
            return topic
        group = self._spread_parent(topic, side_ranking)
        return group if group != topic and group[:-1] == item_collection(self.sections) else topic

    def members_compared(self, side: str, search_side: Callable[..., tuple[Ranking, np.ndarray, bool]]) -> list[_Draft]:
        """The items of the collection a side names ("the two Dutch examples"), each summarised as one side;
        or, when it names no collection, the two topics it is found in first."""
        side_ranking, side_vector, covered = search_side(side)
        if not covered or not side_ranking.hits:
            return []
        collection = self.list_section(side_ranking, side)
        items = self.topics_under(collection) if collection else []
        count = stated_count(side)  # "the two Finnish examples": the group under it with that many items
        if collection and count and len(items) != count:
            groups = [
                s for s in self.sections if s[: len(collection)] == collection and len(self.topics_under(s)) == count
            ]
            if groups:
                group = max(groups, key=lambda s: self._heading_similarity(s, side_vector))
                items = self.topics_under(group)
        if not 2 <= len(items) <= MAX_MEMBERS:
            items = list(dict.fromkeys(self.retriever.topic_of(h.passage.section) for h in side_ranking.hits))[:2]
        points = []
        for item in items:
            row = self.section_row.get(item)
            vector = self.index.section_vectors[row] if row is not None else side_vector  # what the item is about
            summary = self.summarise(item, vector, Cues(item[-1], particulars=True), SIDE_BUDGET // len(items) + 2,
                                     side_ranking, SIDE_PER_PASSAGE)  # fmt: skip
            points.append(_Draft(item[-1], item, tuple(c for draft in summary for c in draft.sentences)))
        return within(points, MAX_PASSAGES)

    # -- citations ---------------------------------------------------------------------------

    def _cited(
        self,
        kind: str,
        ranking: Ranking,
        top_k: int,
        quotes: list[_Candidate] | None = None,
        points: list[_Draft] | None = None,
        keep_order: bool = False,
    ) -> Composed:
        """Number the cited passages first, in citation order (the question's own best passage, when cited,
        ahead of them), then the other top passages.

        A factual answer (and an open one, drawn from the top passages) keeps the
        ranking's order instead, any cited passage beyond top_k added after it.
        """
        drafts = points or []
        sentences = [c for draft in drafts for c in draft.sentences] if points is not None else list(quotes or [])
        cited = list(dict.fromkeys(c.passage.id for c in sentences))
        by_id = {c.passage.id: c.passage for c in sentences}
        limit = max(top_k, min(len(cited), MAX_PASSAGES))
        others = [hit.passage for hit in ranking.hits if hit.passage.id not in by_id]
        if kind == FACTUAL or keep_order:
            ordered = [hit.passage for hit in ranking.hits[:top_k]]
            ordered += [by_id[i] for i in cited if by_id[i] not in ordered]
            if points is not None and kind != FACTUAL:
                # A broad answer's points: after the question's best passage, the cited ones (in the ranking's
                # order) before those it does not quote, so the top passages hold what its points say.
                first, rest = ordered[:1], ordered[1:]
                ordered = first + [p for p in rest if p.id in by_id] + [p for p in rest if p.id not in by_id]
            # Never more than MAX_PASSAGES listed (or top_k, if more): uncited passages give way first.
            while len(ordered) > max(top_k, MAX_PASSAGES) and any(p.id not in by_id for p in ordered):
                ordered.remove(next(p for p in reversed(ordered) if p.id not in by_id))
        else:
            ordered = [by_id[i] for i in best_passage_first(cited[:limit], ranking)]
            ordered += others[: max(0, limit - len(ordered))]
        scores = {hit.passage.id: hit.score for hit in ranking.hits}
        hits = tuple(Hit(p, scores.get(p.id, 0.0), rank) for rank, p in enumerate(ordered, start=1))
        number = {p.id: rank for rank, p in enumerate(ordered, start=1)}

        def numbered(candidates) -> tuple[Quote, ...]:
            return tuple(Quote(c.text, number[c.passage.id]) for c in candidates if c.passage.id in number)

        final = tuple(Point(d.heading, d.section, numbered(d.sentences)) for d in drafts)
        flat = tuple(q for point in final for q in point.quotes) if points is not None else numbered(sentences)
        return Composed(kind, hits, flat, final)


def _told(drafts: list[_Draft]) -> list[_Draft]:
    """The points, each sentence that only announces what follows given way to the first thing it announces
    (see announced_next), and a point left with none dropped; all of them as they were when none would be left."""
    led = [replace(d, sentences=announced_next(d.sentences)) for d in drafts]
    told = [replace(d, sentences=tuple(c for c in d.sentences if not announces(c.text))) for d in led]
    told = [d for d in told if d.sentences]
    return told if told else led


def announced_next(sentences: tuple[_Candidate, ...]) -> tuple[_Candidate, ...]:
    """The sentences, each one that only announces what follows ("Several limitations have been outlined.")
    followed by the first thing it announces, the next sentence of its passage, unless already there."""
    quoted = {(c.passage.id, c.position) for c in sentences}
    found: list[_Candidate] = []
    for c in sentences:
        found.append(c)
        texts = c.passage.sentence_texts()
        at = c.position + c.cells
        if announces(c.text) and at < len(texts) and (c.passage.id, at) not in quoted and c.cells == 1:
            found.append(_Candidate(c.score, c.passage, at, " ".join(texts[at].split())))
            quoted.add((c.passage.id, at))
    return tuple(found)


def _context(sentence: _Candidate, scored: list[_Candidate], cues: Cues, most: int) -> list[_Candidate]:
    """The neighbours a sentence needs to answer: what a lead-in leads to (and, from a short one, what goes on
    from it), the sentence after one that gives no reason or only says a study was made, and the one before a
    sentence that leans on it ("Thus, ...", "The reason was that ...")."""
    if cues.wants_reason(sentence.text) and not leads_in(sentence.text):
        reasoned = _on_to_reason(sentence, scored, cues)
        if reasoned:
            return reasoned[:most]
    if leads_in(sentence.text) or cues.wants_reason(sentence.text) or cues.wants_finding(sentence.text):
        return _following(sentence, scored, most if leads_in(sentence.text) else 1)
    if leans_on_context(sentence.text) or explains_previous(sentence.text):
        return [c for c in scored if c.passage is sentence.passage and c.position == sentence.position - 1][:most]
    return []


def _facet_asked_of(heading: str, question: str) -> str | None:
    """The side (facet) the question asks of a topic, read without the topic's name: "what went well at X?"."""
    return asked_facet(re.sub(re.escape(heading), " ", question, flags=re.I))


def reasons_announced(candidates: list[_Candidate], cues: Cues) -> list[_Candidate]:
    """A why-question's sentences that go on from one announcing reasons ("Some factors were analysed as influencing
    this result." "First, primary care was facing problems in terms of capacity." "Second, ...") or things in the
    sense asked ("why were people suspicious?": "X has faced some challenges." "Firstly, ..."): each is a reason,
    though it says no "because", and scores as one."""
    if not cues.why:
        return candidates

    def announcing(text: str) -> bool:
        in_sense = bool(cues.sense) and sense(text) == cues.sense
        return (announces(text) or leads_in(text)) and (cues.gives_reason(text) or in_sense)

    found, listing = [], False
    for at, c in enumerate(candidates):
        before = candidates[at - 1] if at else None
        follows = before is not None and before.passage is c.passage and before.position + 1 == c.position
        listing = follows and goes_on(c.text) and (listing or announcing(before.text))
        found.append(replace(c, score=c.score + REASON_BONUS) if listing and not cues.gives_reason(c.text) else c)
    return found


def _on_to_reason(sentence: _Candidate, scored: list[_Candidate], cues: Cues) -> list[_Candidate]:
    """A why-question's sentence that gives no reason, told on ("For example, ...", "Also, ...") until one that does,
    within REASON_REACH: the sentences up to that one; none when the telling stops before a reason."""
    after = {c.position: c for c in scored if c.passage is sentence.passage}
    found: list[_Candidate] = []
    for at in range(sentence.position + 1, sentence.position + 1 + REASON_REACH):
        if at not in after or (found and not goes_on(after[at].text)):
            return []
        found.append(after[at])
        if cues.gives_reason(after[at].text):
            return found
    return []


def _following(sentence: _Candidate, scored: list[_Candidate], most: int) -> list[_Candidate]:
    """The sentence after `sentence`, then more while the last is itself a lead-in or the next goes on with
    what was announced ("Some difficulties were identified." ... "For example, ...")."""
    after = {c.position: c for c in scored if c.passage is sentence.passage}
    found: list[_Candidate] = []
    at = sentence.position + sentence.cells
    while at in after and len(found) < most:
        if found and not (leads_in(found[-1].text) or goes_on(after[at].text)):
            break
        if says_nothing_alone(after[at].text) and not after[at].cells > 1:  # "One of these is reported below."
            break
        found.append(after[at])
        at += after[at].cells
    return found


def _as_cell(c: _Candidate, cues: Cues) -> _Candidate:
    """A table's cell quoted on its own, not in a row the question names, scores CELL_COST less: a fragment
    ("Voices Involved from the Public Sector, Third Sector and") tells less than a sentence, unless it gives the
    count a how-many question asks for."""
    return replace(c, score=c.score - CELL_COST) if is_cell(c.text) and not cues.counts(c.text) else c


def _outside(items: list[SectionPath], groups: list[SectionPath]) -> list[SectionPath]:
    """The items that lie in none of `groups`."""
    return [item for item in items if not any(item[: len(group)] == group for group in groups)]


def _within_words(drafts: list[_Draft], limit: int = OVERVIEW_FEW_WORDS) -> list[_Draft]:
    """The drafts, their weakest sentences left out (never a point's only one) until they hold `limit` words."""
    kept = {id(c) for d in drafts for c in d.sentences}
    words = sum(len(c.text.split()) for d in drafts for c in d.sentences)
    spare = [c for d in drafts if len(d.sentences) > 1 for c in d.sentences]
    for c in sorted(spare, key=lambda c: c.score):
        if words <= limit:
            break
        point = next(d for d in drafts if any(x is c for x in d.sentences))
        if sum(id(x) in kept for x in point.sentences) > 1:
            kept.discard(id(c))
            words -= len(c.text.split())
    return [replace(d, sentences=tuple(c for c in d.sentences if id(c) in kept)) for d in drafts]


def _best_passages(sentences: list[_Candidate], most: int) -> tuple[_Candidate, ...]:
    """The sentences of the `most` passages whose best sentence scores highest: each side of a comparison of
    several gets its share of the passages an answer may cite."""
    best: dict[str, float] = {}
    for c in sentences:
        best[c.passage.id] = max(best.get(c.passage.id, -1.0), c.score)
    kept = set(sorted(best, key=lambda i: -best[i])[: max(1, most)])
    return tuple(c for c in sentences if c.passage.id in kept)


def _without_overlaps(chosen: list[_Candidate]) -> list[_Candidate]:
    """Sentences in the report's order, less any that a table row quoted before them already holds."""
    kept: list[_Candidate] = []
    for c in chosen:
        if not any(k.passage is c.passage and k.position <= c.position < k.position + k.cells for k in kept):
            kept.append(c)
    return kept
