"""Hybrid retrieval: five views of each passage (and two signals some questions add), combined into one score.

- sentence: cosine of the question with the passage's closest sentence;
- keywords: BM25 over the passage with its section path;
- sentence keywords: BM25 of the passage's best-matching sentence;
- passage: cosine with the whole passage (section path included);
- heading: cosine with the passage's two innermost headings ("Bollate Prison › Challenges");
- topic (follow-ups only): whether the passage is in the section the conversation is about; within
  it, the sentence view counts more and the keyword view less (its passages all share the name);
- case (a question of one thing, `general`, with no topic): -1 for a passage of a case, a topic whose
  section has recurring subsections ("Bollate Prison › Outcomes"): a question naming no case asks of the
  report at large more often than of one case, whose sections otherwise win on a shared word (a list, a
  theme or a comparison spans the cases, and searches without it);
- answer type ("when", "how long" and "why" questions, and those asking for a figure: "how many",
  "what percentage", "bollate reoffending figure"): whether a sentence of the passage close to
  the question holds a year ("when", "what year"), a year or a duration ("how long"), a reason
  ("why": "because", "the reason was", "thus"), or a figure (a count, an amount, a share; a year
  or a citation's number is none).

A follow-up ("What did its evaluation find?" after "What is the BounceBack
project?") is rewritten with its topic's name ("What did BounceBack's
evaluation find?"), but the topic is also carried as a section (see
conversation.py), above any generic subsection ("Outcomes"). Its passages get
a bonus, in the keyword views the topic's name counts for less than the
follow-up's own words, and the sentence and heading views search the
follow-up's own words, so passages of that section are told apart by what the
follow-up asks rather than by how often they spell the name.

A question word the corpus never uses ("succeed") is bridged to the corpus
words nearest to it in the embedding space ("success", "successful") before
the keyword views score it. Embedding neighbours are often opposites
("stopped": "continue", "wrong": "right"): words used in the same places. An
opposite is as near to the word negated ("not stopped") as to the word itself,
a synonym clearly nearer the word, so a neighbour must be NEGATION_MARGIN
nearer the word than its negation, unless it is a form of the word itself
("failed": "failure", which negation pulls the same way).

Cosines are used as they are; BM25 scores are divided by the best score of
the question, so every view is on a 0..1 scale before weighting, or by a share
(`keyword_floor`) of what a passage holding all the question's words would
score, when no passage comes near that: a passage that shares one common word
with a question worded unlike the report ("taking part": "an active part")
then no longer scores 1 in the keyword views. The weights
(RetrievalSettings) were chosen on the development questions, from the middle
of a broad plateau rather than its single best point.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from psp_qa.answering.facets import BASICS, asked_facet, asks_what_it_is, facet
from psp_qa.answering.figures import AMOUNT, PERCENT, YEAR
from psp_qa.answering.scope import figure_wanted
from psp_qa.config import RetrievalSettings
from psp_qa.indexing import vectors
from psp_qa.indexing.keywords import KeywordIndex, fold, keyword_tokens, stopwords
from psp_qa.indexing.store import LoadedIndex
from psp_qa.reading.table_rows import row_header
from psp_qa.types import Hit, Passage, SectionPath

CANDIDATES = 100  # per view, before fusion
BRIDGE_SIMILARITY = 0.6  # how close a corpus word must be to stand in for a missing question word
BRIDGE_WORDS = 2
# How much nearer a bridged word must be to the question word than to "not <word>". On 25 general
# antonym and 25 synonym pairs (not this report's words) it turned away 21 antonyms and kept 17 synonyms.
NEGATION_MARGIN = 0.08
SAME_FORM_PREFIX = 4  # letters a corpus word shares with the question word to be a form of it
_REFERENCE_HEADING = re.compile(r"\b(references|bibliography|works cited)\b", re.IGNORECASE)
# A question asking when, or for how long, is answered by a sentence holding a date or a duration.
_WHEN_QUESTION = re.compile(
    r"^\W*(?:(?:and|so|but)\s+)?(?:when\b|since\s+when\b|how\s+long\b|(?:in\s+)?(?:what|which)\s+year\b)", re.I
)
# "how long" is answered by a duration or by years ("since 2009"); "when" and "what year" by a year, not a
# duration ("Each project runs for six months" says nothing of when the project was set up).
_HOW_LONG = re.compile(r"\bhow\s+long\b", re.I)
_YEAR_IN_TEXT_PATTERN = r"\b(?:1[89]\d\d|20\d\d)\b(?![^()]*\))"  # not inside a citation's brackets ("(Reeve, 2016)")
_YEAR_IN_TEXT = re.compile(_YEAR_IN_TEXT_PATTERN)
_DATE = re.compile(
    _YEAR_IN_TEXT_PATTERN + r"|\b(?:\d+|one|two|three|four|five|six|ten|twelve)[\s-]+(?:years?|months?|weeks?)\b",
    re.IGNORECASE,
)
# A question asking for a figure, in full ("how many", "what percentage") or as a keyword fragment.
_FIGURE_WORD = re.compile(r"\b(?:figures?|numbers?|percentages?|rates?|totals?|statistics?|stats)\b", re.I)
_FIGURE = re.compile(r"(?<![\w.\[])[£$€]?\d[\d,]*(?:\.\d+)?(?:\s?%|\b)")
# A "why" question is answered by a sentence giving a cause or a consequence. Not one pattern with
# sentences._REASON (Cues.gives_reason: wider, "factors", "enabled", "in order to"; this has "hence", "since the"):
# _REASON here changed 21 of the 820 set answers, _CAUSE there 14.
_WHY_QUESTION = re.compile(r"^\W*(?:(?:and|so|but)\s+)?why\b", re.I)
_CAUSE = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|the\s+reasons?\b|as\s+a\s+result|thus|therefore|hence|thanks\s+to|"
    r"attributed\s+to|caused\s+by|led\s+to|resulted\s+in|since\s+(?:the|it|they|there))\b",
    re.I,
)
DATED_MARGIN = 0.05  # how far below the passage's closest sentence a dated sentence may be
FACET_REACH = 0.5  # share of its topic's best score a passage of the asked-for subsection needs to lead the topic
# A flattened table's rows each carry its header ("Total Number of Interviews"): a question sharing a header word
# finds every short row about as near, and they crowd out the prose that answers it. Past this many of one table's
# rows, the rest wait behind the first TABLE_REACH places.
ROWS_PER_TABLE = 1
TABLE_REACH = 10
_NO_ROWS = np.zeros(0, dtype=np.int64)
# Words that leave "what is X exactly?" asking what X is: no predicate of their own.
_HEDGES = re.compile(r"\b(?:exactly|actually|really|again|then|now|precisely|anyway|basically)\b", re.I)


def is_reference_list(section: tuple[str, ...]) -> bool:
    """A bibliography: searchable, but its entries are never quoted as an answer."""
    return any(_REFERENCE_HEADING.search(heading) for heading in section)


@dataclass(frozen=True)
class Evidence:
    """What retrieval saw, used to decide whether the report covers a question."""

    best_passage_similarity: float
    best_sentence_similarity: float
    keyword_coverage: float  # share of the question's words found in the corpus
    sentence_scores: dict[int, float]  # sentence row -> cosine, for the nearest sentences
    # A question word the corpus never uses -> its nearest corpus word and their cosine ("holland" -> ("netherlands", 0.9)).
    nearest_word: dict[str, tuple[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Views:
    """Each view's score of the candidate passages (rows of the index), before weighting."""

    candidates: np.ndarray
    scores: dict[str, np.ndarray]

    def fused(self, weights: RetrievalSettings) -> np.ndarray:
        total = sum(getattr(weights, f"{view}_weight") * score for view, score in self.scores.items())
        # Within the topic every passage shares its name: what its sentences mean tells them apart better than
        # the passage's keywords, which count the name and favour the passage that repeats it.
        inside = self.scores["topic"]
        within = (
            weights.topic_sentence_weight * self.scores["sentence"] - weights.topic_bm25_discount * self.scores["bm25"]
        )
        return total + inside * within


