"""Which part of the report answers a broad question: the section, its items, a table's rows.

A mixin of Composer (compose.py): the routes that pick the section an overview
goes over, the section or table whose items a list names, the section that
looks ahead, and whether a factual question asks only of a section as a whole.
They read the section tree, the headings' words and the tables; composing the
points from what they pick stays in compose.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

import numpy as np

from psp_qa.answering.demonyms import places_of
from psp_qa.answering.drafts import MAX_PASSAGES
from psp_qa.answering.drafts import Draft as _Draft
from psp_qa.answering.item_groups import (
    ITEM_WORDS,
    MIN_GROUPS,
    children,
    group_named,
    group_touched,
    heading_words,
    item_collection,
    marks_apart,
    named_by_children,
    narrowed,
    other_part,
    set_aside_phrases,
    set_aside_words,
    without_set_aside,
)
from psp_qa.answering.kinds import OVERVIEW, form_words
from psp_qa.answering.retrieve import (
    BRIDGE_SIMILARITY,
    SAME_FORM_PREFIX,
    Ranking,
    is_reference_list,
    same_form,
    states_figure,
)
from psp_qa.answering.sentences import Cues, says_nothing_alone
from psp_qa.answering.tables import (
    Row,
    is_table,
    named_first,
    plural_nouns,
    row_kind,
    row_points,
    rows_named,
    sets_aside,
    tables_of,
    tables_of_kind,
    without_document,
)
from psp_qa.indexing.keywords import fold, keyword_tokens
from psp_qa.reading.captions import CAPTION
from psp_qa.types import Hit, Passage, SectionPath

HEADED_NOUN = 1.0  # a plural noun this rare among the passages (log inverse document frequency) heads a list
NAMED_SECTION = 2.0  # above any cosine: the question spells out the section's heading
COLLECTION_SHARE = 0.6  # a list is of one section's items when it holds this share of the top passages among its kind
SHARED_DEPTH = 5  # a list whose words name no heading is of the section most of these top passages share
RARE_WORD = 2.0  # a word this rare among the passages (log inverse document frequency) names what it heads
CLIMB_MARGIN = 0.1  # an overview climbs from a leaf to its parent whose heading fits the question within this
# An overview descends to a subsection whose heading shares this many of the question's words, and most of its own
# ("the recommendations going forward": "Directions going forward" under "Considerations for future development").
NAMED_BELOW_WORDS = 2
FILLED_DEPTH = 5  # a question with no particular form whose top passages fill one section's subtree:
FILLED_INSIDE = 4  # at least this many of them, or all but one,
FILLED_PARTS = 2  # over this many of its subsections at least, wants an overview of that section
# A factual form that asks for one particular thing: a figure, a date, a reason, a doer, a place.
_PARTICULAR = re.compile(
    r"^\s*(?:and\s+|so\s+|ok,?\s+)?(?:how\s+(?:many|much|long|often|come)|when|why|who|whom|whose|where|what\s+year)\b"
    r"|\bwhat\s+(?:made|led|helped|enabled|caused|allowed)\b|\bwhat\s+happened\s+(?:after|before|when|next|then|to)\b"
    r"|\b(?:what|which)\s+(?:year|date|number|percentage|amount|figure|proportion|share|rate|organisation)s?\b",
    re.I,
)
TABLE_LEAD = 3  # sentences at most of the prose that points to a listed table ("13 interviews with: ... (see Table 5)")
LEAD_MARGIN = 0.15  # those within this of the best of them
# Cosine at which a place the report never names, put in a group heading's own words ("case studies from
# England", "England case studies"), reads as that heading ("Case studies from elsewhere in the UK": 0.85;
# "Scandinavia" as "Finnish, Swedish and Danish case studies": 0.80); a place beside the group's, not in it,
# reads further off ("Norway" 0.75, "Wales" 0.71, "Canada" 0.65, "Germany" 0.64).
PLACED_GROUP = 0.77
PLACED_MARGIN = 0.1  # over the next group: a word near two groups alike names neither
ROW_CELLS = 3  # a listed row is its label, its first cell (what it is) and its cells most relevant, this many in all
FIGURE_CELL = 0.15  # asked what they achieved, a cell that gives a figure ("653 beneficiaries were supported")
TABLE_FIT_CELLS = 3  # a table fits a question by its heading and its this many most relevant cells
# Asked what each row is ("what was each one about?", "what each was for", "and their aims"): its opening
# cells say it, in the table's order; its later ones (what each achieved) are another question.
_WHAT_EACH_IS = re.compile(
    r"\bwhat\s+(?:was|is|were|are)\s+(?:each|every)(?:\s+one|\s+of\s+them)?\s+(?:about|for)\b"
    r"|\bwhat\s+(?:each|every)(?:\s+one)?(?:\s+of\s+them)?\s+(?:was|is|were|are)\s+(?:about|for)\b"
    r"|\band\s+(?:their|its)\s+(?:aims?|purposes?|objectives?|goals?)\b",
    re.I,
)
OPENING_CELLS = 2
# "managed to get people out of their silos" is an auxiliary: what was done, not what was achieved
ACHIEVED = re.compile(r"\b(?:results?|achiev\w*|deliver\w*|outcomes?|accomplish\w*|managed?(?!\s+to\b))\b", re.I)
# A question about what should come next ("what should happen next?", "its recommendations") ...
_AHEAD = re.compile(
    r"\b(?:should|ought\s+to|needs?\s+to|must)\s+(?:\w+\s+){0,3}?(?:next|in\s+(?:the\s+)?future|from\s+now\s+on)\b"
    r"|\bwhat\s+(?:happens|comes|now)\s+next\b|\bnext\s+steps?\b|\brecommend(?:s|ed|ations?)?\b"
    r"|\b(?:going|way)\s+forward\b|\bfor\s+the\s+future\b|\bfuture\s+(?:development|direction)s?\b",
    re.I,
)
# ... is answered by the section whose heading looks ahead.
_AHEAD_HEADING = re.compile(r"\b(?:future|forward|next\s+steps|recommendations?|implications|directions)\b", re.I)
# Words that ask of a section as a whole, beside its name ("what happened at X", "what's the story with Y").
_WHOLE_WORDS = frozenset(
    keyword_tokens("happen happened happening going story tell say says report know overall whole")
)
# The items a list question asks for, named just before its verb ("which papers did they read?").
_ASKED_ITEMS = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?P<items>(?P<one>[A-Za-z-]+[^sS\W])e?s)\s+"
    r"(?:did|do|does|were|was|are|have|had)\b(?P<doers>(?:\s+[\w'-]+){0,4})",
    re.I,
)
# Items asked about together ("the Nordic examples"): an overview of the section holding them.
_PLURAL_ITEMS = re.compile(r"\b(?:examples|case[\s-]+studies|cases|projects|initiatives|schemes)\b", re.I)
# The words of a list question's form, beside what its items are ("list the case studies").
LIST_FORM_WORDS = frozenset(
    keyword_tokens(
        "list name enumerate which what all the there are described mentioned included covered given shown"
        " kinds types sorts"  # "what kinds of evidence did they gather?"
    )
)
PLURAL_WORD = re.compile(r"\b[A-Za-z][a-z]{2,}[^sS\W']s\b")  # "lessons", "considerations"; not "does", "this"
ITEM_PRONOUNS = frozenset(keyword_tokens("one ones those these them"))
# Words that only say the items are in the report ("which PSPs were looked at in the research?").
_INCLUDED_WORDS = frozenset(
    keyword_tokens(
        "look looked looking cover covered covers study studied examined evaluated assessed reviewed included "
        "involved considered research report described discussed mentioned featured part six five four three two"
    )
)
_WORD = re.compile(rf"[^\W\d_]{{{SAME_FORM_PREFIX},}}")  # a word long enough to have a form


class SectionRoutes:
    """Section, item and table routes; Composer's __init__ sets the attributes they read."""

    # -- sections ----------------------------------------------------------------------------

    def _subtree(self, section: SectionPath) -> list[Passage]:
        return [p for p in self.index.passages if p.section[: len(section)] == section]

    def topics_under(self, section: SectionPath) -> list[SectionPath]:
        """The items of a section: its subsections' topics (generic subsections folded in), in order."""
        topics = (self.retriever.topic_of(p.section) for p in self._subtree(section) if p.section != section)
        return [t for t in dict.fromkeys(topics) if len(t) > len(section)]

    @functools.cached_property
    def _heading_names(self) -> dict[str, str]:
        """The headings' names (folded), each with its heading token: words the report always writes with a
        capital, mid-sentence too ("Italian", "Netherland"), not everyday words that open a heading."""
        text = " ".join(p.text for p in self.index.passages)
        lower = {w for w in _WORD.findall(text) if w[0].islower()}
        return {
            fold(word): token
            for section in self.sections
            for word in _WORD.findall(section[-1])
            if word[0].isupper() and word.lower() not in lower
            for token in keyword_tokens(word)
        }

    def heading_forms(self, question: str) -> set[str]:
        """The heading tokens that the question's words are other forms of, by their first letters and their
        meaning: "Italy" names "Italian Case studies"; words spelled alike that mean apart are no forms."""
        names = self._heading_names
        asked = set(keyword_tokens(question))
        words = dict.fromkeys(fold(w) for w in _WORD.findall(question))
        # A people's name is a form of its place's ("danish": "Denmark"), however unlike they are spelt.
        peoples = {names[place] for word in words for place in self._headed_places(word)}
        pairs = [(word, name) for word in words for name in names if names[name] not in asked and same_form(word, name)]
        if not pairs:
            return peoples
        return peoples | {names[n] for w, n in pairs if self._word_similarity(w, n) >= BRIDGE_SIMILARITY}

    def placed_tokens(self, question: str) -> set[str]:
        """The question's keyword tokens, a people's name given way to its place's where a heading names that
        place: "the Dutch examples" ask of the "Netherland case studies"."""
        tokens = set(keyword_tokens(question))
        for word in _WORD.findall(question):
            places = self._headed_places(word)
            if places:
                tokens = (tokens - set(keyword_tokens(word))) | {t for place in places for t in keyword_tokens(place)}
        return tokens

    def _headed_places(self, word: str) -> list[str]:
        """The places of the people `word` names that a heading names ("dutch": "netherland", of "Netherland
        case studies"), folded as `_heading_names` keys them; [] for any other word."""
        return [place for place in places_of(word) if place in self._heading_names]

    def _people_placed(self, word: str) -> bool:
        """Whether `word` names a people whose place a heading names ("dutch": "Netherland case studies")."""
        return bool(self._headed_places(word))

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (the composer lives as long as its index)
    def _word_similarity(self, word: str, other: str) -> float:
        vectors = self.retriever.encode([word, other])
        return float(vectors[0] @ vectors[1])

    def _heading_similarity(self, section: SectionPath, query_vector: np.ndarray) -> float:
        row = self.section_row.get(section)
        return float(self.index.section_vectors[row] @ query_vector) if row is not None else 0.0

    def names_a_section(self, question: str, section: SectionPath) -> bool:
        """The question is the section's name: every word of its heading, and no other (beyond stop words)."""
        heading = heading_words(section)  # without its number: "4.2 ..."
        asked = set(keyword_tokens(question))
        return bool(heading) and heading == asked

    def named_parent(self, question: str, ranking: Ranking) -> SectionPath:
        """The section the question names, above its best passage, when it has subsections (an overview)."""
        if not ranking.hits:
            return ()
        topic = self.retriever.topic_of(ranking.hits[0].passage.section)
        for depth in range(len(topic), 0, -1):
            section = topic[:depth]
            subsections = {p.section for p in self._subtree(section)} - {section}
            if self.names_a_section(question, section) and len(subsections) >= 2:
                return section
        return self._named_collection(question)

    def _named_collection(self, question: str) -> SectionPath:
        """The collection a question is only the name of ("case studies"): its groups' shared heading words."""
        asked = set(keyword_tokens(question))
        collection = named_by_children(self.sections, asked)
        common = set.intersection(*map(heading_words, children(self.sections, collection))) if collection else set()
        return collection if collection and asked == common else ()

    def _title_only(self, section: SectionPath) -> bool:
        """The document's own title with its one lead passage: it names what the whole report is about, so its
        heading is near any question about that, but it holds no part of the report to go over."""
        first = self.index.passages[0].section if self.index.passages else ()
        return len(section) == 1 and section == first and len(self._subtree(section)) <= 1

    def overview_section(self, ranking: Ranking, query_vector: np.ndarray, question: str = "") -> SectionPath:
        """The section asked about: of the top passages' topics and the sections above them, the one whose
        heading the question spells out, or else the group of a collection it names by what sets it apart
        ("the Italian examples"), or else the best by heading similarity; or the collection whose subsections
        all share the words asked about ("the case studies")."""
        named = self.placed_tokens(question)
        asked = named - form_words(OVERVIEW)
        collection = named_by_children(self.sections, asked)
        if collection:
            return collection
        candidates: dict[SectionPath, float] = {}
        for weight, hit in zip((0.1, 0.05, 0.03), ranking.hits):
            topic = self.retriever.topic_of(hit.passage.section)
            for depth in range(len(topic), 0, -1):
                section = topic[:depth]
                if is_reference_list(section):  # a bibliography is searched, never summarised
                    continue
                heading = heading_words(section)
                if len(heading) >= 2 and heading <= named:  # named: "the Italian case studies"
                    score = NAMED_SECTION + weight
                elif self.section_row.get(section) is None or self._title_only(section):
                    continue
                else:
                    score = self._heading_similarity(section, query_vector) + weight
                candidates[section] = max(candidates.get(section, -1.0), score)
        best = max(candidates, key=lambda s: (candidates[s], -len(self._subtree(s)))) if candidates else ()
        group = group_named(self.sections, asked) if not best or candidates[best] < NAMED_SECTION else ()
        if group:
            return group
        if not best:
            told = [h for h in ranking.hits if not is_reference_list(h.passage.section)]
            return self.retriever.topic_of(told[0].passage.section) if told else ()
        if candidates[best] >= NAMED_SECTION:
            return best
        if _PLURAL_ITEMS.search(question):  # "the Nordic examples": not the one ranked first
            return self._spread_parent(best, ranking)
        return self.named_below(self._over_siblings(best, ranking, query_vector), question)

    def named_below(self, section: SectionPath, question: str) -> SectionPath:
        """The one subsection of `section` whose heading the question names (NAMED_BELOW_WORDS of its words and
        most of them, more than `section`'s own heading shares), else `section`: "what are the recommendations
        going forward?" is about "Directions going forward", not the whole of the section holding it."""
        asked = set(keyword_tokens(question)) - form_words(OVERVIEW)
        below = [s for s in self.sections if len(s) > len(section) and s[: len(section)] == section]
        shared = {s: len(heading_words(s) & asked) for s in below}
        named = [
            s
            for s in below
            if shared[s] >= NAMED_BELOW_WORDS
            and 2 * shared[s] > len(heading_words(s))
            and shared[s] > len(heading_words(section) & asked)
        ]
        most = max((shared[s] for s in named), default=0)
        named = [s for s in named if shared[s] == most]
        return named[0] if len(named) == 1 else section

    def _over_siblings(self, best: SectionPath, ranking: Ranking, query_vector: np.ndarray) -> SectionPath:
        """The section above a leaf `best` when the top passages spread over its subsections, two or more,
        and its heading fits the question nearly as well ("how the researchers went about the study": the
        methods, not their workshop)."""
        parent = best[:-1]
        if not parent or any(len(p.section) > len(best) for p in self._subtree(best)):
            return best
        if self._heading_similarity(parent, query_vector) < self._heading_similarity(best, query_vector) - CLIMB_MARGIN:
            return best
        top = [h.passage for h in ranking.hits[:FILLED_DEPTH] if not is_reference_list(h.passage.section)]
        under = {
            p.section[: len(best)] for p in top if p.section[: len(parent)] == parent and len(p.section) > len(parent)
        }
        return parent if len(under) >= 2 and self.section_row.get(parent) is not None else best

    def _spread_parent(self, best: SectionPath, ranking: Ranking) -> SectionPath:
        """The deepest section above `best` whose items hold most of the top passages, two items or more."""
        top = [h.passage for h in ranking.hits[:FILLED_DEPTH] if not is_reference_list(h.passage.section)]
        topics = [self.retriever.topic_of(p.section) for p in top]
        for depth in range(len(best) - 1, 0, -1):
            inside = [t for t in topics if t[:depth] == best[:depth]]
            if len(set(inside)) >= 2 and len(inside) > len(top) / 2:
                return best[:depth]
        return best

    def list_section(self, ranking: Ranking, question: str) -> SectionPath:
        """The section whose items the question asks for, or () when none is named.

        A candidate is a section above a top passage's topic, with two or more
        items, whose heading shares a word with the question ("case studies").
        It scores the top passages inside it, by rank, over the square root of
        its item count, plus the question words its heading shares; a word the
        report never uses counts as the corpus words nearest it. A section under
        it that the question names ("Denmark") narrows the list to its items.
        """
        own = without_set_aside(without_document(question))  # "for the study": not "Case studies"; "outside the UK"
        aside = set_aside_words(question)
        asked = (set(keyword_tokens(own)) | self.heading_forms(own)) - aside  # "Italy": "italian"
        # "abroad": "internat"; a people named by its place ("dutch": "netherland") needs no nearest words ("danish").
        unplaced = " ".join(w for w in _WORD.findall(own) if not self._people_placed(w))
        words = asked | set(self.retriever.bridged_words(unplaced)) - aside
        best, best_score = (), 0.0
        hits = ranking.hits[:MAX_PASSAGES]
        candidates = dict.fromkeys(
            topic[:depth]
            for hit in hits
            for topic in [self.retriever.topic_of(hit.passage.section)]
            for depth in range(len(topic) - 1, 0, -1)
        )
        for section in candidates:
            items = self.topics_under(section)
            if len(items) < 2:
                continue
            inside = sum(1 / hit.rank for hit in hits if hit.passage.section[: len(section)] == section)
            shared = len(words & set(keyword_tokens(section[-1])) | self._naming_items(items, words))
            score = inside / len(items) ** 0.5 + 0.3 * shared
            if shared and score > best_score:  # the question names what the items are ("case studies")
                best, best_score = section, score
        if best:
            best = self._whole_collection(best, words, hits)
        else:  # "which examples from Denmark?": the group the question names, however few its items
            best = group_named(self.sections, asked) or self._headed_group(asked)
        placed = self.placed_group(own)[0]  # "from Scandinavia": the report's Nordic group, though it never says so
        if placed and (not best or placed[: len(best)] == best):
            best = placed
        aside = self.set_aside(question)
        if not best and aside:  # "which examples come from outside the UK?": the collection that group is of
            best = aside[:-1]
        # "from Finland, Sweden or Denmark": its siblings named too, the section above them all.
        if best and any(s != best and self.topics_under(s) for s in self._named_beside(best, words)):
            best = best[:-1]
        # Narrowed by the question's own words only: "Nordic" stands for "Sweden" and "Danish" alike.
        has_items = lambda s: bool(self.topics_under(s))  # noqa: E731
        best = group_touched(self.sections, best, asked, has_items) if best else best
        if not best:
            return best
        own = narrowed(self.sections, best, asked, has_items)
        # "from Scandinavia or Finland": once the question's own words name one part, the parts its other words
        # stand for (the report never says "Scandinavia") widen it to the section above them all.
        named = self._named_beside(own, words)
        return own[:-1] if own in named and len(named) >= 2 and all(map(has_items, named)) else own

    @functools.lru_cache(maxsize=1024)  # noqa: B019  (the composer lives as long as its index)
    def placed_group(self, question: str) -> tuple[SectionPath, frozenset[str]]:
        """The group of items a place the report never names stands for ("from Scandinavia", "the British
        examples"), and the question's words that place it; ((), {}) when none does.

        The report's groups of examples are headed by where they come from ("Finnish, Swedish and Danish case
        studies", "Case studies from elsewhere in the UK"). A word the corpus lacks is put in each group
        heading's own item words, both ways ("case studies from W", "W case studies"): the heading it then
        reads as, near enough and clearly nearer than any other, is the group it names.
        """
        missing = self.retriever.missing_words(question)
        groups = self._place_groups
        if not missing or len(groups) < MIN_GROUPS:
            return (), frozenset()
        framed = [frame.format(items=items, word=word) for word in missing for _, items in groups
                  for frame in ("{items} from {word}", "{word} {items}")]  # fmt: skip
        framed_vectors = self.retriever.encode(framed)
        scores = (
            framed_vectors.reshape(len(missing), len(groups), 2, -1) * self._place_headings[None, :, None, :]
        ).sum(-1)
        scores = scores.mean(axis=2)  # word x group
        found: dict[SectionPath, set[str]] = {}
        for word, row in zip(missing, scores):
            order = np.argsort(-row)
            best, second = float(row[order[0]]), float(row[order[1]])
            if best >= PLACED_GROUP and best - second >= PLACED_MARGIN:
                found.setdefault(groups[int(order[0])][0], set()).add(word)
        if len(found) != 1:
            return (), frozenset()
        group, words = next(iter(found.items()))
        return group, frozenset(words)

    @functools.cached_property
    def _place_headings(self) -> np.ndarray:
        return self.retriever.encode([group[-1] for group, _ in self._place_groups])

    @functools.cached_property
    def _place_groups(self) -> list[tuple[SectionPath, str]]:
        """The groups of the report's item collection whose headings carry item words, each with those words as
        the heading writes them ("Case studies")."""
        collection = item_collection(self.sections)
        found = []
        for group in children(self.sections, collection) if collection else []:
            items = [w for w in re.findall(r"[\w'’-]+", group[-1]) if set(keyword_tokens(w)) & ITEM_WORDS]
            if items and self.topics_under(group):
                found.append((group, " ".join(items)))
        return found

    def left_out(self, section: SectionPath, question: str) -> list[SectionPath]:
        """The groups of a listed section the question leaves out: those it sets aside ("from outside the UK",
        "other than the Italian ones"), those of the part of the collection it does not name ("from abroad": not
        "elsewhere in the UK"), and, when it names two groups or more apart, the others."""
        aside = set_aside_words(question)
        words = set(keyword_tokens(question)) | set(self.retriever.bridged_words(question))
        kids = children(self.sections, section)
        marks = marks_apart(kids)
        # By what sets each apart, in the question's own words (or other forms of them: "Italy" for "Italian"); a
        # word the corpus lacks may stand for two groups at once ("Dutch": "netherland" and "danish").
        asked = (set(keyword_tokens(question)) | self.heading_forms(question)) - aside
        named = [k for k in kids if marks[k] & asked and self.topics_under(k)]
        # Or else by the corpus word nearest one it lacks ("Dutch": "netherland"), unless that word already placed
        # the list in its group ("Nordic": the Finnish, Swedish and Danish case studies; see placed_group).
        bridged = [] if named or self.placed_group(question)[0] else self.retriever.bridged_words(question)
        if bridged:
            named = [k for k in kids if marks[k] & set(bridged[:1]) and self.topics_under(k)]
        # "from Italy and the UK": a group named is no part left out, though the other part's words name it not.
        groups = [g for g in other_part(self.sections, section, words - aside) if g not in named]
        if aside:
            groups += [k for k in kids if heading_words(k) & aside and k not in groups]
        if len(named) >= 2 or (named and not asked & set().union(*marks.values())):
            groups += [k for k in kids if k not in named and k not in groups]  # "from Italy or the Netherlands"
        # "other than the Italian ones": the group named by another form of its heading's words, however deep.
        group = self.set_aside(question)
        if group and len(group) > len(section) and group[: len(section)] == section and group not in groups:
            groups.append(group)
        return groups

    def set_aside(self, question: str) -> SectionPath:
        """The group of items a question sets aside ("from outside the UK", "other than the Italian ones"), by
        the words that name it, or ()."""
        named = " ".join(set_aside_phrases(question))
        words = set(keyword_tokens(named)) | self.heading_forms(named)  # "Italy" as "Italian"
        words = {w for w in words - ITEM_WORDS if any(w in heading_words(s) for s in self.sections)}
        if not words:
            return ()
        group = group_named(self.sections, words) or self._headed_group(words)
        return group if group and len(group) >= 2 and self.topics_under(group) else ()

    @staticmethod
    def _naming_items(items: list[SectionPath], words: set[str]) -> set[str]:
        """The question's words that two items' headings or more hold, beyond the words of items: "which data
        collection methods?" names the methods' section by its "Primary data" and "Secondary data"."""
        counts: dict[str, int] = {}
        for item in items:
            for word in (heading_words(item) & words) - ITEM_WORDS:
                counts[word] = counts.get(word, 0) + 1
        return {w for w, n in counts.items() if n >= 2}

    def _headed_group(self, asked: set[str]) -> SectionPath:
        """The section with items whose whole heading the question holds ("Denmark"), one item or more."""
        named = [s for s in self.sections if heading_words(s) and heading_words(s) <= asked and self.topics_under(s)]
        return max(named, key=len) if named else ()

    def _named_beside(self, section: SectionPath, words: set[str]) -> list[SectionPath]:
        """`section` and its siblings whose headings the question's words name: each all of its heading
        ("Denmark"), or, a group of items, a word that sets it apart from the others ("Italy or the
        Netherlands": "Italian Case studies", "Netherland case studies")."""
        kids = children(self.sections, section[:-1])
        apart = marks_apart(kids)
        return [
            s
            for s in kids
            if heading_words(s) and (heading_words(s) <= words or (apart[s] & words and self.topics_under(s)))
        ]

    def section_ahead(self, question: str, query_vector: np.ndarray) -> SectionPath:
        """For a question about what should come next, the section whose heading looks ahead ("...for future
        development", "Recommendations"), the nearest to the question of several; () for other questions."""
        if not _AHEAD.search(question):
            return ()
        if self._names_an_example(question):  # "what did the POPP evaluation recommend?": that example answers
            return ()
        ahead = [s for s in self.sections if _AHEAD_HEADING.search(s[-1]) and self.section_row.get(s) is not None]
        return max(ahead, key=lambda s: self._heading_similarity(s, query_vector), default=())

    def _names_an_example(self, question: str) -> bool:
        """The question names one of the report's examples or groups of them by a rare word of its heading
        ("Bollate", "Italian", "POPP" spelled out), not by a word found everywhere ("social")."""
        shorts = [short for short in self.acronyms if re.search(rf"\b{re.escape(short)}\b", question)]
        asked = set(keyword_tokens(" ".join([question, *(self.acronyms[short] for short in shorts)])))
        collection = item_collection(self.sections)
        if not collection:
            return False
        named = [*self.topics_under(collection), *children(self.sections, collection)]
        words = {w for section in named for w in (heading_words(section) - ITEM_WORDS) & asked}
        return any(self.word_weights.get(w, 0.0) >= RARE_WORD for w in words)

    def asks_of_the_whole(self, question: str, section: SectionPath, form: frozenset[str] = frozenset()) -> bool:
        """The question asks nothing in particular of `section` beyond naming it (its headings, an acronym of
        it) and the kind of answer wanted: "what about the Brescia one?", "what happened at X?". "What made
        Bollate succeed?" and "what software was used to analyse the interviews?" ask one thing of it: their
        answer is the sentences that say it, not an overview of the section."""
        shorts = {t for short in self.acronyms for t in keyword_tokens(short)}
        words = {w for w in keyword_tokens(question) if w.isalpha() and len(w) >= 3} - shorts
        for depth in range(1, len(section) + 1):
            words -= heading_words(section[:depth])
        return len(words - form - form_words(OVERVIEW) - _WHOLE_WORDS - ITEM_WORDS) <= 1

    def filled_section(self, question: str, ranking: Ranking) -> SectionPath:
        """The section a question with no particular form ("give me the gist of X", "sum up what happened in
        Y") is about when its top passages fill that section's subtree: the deepest above the first one's
        section holding all of them but one, spread over two of its subsections or more, and whose
        subsections have none of their own (a case study, a methods chapter; not a collection of them)."""
        top = [h.passage for h in ranking.hits[:FILLED_DEPTH] if not is_reference_list(h.passage.section)]
        words = [w for w in keyword_tokens(question) if w.isalpha() and len(w) >= 3]
        if len(top) < 3 or len(words) < 2 or _PARTICULAR.search(question):  # "0E£T[1" asks about nothing
            return ()
        first = top[0].section
        for depth in range(len(first), 0, -1):
            section = first[:depth]
            inside = [p for p in top if p.section[:depth] == section]
            parts = {p.section[: depth + 1] for p in inside} - {section}
            if len(inside) < min(FILLED_INSIDE, len(top) - 1) or len(parts) < FILLED_PARTS:
                continue
            below = {p.section for p in self._subtree(section)}
            if any(len(s) > depth + 1 for s in below):  # its subsections are groups of items: a collection
                return ()
            return section
        return ()

    def kind_table(self, question: str, query_vector: np.ndarray, cues: Cues) -> list[Row]:
        """The table whose rows a plural noun of the question names ("which PSPs...", "the Scottish
        partnerships"), by its label column's header; of several, the one whose heading and cells fit the
        question best ("what was each for": the objectives' table, not the interviews'). None when the
        question also names one of the report's examples or a group of them ("the Italian partnerships")."""
        tables = tables_of_kind(self.rows, question, self.acronyms)
        items = _ASKED_ITEMS.match(question)  # "which documents did they go through for the six partnerships?"
        if items:  # the items asked for are the documents: a table of partnerships is not their list
            # the items or the doers named ("which results have the partnerships reported?": each row's)
            wanted = set(keyword_tokens(f"{items.group('items')} {items.group('one')}"))  # "PSPs", "PSP"
            wanted |= plural_nouns(items.group("doers") or "")
            tables = [t for t in tables if row_kind(t[0], self.acronyms) & wanted]
        asked = set(keyword_tokens(question))
        if not tables or group_named(self.sections, asked) or self._names_an_example(question):
            return []
        # "the lessons learned from the PSPs": a section the question names by its heading is what it asks for.
        if any(len(heading_words(s)) >= 2 and heading_words(s) <= asked for s in self.sections):
            return []
        if self.headed_list(question):  # "the main lessons drawn from the PSPs": the section headed "Lessons ..."
            return []

        # Asked for the rows and nothing of them ("which PSPs were looked at?"): a table that says what each is,
        # not one that counts things of each ("2 representatives of ...", "1 interview").
        if self._asks_only_for_rows(question, tables):
            tables = [t for t in tables if not all(r.cells[0].text[:1].isdigit() for r in t if r.cells)] or tables
        plurals = plural_nouns(question)
        # What the question asks of the rows, not of the document: "looked at in the research" is no sign of the
        # methods' table.
        own = without_document(question)
        vector = self.retriever.encode([own])[0] if own != question and len(tables) >= 2 else query_vector

        def fit(table: list[Row]) -> float:
            passages = list({row.label.passage.id: row.label.passage for row in table}.values())
            # A cell that only repeats what the rows are ("1 Strategic PSP coordinator", asked "which PSPs")
            # says nothing of what is asked of them.
            named = row_kind(table[0], self.acronyms) & plurals
            labels = {row.label.text for row in table}
            scores = sorted(
                (
                    c.score
                    for c in self._candidates(passages, vector, cues)
                    if c.text not in labels and not named & set(keyword_tokens(c.text))
                ),
                reverse=True,
            )
            cells = scores[:TABLE_FIT_CELLS]
            return self._heading_similarity(table[0].section, vector) + sum(cells) / max(1, len(cells))

        return max(tables, key=fit)

    def table_of_named_row(self, question: str) -> list[Row]:
        """The rows of the table holding a row the list question names by its label ("which organisations from
        the Ready for Business group...", "which bits of the Scottish Government did they talk to?"), that row
        first. A row set aside names none; a label found in several tables ("Low Moss") does not say which."""
        named = rows_named(self.rows, without_set_aside(question))
        tables = [t for t in tables_of(self.rows) if any(row in named for row in t)]
        return named_first(tables[0], question) if len(tables) == 1 else []

    def _asks_only_for_rows(self, question: str, tables: list[list[Row]]) -> bool:
        """The question names the tables' rows and asks nothing of them: "which PSPs were looked at?"."""
        asked = set(keyword_tokens(question))
        kinds = set().union(*(row_kind(t[0], self.acronyms) for t in tables))
        return not asked - LIST_FORM_WORDS - _INCLUDED_WORDS - plural_nouns(question) - kinds - ITEM_WORDS

    def table_items(self, table: list[Row], query_vector: np.ndarray, cues: Cues) -> list[_Draft]:
        """One point per row: its label and first cell (what the row is), then its cells that best answer the
        question ("what have they achieved": the outcomes' cells), in the row's order; asked nothing of the
        rows, their label and first cell alone."""
        points = []
        most = 1 if self._asks_only_for_rows(cues.question, [table]) else ROW_CELLS
        opening = _WHAT_EACH_IS.search(cues.question) is not None  # "what was each one about?": its first cells
        achieved = ACHIEVED.search(cues.question) is not None
        for row in table[:MAX_PASSAGES]:
            scored = {
                c.position: c.score + FIGURE_CELL * (achieved and states_figure(c.text))
                for c in self._candidates([row.label.passage], query_vector, cues)
            }
            first, rest = row.cells[: OPENING_CELLS if opening else 1], row.cells[OPENING_CELLS if opening else 1 :]
            best = [] if opening else sorted(rest, key=lambda c: -scored.get(c.position, 0.0))[: max(0, most - 1)]
            chosen = sorted([*first, *best], key=lambda c: c.position)
            points.extend(row_points([replace(row, cells=tuple(chosen))], len(chosen)))
        return points

    def table_lead(self, table: list[Row], query_vector: np.ndarray, cues: Cues) -> list[_Draft]:
        """The prose that points to a table by its caption ("We also conducted 13 interviews with: ... (see
        Table 5)"): its passage's sentences that best answer the question, as a point before the rows. The rows
        often list only part of what the prose sums up (the stakeholders, not the partners also interviewed)."""
        caption = CAPTION.match(table[0].caption.lstrip()) if table else None
        # "which others besides the partners?", "which organisations were in the RfB group?": only the rows
        if not caption or sets_aside(cues.question) or rows_named(table, cues.question):
            return []
        cites = re.compile(rf"\b{re.escape(caption.group())}\b(?!\s*[–—-]\s*\w)")  # "see Table 5", not its caption
        section = table[0].section
        prose = [
            p
            for p in self._subtree(section)
            if not is_table(p) and not p.lead and cites.search(" ".join(p.text.split()))
        ]
        found = [c for c in self._candidates(prose[:1], query_vector, cues) if not says_nothing_alone(c.text)]
        if not found:
            return []
        best = max(c.score for c in found)
        citing = [c for c in found if cites.search(c.text)][:1]  # the sentence that introduces the table
        near = sorted((c for c in found if c.score >= best - LEAD_MARGIN and c not in citing), key=lambda c: -c.score)
        chosen = sorted([*citing, *near][:TABLE_LEAD], key=lambda c: c.position)
        return [_Draft(section[-1], section, tuple(chosen))]

    def names_a_heading(self, question: str) -> bool:
        """Every word of the question beyond a list's form lies in one section heading that has items, and
        two words at least: "which ones are from elsewhere in the UK?" asks for that section's items."""
        words = set(keyword_tokens(question)) - LIST_FORM_WORDS - ITEM_WORDS - ITEM_PRONOUNS
        return len(words) >= 2 and any(
            words <= heading_words(s) and len(self.topics_under(s)) >= 2 for s in self.sections
        )  # fmt: skip

    def headed_list(self, question: str) -> SectionPath:
        """The section whose heading holds a plural noun of the question, and whose subsections are its items
        ("what lessons came out of ...?" -> "Lessons learned"): the deepest of those in one line of descent,
        two items or more. None when the question names one of those items ("the lesson about leadership")
        or one of the report's examples ("what lessons did Bollate teach?"): it asks about that one."""
        nouns = {t for w in PLURAL_WORD.findall(question) for t in keyword_tokens(w)}
        nouns -= ITEM_WORDS | LIST_FORM_WORDS | ITEM_PRONOUNS
        nouns = {n for n in nouns if self.word_weights.get(n, 0.0) >= HEADED_NOUN}  # not "partnerships"
        if not nouns or self._names_an_example(question):
            return ()
        found = [s for s in self.sections if heading_words(s) & nouns and len(self.topics_under(s)) >= 2]
        if not found:
            return ()
        deepest = max(found, key=len)
        if any(deepest[: len(s)] != s for s in found):  # headings apart: the question does not say which
            return ()
        asked = set(keyword_tokens(question))
        if any(heading_words(item) <= asked for item in self.topics_under(deepest)):
            return ()
        return deepest

    def shared_parent(self, ranking: Ranking) -> SectionPath:
        """The deepest section with two or more items that holds most of the top passages, for a list question
        whose words name no heading ("what kinds of evidence did they gather?" -> the methods' section)."""
        top = [h.passage for h in ranking.hits[:SHARED_DEPTH] if not is_reference_list(h.passage.section)]
        counts: dict[SectionPath, int] = {}
        for passage in top:
            for depth in range(1, len(passage.section) + 1):
                counts[passage.section[:depth]] = counts.get(passage.section[:depth], 0) + 1
        shared = [s for s, n in counts.items() if n > len(top) / 2 and len(self.topics_under(s)) >= 2]
        return max(shared, key=len) if shared else ()

    def _whole_collection(self, best: SectionPath, words: set[str], hits: list[Hit]) -> SectionPath:
        """The section above `best` when the question is about all its kind ("the case studies faced"): its
        siblings share the heading words the question uses, and the top passages fall mostly outside it; or
        the question names what the section above holds beside it ("the international and UK case studies")."""
        if len(best) < 2:
            return best
        shared = words & set(keyword_tokens(best[-1]))
        if words & set(keyword_tokens(best[-2])) - shared:
            return best[:-1]
        siblings = {
            s for s in self.all_sections if len(s) == len(best) and s[:-1] == best[:-1] and shared <= set(keyword_tokens(s[-1]))
        }  # fmt: skip

        def mass(section: SectionPath) -> float:
            return sum(1 / hit.rank for hit in hits if hit.passage.section[: len(section)] == section)

        total = sum(mass(s) for s in siblings)
        unqualified = not (words - shared - LIST_FORM_WORDS)  # "list the case studies": all of them
        common = set.intersection(*map(heading_words, siblings)) if siblings else set()
        # "who paid for the case study projects?": no word sets this group apart from its siblings
        unqualified = unqualified or not (heading_words(best) - common) & words
        spread_out = mass(best) < COLLECTION_SHARE * total
        return best[:-1] if len(siblings) >= 3 and (unqualified or spread_out) else best