@dataclass(frozen=True)
class Ranking:
    hits: list[Hit]
    evidence: Evidence


def _scaled(scores: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Scores divided by the best of them, or by `floor` when the best is lower."""
    top = max(float(scores.max()) if scores.size else 0.0, floor)
    return scores / top if top > 0 else np.zeros_like(scores)


class Retriever:
    def __init__(self, index: LoadedIndex, settings: RetrievalSettings, encode: Callable[[list[str]], np.ndarray]):
        self.index = index
        self.settings = settings
        self.encode = encode
        self.reference_passages = np.array([is_reference_list(p.section) for p in index.passages], dtype=bool)
        self.generic_headings = generic_headings(index.sections)
        # Each section's topic (a row of `topics`) and, for a generic subsection, its facet ("Challenges": problems).
        topics = [self.topic_of(section) for section in index.sections]
        number = {topic: n for n, topic in enumerate(dict.fromkeys(topics))}
        self.section_topic = np.array([number[topic] for topic in topics], dtype=np.int64)
        # A case: a topic with recurring subsections of its own ("Outcomes"), one of several told the same way.
        cases = {section[:-1] for section in index.sections if section and section[-1] in self.generic_headings}
        self.case_section = np.array([topic in cases for topic in topics], dtype=bool)
        # A topic's own section holds its basics (what it is, who runs it); its generic subsections their facet.
        self.section_facet = [
            (facet(section[-1]) if section[-1] in self.generic_headings else BASICS) if section else None
            for section in index.sections
        ]
        # Each topic's opening passage: the first under its own heading, where the report introduces it.
        self.topic_opening: dict[int, int] = {}
        for row, section in enumerate(index.passage_section.tolist()):
            if self.topic_of(index.sections[section]) == index.sections[section]:
                self.topic_opening.setdefault(int(self.section_topic[section]), row)
        # Each passage's table (its section and header), -1 for a passage that is no row of a flattened table.
        tables = {(p.section, tuple(row_header(p.lead))) for p in index.passages if p.lead}
        table_number = {table: n for n, table in enumerate(sorted(tables))}
        self.passage_table = np.array(
            [table_number[(p.section, tuple(row_header(p.lead)))] if p.lead else -1 for p in index.passages],
            dtype=np.int64,
        )
        # Each table's header words, and its rows that carry them only in their lead (not the row that spells
        # the header out in its own text): the header tells the table, not one of its rows.
        self.table_header_words = [frozenset(keyword_tokens(" ".join(header))) for _, header in sorted(tables)]
        spelled = np.array([bool(p.lead) and _spells_header(p) for p in index.passages], dtype=bool)
        self.table_rows = [np.flatnonzero((self.passage_table == n) & ~spelled) for n in range(len(tables))]
        self.table_cells = [np.isin(index.sentence_passage, rows) for rows in self.table_rows]  # their sentences
        texts = [t for p in index.passages for t in p.sentence_texts()]
        self.sentence_texts = texts
        self._tokens_of_sentence: dict[int, frozenset[str]] = {}
        self.dated = np.array([bool(_DATE.search(t)) for t in texts], dtype=bool)
        self.yeared = np.array([bool(_YEAR_IN_TEXT.search(t)) for t in texts], dtype=bool)
        self.causal = np.array([bool(_CAUSE.search(t)) for t in texts], dtype=bool)
        figured = np.array([states_figure(t) for t in texts], dtype=bool)
        # An amount is money or a share ("£20,000", "1.4 million euro", "16%"), a share a percentage.
        # A count, or scope's "quantity" ("how much value"), is any figure.
        self.figured = {
            "count": figured,
            "quantity": figured,
            "amount": figured & np.array([bool(AMOUNT.search(t)) for t in texts], dtype=bool),
            "share": figured & np.array([bool(PERCENT.search(t)) for t in texts], dtype=bool),
        }

    def missing_words(self, query: str) -> list[str]:
        """The query's words the corpus never uses ("succeed"): what the vocabulary bridge stands in for."""
        words = dict.fromkeys(w for w in re.findall(r"[a-z]{3,}", fold(query)) if w not in stopwords())
        return [w for w in words if not self.index.keywords.known(keyword_tokens(w))]

    def _bridged_tokens(
        self, words: list[str], word_vectors: np.ndarray
    ) -> tuple[list[str], dict[str, tuple[str, float]]]:
        """The corpus words standing in for `words`, and each word's nearest corpus word with their cosine.

        A neighbour that is near enough and not a form of the word is checked against "not <word>" (an
        opposite is as near to it): those negations are encoded only for the words that have such a
        neighbour, most have none.
        """
        if not words or not len(self.index.vocabulary):
            return [], {}
        similarity = word_vectors @ self.index.vocabulary_vectors.T
        count = min(BRIDGE_WORDS, similarity.shape[1])
        near = [
            (number, int(column))
            for number, row in enumerate(similarity)
            for column in np.argpartition(-row, count - 1)[:count]
            if row[column] >= BRIDGE_SIMILARITY
        ]
        doubtful = list(dict.fromkeys(n for n, c in near if not _form_of_any([words[n]], self.index.vocabulary[c])))
        negated = dict(zip(doubtful, self._similarity(negations([words[n] for n in doubtful]))))
        bridged = []
        for number, column in near:
            corpus_word = self.index.vocabulary[column]
            if _form_of_any([words[number]], corpus_word) or (
                similarity[number, column] - negated[number][column] >= NEGATION_MARGIN
            ):
                bridged.extend(keyword_tokens(corpus_word))
        nearest = {
            word: (self.index.vocabulary[int(row.argmax())], float(row.max())) for word, row in zip(words, similarity)
        }
        return bridged, nearest

    def _similarity(self, texts: list[str]) -> np.ndarray:
        """Cosines of `texts` with every vocabulary word, one row per text."""
        if not texts:
            return np.zeros((0, len(self.index.vocabulary)), dtype=np.float32)
        return self.encode(texts) @ self.index.vocabulary_vectors.T

    def also_called(self, thing: str) -> list[str]:
        """The corpus words nearest to a thing a question counts, as the report may name it ("co-ops":
        "cooperatives"), guarded against opposites as a bridged word is; "co-ops" is read best run together."""
        forms = list(dict.fromkeys([thing, thing.replace("-", "")]))
        similarity = self._similarity(forms).max(axis=0)
        near = [c for c in np.argsort(-similarity)[:BRIDGE_WORDS] if similarity[c] >= BRIDGE_SIMILARITY]
        doubtful = any(not _form_of_any(forms, self.index.vocabulary[c]) for c in near)
        negated = self._similarity(negations(forms)).max(axis=0) if doubtful else None
        words = []
        for column in near:
            word = self.index.vocabulary[column]
            if _form_of_any(forms, word) or similarity[column] - negated[column] >= NEGATION_MARGIN:
                words.append(word)
        return words

    def bridged_words(self, query: str) -> list[str]:
        """The corpus words standing in for the query's words the corpus never uses ("abroad": "internat")."""
        missing = self.missing_words(query)
        if not missing:
            return []
        return self._bridged_tokens(missing, self.encode(missing))[0]

    def search(
        self,
        query: str,
        top_k: int,
        topic: SectionPath = (),
        own_words: str = "",
        also: str = "",
        within: str = "",
        general: bool = False,
    ) -> Ranking:
        """Rank passages for `query`.

        In a follow-up, `topic` is the section the conversation is about and
        `own_words` the follow-up as asked ("What did its evaluation find?"):
        see the module docstring. `also` holds other forms of the query's
        words (an acronym's long form), searched by the keyword views only;
        `within` the words that tell the topic's sentences (and subsections' headings)
        apart: the question without its topic's name ("What challenges did POPP
        face?" -> "challenges face"), or a follow-up's own words. `general`: the
        question asks one thing (no list, theme or comparison), so with no topic
        the cases' passages count for less (the case view).
        """
        index, weights = self.index, self.settings
        missing = self.missing_words(query)
        expanded = [f"{query} ({also})"] if also else []
        # Within a named topic, its sentences are told apart by the question's other words, not the name.
        own = [within] if topic and within else []
        # One call: the question, with its acronyms' other forms, its own words and its missing words.
        encoded = self.encode([query, *expanded, *own, *missing])
        query_vector = encoded[0]
        # The headings spell a name out where a question may use its acronym: "POPP › Challenges".
        heading_vector = encoded[1] if also else query_vector
        sentence_vector = encoded[1 + len(expanded)] if own else query_vector
        if own:  # within the topic every heading holds its name: what is asked picks the subsection
            heading_vector = sentence_vector
        encoded = np.delete(encoded, slice(1, 1 + len(expanded) + len(own)), axis=0)
        tokens = keyword_tokens(query)
        known_share = len(index.keywords.known(tokens)) / len(tokens) if tokens else 0.0
        # A follow-up's topic words (those its rewriting added) count for less in the keyword views.
        added = set(tokens) - set(keyword_tokens(own_words)) if topic else set()
        topic_tokens = [t for t in tokens if t in added]
        bridged, nearest_word = self._bridged_tokens(missing, encoded[1 : 1 + len(missing)])
        tokens = [t for t in tokens if t not in added] + bridged
        tokens += [t for t in keyword_tokens(also) if t not in tokens]

        sentence_scores, sentence_rows = vectors.search(index.sentence_index, sentence_vector, CANDIDATES * 4)
        floor = float(sentence_scores[-1]) if len(sentence_scores) else 0.0
        best_sentence = np.full(len(index.passages), floor, dtype=np.float32)
        # The nearest sentences outside the bibliography, in the order found, and each passage's best of them.
        near_passages = np.where(sentence_rows >= 0, index.sentence_passage[np.maximum(sentence_rows, 0)], -1)
        kept = near_passages >= 0
        kept[kept] = ~self.reference_passages[near_passages[kept]]
        near_passages = near_passages[kept]
        nearest_sentences = dict(zip(sentence_rows[kept].tolist(), sentence_scores[kept].tolist()))
        np.maximum.at(best_sentence, near_passages, sentence_scores[kept])

        keyword_scores = index.keywords.scores(tokens)
        per_sentence = index.sentence_keywords.scores(tokens)
        if topic_tokens:
            keyword_scores = keyword_scores + weights.topic_keyword_weight * index.keywords.scores(topic_tokens)
            per_sentence = per_sentence + weights.topic_keyword_weight * index.sentence_keywords.scores(topic_tokens)
        keyword_scores, per_sentence = self._without_header_words(tokens, keyword_scores, per_sentence)
        sentence_keyword_scores = np.zeros(len(index.passages), dtype=np.float32)
        np.maximum.at(sentence_keyword_scores, index.sentence_passage, per_sentence)

        in_topic = self._in_section(topic)
        passage_scores, passage_rows = vectors.search(index.passage_index, query_vector, CANDIDATES)
        candidates = np.unique(np.concatenate([
            passage_rows[passage_rows >= 0],
            near_passages,
            np.argsort(-keyword_scores, kind="stable")[:CANDIDATES],
            np.argsort(-sentence_keyword_scores, kind="stable")[:CANDIDATES],
            in_topic,
        ]).astype(np.int64))  # fmt: skip
        answer_type = self._answer_type(own_words or query)
        views = Views(
            candidates,
            {
                "sentence": best_sentence[candidates],
                "bm25": _scaled(keyword_scores, self._keyword_floor(index.keywords, tokens, topic_tokens))[candidates],
                "sentence_bm25": _scaled(
                    sentence_keyword_scores, self._keyword_floor(index.sentence_keywords, tokens, topic_tokens)
                )[candidates],
                "dense": _reconstruct(index.passage_index, candidates) @ query_vector,
                "heading": index.section_vectors[index.passage_section[candidates]] @ heading_vector,
                "topic": np.isin(candidates, in_topic).astype(np.float32),
                "case": (
                    -self.case_section[index.passage_section[candidates]].astype(np.float32)
                    if general and not topic
                    else np.zeros(len(candidates), dtype=np.float32)
                ),
                "answer_type": (
                    self._typed(*answer_type, nearest_sentences, best_sentence, in_topic)[candidates].astype(np.float32)
                    if answer_type is not None
                    else np.zeros(len(candidates), dtype=np.float32)
                ),
            },
        )
        fused = views.fused(weights)
        order = np.argsort(-fused, kind="stable")
        wanted = asked_facet(query, within if topic else "")
        if wanted:
            order = self._facet_first(order, candidates, fused, wanted)
        # "What is Kulturverket exactly?" asks nothing of the named topic but what it is.
        if (
            topic
            and wanted in (None, BASICS)
            and asks_what_it_is(own_words or query)
            and not keyword_tokens(_HEDGES.sub(" ", within))
        ):
            order = self._opening_first(order, candidates, fused)
        if general and not topic:  # a list, a theme or a comparison may span a table's rows; a topic, hold them
            order = self._few_rows_per_table(order, candidates)
        order = order[:top_k]
        hits = [Hit(index.passages[int(candidates[i])], float(fused[i]), rank) for rank, i in enumerate(order, start=1)]
        evidence = Evidence(
            best_passage_similarity=float(passage_scores[0]) if len(passage_scores) else 0.0,
            best_sentence_similarity=max(
                max(nearest_sentences.values(), default=0.0), self._closest(query_vector, own)
            ),
            keyword_coverage=known_share,
            sentence_scores=nearest_sentences,
            nearest_word=nearest_word,
        )
        return Ranking(hits, evidence)

    def _keyword_floor(self, keywords: KeywordIndex, tokens: list[str], topic_tokens: list[str]) -> float:
        """The least score a keyword view is divided by: a share of what a passage holding every word of the
        question as often as any passage does would score. Divided by the best score alone, a passage sharing
        one common word with a question whose other words the report never puts together scores 1, as high
        as one holding them all ("taking part" -> "an active part"), and outweighs closer sentences."""
        weights = self.settings
        best = keywords.best_possible(tokens) + weights.topic_keyword_weight * keywords.best_possible(topic_tokens)
        return weights.keyword_floor * best

    def _facet_first(self, order: np.ndarray, candidates: np.ndarray, fused: np.ndarray, wanted: str) -> np.ndarray:
        """`order` with each topic's passages in the subsection the question asks for ("what went wrong":
        Challenges) moved ahead of the topic's others, into the places the topic holds: which topic ranks
        where is the views' choice, which of its passages comes first the question's. A passage the views
        find far less related than its topic's best (under FACET_REACH of its score) stays where it is."""
        sections = self.index.passage_section[candidates[order]]
        topics = self.section_topic[sections]
        matches = np.array([self.section_facet[row] == wanted for row in sections], dtype=bool)
        order = order.copy()
        for topic in np.unique(topics[matches]):
            places = np.flatnonzero(topics == topic)
            first = matches[places] & (fused[order[places]] >= FACET_REACH * fused[order[places[0]]])
            order[places] = np.concatenate([order[places[first]], order[places[~first]]])
        return order

    def _opening_first(self, order: np.ndarray, candidates: np.ndarray, fused: np.ndarray) -> np.ndarray:
        """`order` with the best topic's opening passage first among its passages: "what is X?" is answered where
        the report introduces X ("In 2005, the City of Ulmea set up Kulturverket as..."), not by a later passage
        that matches the name as well. An opening far less related than the topic's best (under FACET_REACH of
        its score) stays where it is."""
        if not len(order):
            return order
        topics = self.section_topic[self.index.passage_section[candidates[order]]]
        opening = self.topic_opening.get(int(topics[0]))
        places = np.flatnonzero(topics == topics[0])
        at = np.flatnonzero(candidates[order[places]] == opening)
        if opening is None or not len(at) or fused[order[places[at[0]]]] < FACET_REACH * fused[order[places[0]]]:
            return order
        order = order.copy()
        moved = order[places]
        order[places] = np.concatenate([moved[at[:1]], np.delete(moved, at[0])])
        return order

    def _without_header_words(
        self, tokens: list[str], keyword_scores: np.ndarray, per_sentence: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The keyword views' scores with a table's rows scored without the question's words its header holds:
        every row carries the header ("Total Number of Interviews"), so a short row would score on it as highly
        as the prose that answers "how many interviews...", and all of them alike."""
        rescored: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}  # tables sharing the same words
        for header, rows, cells in zip(self.table_header_words, self.table_rows, self.table_cells):
            shared = header.intersection(tokens)
            if not shared or not len(rows):
                continue
            rest = tuple(t for t in tokens if t not in shared)
            if rest and rest not in rescored:
                rescored[rest] = (
                    self.index.keywords.scores(list(rest)),
                    self.index.sentence_keywords.scores(list(rest)),
                )
            keyword_scores = keyword_scores.copy()
            per_sentence = per_sentence.copy()
            keyword_scores[rows] = rescored[rest][0][rows] if rest else 0.0
            per_sentence[cells] = rescored[rest][1][cells] if rest else 0.0
        return keyword_scores, per_sentence

    def _few_rows_per_table(self, order: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """`order` with no more than ROWS_PER_TABLE rows of one table in its first TABLE_REACH places: the rows
        past them move behind those places, in their order. A question asking for a table's rows is answered
        from the table (see tables.py), not from these places."""
        tables = self.passage_table[candidates[order]]
        seen: dict[int, int] = {}
        waiting = np.zeros(len(order), dtype=bool)
        for place, table in enumerate(tables.tolist()):
            if table >= 0:
                seen[table] = seen.get(table, 0) + 1
                waiting[place] = seen[table] > ROWS_PER_TABLE
        kept = order[~waiting]
        return np.concatenate([kept[:TABLE_REACH], order[waiting], kept[TABLE_REACH:]])

    def _answer_type(self, question: str) -> tuple[np.ndarray, set[str]] | None:
        """Per sentence, whether it holds what the question asks for (a date, a figure), with the words a
        figure must stand beside ("how many pilots": "pilot"); None when the question asks for neither."""
        if _WHEN_QUESTION.search(question):
            return (self.dated if _HOW_LONG.search(question) else self.yeared), set()
        if _WHY_QUESTION.search(question):
            return self.causal, set()
        wanted = figure_wanted(question)
        if wanted:
            return self.figured[wanted[0]], set(wanted[1])
        if _FIGURE_WORD.search(question):
            return self.figured["count"], set()
        return None

    def _typed(
        self,
        holds: np.ndarray,
        beside: set[str],
        nearest_sentences: dict[int, float],
        best_sentence: np.ndarray,
        in_topic: np.ndarray = _NO_ROWS,
    ) -> np.ndarray:
        """Per passage, whether one of its sentences close to the question (near its best) `holds` the answer
        type, beside the words counted when there are any. In the topic's passages the sentence after a close
        one counts too: all of them are about the topic, so the close sentence says what is asked about ("This
        SIB ... was suspended after the second cohort.") and the answer may follow it ("The reason was that ...")."""
        typed = np.zeros(len(best_sentence), dtype=bool)
        rows = np.fromiter(nearest_sentences, dtype=np.int64, count=len(nearest_sentences))
        scores = np.fromiter(nearest_sentences.values(), dtype=np.float32, count=len(nearest_sentences))
        sentence_passage = self.index.sentence_passage
        close = rows[scores >= best_sentence[sentence_passage[rows]] - DATED_MARGIN]
        if len(in_topic) and len(close):
            after = close[np.isin(sentence_passage[close], in_topic)] + 1
            after = after[after < len(sentence_passage)]
            after = after[sentence_passage[after] == sentence_passage[after - 1]]  # the same passage's next
            close = np.union1d(close, after)
        near = close[holds[close]]
        if not beside:
            typed[self.index.sentence_passage[near]] = True
            return typed
        for row in near.tolist():
            passage = int(self.index.sentence_passage[row])
            if not typed[passage]:
                typed[passage] = bool(beside & self._sentence_tokens(row))
        return typed

    def _sentence_tokens(self, row: int) -> frozenset[str]:
        """The keyword tokens of a sentence, worked out the first time a question needs them."""
        tokens = self._tokens_of_sentence.get(row)
        if tokens is None:
            tokens = self._tokens_of_sentence[row] = frozenset(keyword_tokens(self.sentence_texts[row]))
        return tokens

    def _closest(self, query_vector: np.ndarray, searched_other: list[str]) -> float:
        """The question's own closest sentence, when the sentence view searched with other words."""
        if not searched_other:
            return 0.0
        scores, _ = vectors.search(self.index.sentence_index, query_vector, 1)
        return float(scores[0]) if len(scores) else 0.0

    def _in_section(self, topic: SectionPath) -> np.ndarray:
        """Rows of the passages in `topic` or its subsections."""
        if not topic:
            return np.zeros(0, dtype=np.int64)
        inside = [row for row, section in enumerate(self.index.sections) if section[: len(topic)] == topic]
        return np.flatnonzero(np.isin(self.index.passage_section, inside))

    def answer_passages(self, hits: list[Hit]) -> list[Passage]:
        """The passages an answer draws on: those of the best passage's topic, not another case sharing a word."""
        if not hits:
            return []
        return [self.index.passages[int(row)] for row in self._in_section(self.topic_of(hits[0].passage.section))]

    def topic_of(self, section: SectionPath) -> SectionPath:
        """The topic a section belongs to: the section above any generic subsection ("Outcomes")."""
        while len(section) > 1 and section[-1] in self.generic_headings:
            section = section[:-1]
        return section


def _spells_header(passage: Passage) -> bool:
    """A table's first passage: its text opens with the header its lead repeats ("Table 5 – ...")."""
    header = row_header(passage.lead)
    return bool(header) and " ".join(passage.text.split()).startswith(" ".join(header[0].split()))


def same_form(word: str, other: str, letters: int = SAME_FORM_PREFIX) -> bool:
    """Whether two folded words are forms of one word, by spelling alone: they open with `letters` letters
    in common at least ("failed", "failure")."""
    return len(os.path.commonprefix([word, other])) >= letters


def _form_of_any(forms: list[str], corpus_word: str) -> bool:
    """A corpus word is a form of a question's word (in any of its `forms`): "failed": "failure", which
    negation pulls the same way, so it stands in when near enough, with no check against an opposite."""
    return any(same_form(fold(f), fold(corpus_word)) for f in forms)


def states_figure(sentence: str) -> bool:
    """Whether the sentence gives a figure: a number that is neither a year ("(Reeve, 2016)") nor a note ("[20]")."""
    outside = re.sub(r"\[[^\[\]]*\]", " ", sentence)
    return any(not YEAR.fullmatch(m.group().strip()) for m in _FIGURE.finditer(outside))


def negations(words: list[str]) -> list[str]:
    """ "not <word>" for each word: what an opposite of the word is as near to as to the word."""
    return [f"not {word}" for word in words]


def generic_headings(sections: list[SectionPath]) -> frozenset[str]:
    """Headings that recur under different parents ("Outcomes", "Challenges"): subsections, not topics."""
    parents: dict[str, set[SectionPath]] = {}
    for section in sections:
        if section:
            parents.setdefault(section[-1], set()).add(section[:-1])
    return frozenset(heading for heading, under in parents.items() if len(under) >= 2)


def _reconstruct(index, rows: np.ndarray) -> np.ndarray:
    """Stored vectors of the given rows (exact and HNSW flat indexes keep them)."""
    if len(rows) == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_batch(np.asarray(rows, dtype=np.int64))
