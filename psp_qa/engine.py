"""The one entry point for answering: open an index, ask questions, get Answers.

engine = Engine.open(settings)          # builds or refreshes the index if needed
answer = engine.ask("What made Bollate succeed?", history=[])
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

from psp_qa.answering.answer import OUT_OF_SCOPE_NOTICE, ScopeThresholds, in_scope
from psp_qa.answering.compose import MAX_PASSAGES, Composer
from psp_qa.answering.conversation import FollowUp, Reader, listed_one, picked_item
from psp_qa.answering.followup import has_pronoun
from psp_qa.answering.item_groups import heading_words
from psp_qa.answering.kinds import (
    COMPARISON,
    LIST,
    OVERVIEW,
    THEME,
    form_words_spelt,
    points_back,
    question_kind,
    with_conversation_topic,
)
from psp_qa.answering.queries import QueryVectors
from psp_qa.answering.retrieve import Ranking, Retriever, is_reference_list
from psp_qa.answering.scope import (
    EVERYDAY_TYPO_SIMILARITY,
    TYPO_FROM,
    beyond_the_report,
    corpus_knows,
    defined_acronyms,
    passage_tokens,
    rare_names,
    unknown_names,
)
from psp_qa.answering.spread import related_words
from psp_qa.answering.subjects import Acronyms, ReportSubject, Subjects, heading_name
from psp_qa.answering.typos import close_matches, spelt_right
from psp_qa.answering.wording import in_report_terms
from psp_qa.config import MAX_QUESTION_CHARS, Settings
from psp_qa.errors import QuestionError
from psp_qa.indexing.build import Progress, ensure_fresh, no_progress
from psp_qa.indexing.embed import Encoder
from psp_qa.indexing.keywords import fold, keyword_tokens, stopwords, vocabulary_words
from psp_qa.indexing.names import WORD
from psp_qa.indexing.store import LoadedIndex, load_index
from psp_qa.reading.acronyms import acronym_table, spelled_out_by_use
from psp_qa.reading.table_rows import row_label
from psp_qa.types import Answer, Passage, SectionPath

# A list, a theme or a comparison spans the cases: its search does not lean away from them (retrieve.py's case view).
SPANNING_KINDS = (LIST, THEME, COMPARISON)
_CONTRACTION = re.compile(r"['’](?:s|re|ve|ll|d|t)$", re.IGNORECASE)
# The same typed without its apostrophe, as people type: "ok and whats the catch?", "why wasnt it kept?".
_UNMARKED_CONTRACTION = re.compile(
    r"^(?:(?:what|who|how|where|when|why|that|there|here)s|(?:is|are|was|were|do|does|did|has|have|had|ca|wo"
    r"|could|would|should)nt)$",
    re.IGNORECASE,
)
CASE_TOPICS = 2  # a name used in this many topics at most names a case: its own section, and a table's row
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_question(question: object) -> str:
    """The question as text, or a QuestionError saying why it cannot be asked."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
    # Lone surrogates (from broken JSON escapes) cannot be encoded: drop them.
    question = question.encode("utf-8", "ignore").decode("utf-8")
    text = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", question)).split())
    if not text:
        raise QuestionError("the question is empty")
    return text


def everyday_words(tokenizer) -> frozenset[str]:
    """The whole words of the model's vocabulary (not its "##" pieces): everyday words, not a report's names."""
    return frozenset(piece for piece in tokenizer.get_vocab() if piece.isalpha())


def history_questions(history: list | None) -> list[tuple[str, bool]]:
    """Earlier questions from a history of strings or answer-like dicts, each with whether it stands alone.

    An answer dict carries its standalone question; a string is the question as asked.
    """
    return [(text, alone) for _, text, alone in _history_turns(history)]


def _history_turns(history: list | None) -> list[tuple[object, str, bool]]:
    """The turns of a history that hold a question, each as given (a string or an answer dict) with its
    question and whether that stands alone (see history_questions)."""
    if history is None:
        return []
    if not isinstance(history, list | tuple):
        raise QuestionError("history must be a list of earlier questions or answers")
    turns = []
    for turn in history:
        if isinstance(turn, str):
            text, alone = turn, False
        elif isinstance(turn, dict):
            alone = bool(turn.get("standalone_question"))
            text = turn.get("standalone_question") or turn.get("question") or ""
        else:
            raise QuestionError("each history turn must be a question or an answer object")
        if not isinstance(text, str):
            raise QuestionError("each history turn must be a question or an answer object")
        text = " ".join(_CONTROL.sub(" ", text[:MAX_QUESTION_CHARS]).split())
        if text:
            turns.append((turn, text, alone))
    return turns


class ReportKeywords:
    """A keyword index that knows only the words the report uses outside its bibliography: a publisher's
    city or a cited title ("Paris, France", "Social Capital") is nothing the report speaks of, so a question
    naming it ("were there any partnerships in france?") names what the report does not cover."""

    def __init__(self, keywords, used: frozenset[str]):
        self._keywords = keywords
        self._used = used

    def known(self, tokens: list[str]) -> list[str]:
        return [token for token in self._keywords.known(tokens) if token in self._used]

    def __getattr__(self, name: str):
        return getattr(self._keywords, name)


_LEADING_AND = re.compile(r"^\s*(?:and|but|so)\s+(?=\w)", re.I)


@dataclass
class Engine:
    settings: Settings
    encoder: Encoder
    index: LoadedIndex
    thresholds: ScopeThresholds = ScopeThresholds()

    @classmethod
    def open(cls, settings: Settings, progress: Progress = no_progress, refresh: bool = True) -> Engine:
        encoder = Encoder.from_name(settings.embedding.model)
        if refresh:
            ensure_fresh(settings, encoder, progress)
        return cls(settings, encoder, load_index(settings.index_dir))

    def __post_init__(self) -> None:
        query_encoder = self.query_encoder()
        self.queries = QueryVectors(query_encoder.encode)
        self.retriever = Retriever(self.index, self.settings.retrieval, self.queries.encode)
        rows, first = {}, 0
        for passage in self.index.passages:
            rows[passage.id] = range(first, first + len(passage.sentences))
            first += len(passage.sentences)
        self.sentence_rows = rows
        self.row_labels: dict[SectionPath, list[str]] = {}  # a section's flattened-table row labels, in order
        for passage in self.index.passages:
            if passage.lead:
                self.row_labels.setdefault(passage.section, []).append(row_label(passage.lead))
        # One acronym table, built once, for queries and answers alike: the definitions outside the
        # bibliography, whose entries are never quoted (so a long form found only there could not be shown).
        texts = [p.text for p in self.index.passages if not is_reference_list(p.section)]
        defined = acronym_table(texts)
        # Only what the report brackets expands queries: a short form known from use ("Strategic PSPs") is in
        # nearly every passage, and its long form would only blur them. Answers know both ("what's a PSP?").
        table = {**spelled_out_by_use(texts, defined), **defined}
        self.acronyms = Acronyms(defined)
        self.names = self.index.names
        # The corpus's words, to tell a misspelt one by: the sentences' and the headings' ("Swedish" is only in one).
        self.words = sorted({*self.index.vocabulary, *vocabulary_words(" ".join(s) for s in self.index.sections)})
        passage_sections = [self.index.sections[row] for row in self.index.passage_section]
        subjects = Subjects(self.index.sections, self.retriever.generic_headings, self.index.keywords,
                            passage_sections, self.names, everyday_words(query_encoder.tokenizer))  # fmt: skip
        report = ReportSubject(self._titles(), table, subjects.everyday)
        self.reader = Reader(subjects, self.acronyms, self.retriever.topic_of, self._is_content_word, self._row_labels,
                             self._is_report_word, report, self._is_name, self._is_known_word,
                             self._is_used_word)  # fmt: skip
        self.everyday = subjects.everyday
        self.composer = Composer(self.index, self.retriever, rows, table, subjects.everyday)

    def _titles(self) -> list[str]:
        """Each document's first heading, its title where it has one."""
        first: dict[str, Passage] = {}
        for passage in self.index.passages:
            if passage.section and (passage.source not in first or passage.start < first[passage.source].start):
                first[passage.source] = passage
        return list(dict.fromkeys(passage.section[0] for passage in first.values()))

    def query_encoder(self):
        """The index's ONNX export when it has one (no torch needed), else the model itself."""
        if self.index.manifest.get("query_encoder", {}).get("type") == "onnx":
            from psp_qa.indexing.onnx_encoder import OnnxEncoder, question_threads

            return OnnxEncoder(self.index.folder, self.encoder.max_seq_length, batch_threads=question_threads())
        return self.encoder

    def _row_labels(self, section: SectionPath) -> list[str]:
        """The labels of the flattened-table rows in `section` ("Low Moss"), from their passages' context."""
        return self.row_labels.get(section, [])

    def _is_known_word(self, word: str) -> bool:
        """An everyday word of the model's vocabulary, or one the corpus uses: spelt as meant."""
        return word in self.everyday or self.index.keywords.known(keyword_tokens(word))

    def _is_report_word(self, word: str) -> bool:
        # A short everyday word is a typo away from too many others ("bread", "breadth").
        return corpus_knows(word, self.index.keywords, self.words, typo_from=TYPO_FROM)

    def _is_used_word(self, word: str) -> bool:
        """Whether the report uses `word` outside its bibliography ("France" is only a publisher's city), or a
        word a letter or so away ("kulturverkett"; "france" is no typo of "Franco")."""
        if self.report_keywords.known(keyword_tokens(word)):
            return True
        return len(word) >= TYPO_FROM and bool(
            close_matches(fold(word), self.report_words, n=1, cutoff=EVERYDAY_TYPO_SIMILARITY)
        )

    def _is_name(self, word: str) -> bool:
        """Whether the corpus only ever writes `word` as a name, and it is no everyday word ("bounceback")."""
        folded = fold(word)
        return folded in self.names and folded not in self.everyday and self._is_content_word(word)

    def _is_content_word(self, word: str) -> bool:
        # "what's", "there's": a stop word contracted is one still ("ok and what's the catch?" is a follow-up).
        bare = _CONTRACTION.sub("", word).lower()
        unmarked = bool(_UNMARKED_CONTRACTION.match(word))
        return word.lower() not in stopwords() and bare not in stopwords() and not unmarked and len(word) > 2

    def _spelt(self, question: str) -> str:
        """The question with its misspelt words put right to the report's ("what did bolate achieve?" ->
        "what did bollate achieve?"): searched as typed, a name the corpus lacks finds nothing (see spelt_right)."""
        return spelt_right(question, self._is_known_word, self.report_words, self.names)

    def follow_up(self, question: str, history: list | None = None) -> FollowUp:
        """How to search `question` after `history`: see answering/conversation.py."""
        return self._follow_up(self._spelt(clean_question(question)), history)

    def _follow_up(self, question: str, history: list | None) -> FollowUp:
        """follow_up of a question already cleaned and spelt right (as `ask` has it)."""
        earlier, topic = self._conversation(history)
        previous = [turn for turn, _, _ in _history_turns(history)[-1:]]
        named, item = self._listed_item_named(question, previous, earlier)
        return self.reader.read(named, earlier, topic, picked=item)

    def _listed_item_named(self, question: str, previous: list, earlier: list[str]) -> tuple[str, SectionPath]:
        """The question with "the danish one" replaced by the name of the item it picks out of the previous
        answer's list ("Cycling without Age"), when the previous answer was a list and the pick is clear; with
        the item's section (else the question as it stands, and no section)."""
        one = listed_one(question)
        if not (one and previous and earlier):
            return question, ()
        turn = previous[0]
        if isinstance(turn, dict):  # an answer: the items its points list
            points = turn.get("points") if turn.get("kind") == LIST and isinstance(turn.get("points"), list) else []
            sections = [p.get("section") for p in points if isinstance(p, dict)]
            items = [tuple(s) for s in sections if isinstance(s, list | tuple) and all(isinstance(h, str) for h in s)]
        elif question_kind(earlier[-1]).name == LIST:  # a question as asked: its list is asked again
            answer = self.ask(earlier[-1])
            items = [tuple(p.section) for p in answer.points] if answer.kind == LIST else []
        else:
            items = []
        items = [item for item in dict.fromkeys(items) if item]
        item = picked_item(one.group("qualifier"), items, self._similarities) if items else None
        if item is None:
            return question, ()
        named = f"{question[: one.start()]}{heading_name(item[-1])}{question[one.end() :]}"
        # "and what did the danish one achieve?" stands alone once it names the item: no "and" to lead it.
        named = _LEADING_AND.sub("", named)
        return named[:1].upper() + named[1:], item

    def _similarities(self, word: str, texts: list[str]) -> list[float]:
        vectors = self.queries.encode([word, *texts])
        return [float(v) for v in vectors[1:] @ vectors[0]]

    def standalone(self, question: str, history: list | None = None) -> str:
        return self.follow_up(question, history).standalone

    def conversation_topic(self, history: list | None) -> SectionPath:
        """The section the conversation is about: that of the best passage for its first question, or of
        the last question that switched subject, kept by the follow-ups that continue it.

        Empty when there is no earlier question; an earlier question the report does not cover is passed over.
        """
        return self._conversation(history)[1]

    def _conversation(self, history: list | None) -> tuple[list[str], SectionPath]:
        """The earlier questions made standalone, and the topic of the last one."""
        turns = _history_turns(history)
        resolved: list[str] = []
        topic: SectionPath = ()
        for number, (_, text, alone) in enumerate(turns):
            read_topic: SectionPath = ()
            if not alone:
                text = self._spelt(text)
                previous = [turns[number - 1][0]] if number else []
                text, item = self._listed_item_named(text, previous, resolved)
                turn = self.reader.read(text, resolved, topic, picked=item)
                text, read_topic = turn.standalone, turn.topic if resolved else ()
            if number == len(turns) - 1 or not turns[number + 1][2]:
                # A follow-up read as being about a section (the one it continues, or the new subject it
                # names) keeps that section as the topic: its best passage may lie elsewhere ("how many of
                # its pilots carried on?" is best answered from the methodology, still about the partnership).
                found = read_topic or self._topic_of_question(text)
                if found is None:
                    continue  # the report does not cover it: the conversation stays on its earlier topic
                topic = found
            resolved.append(text)
        return resolved, topic

    def _topic_of_question(self, question: str) -> SectionPath | None:
        """The section of the question's best passage; None when the report does not cover the question."""
        kind = self.reader.kind(question).name
        listed = kind == LIST
        depth = 2 * MAX_PASSAGES if kind in (LIST, OVERVIEW) else 1
        ranking = self.retriever.search(question, depth, also=self.acronyms.other_forms(question))
        if not ranking.hits or not in_scope(
            ranking.evidence, self.thresholds, names_case=self._names_a_held_case(question, ranking)
        ):
            return None
        # A list's items are what "them" stands for after it ("and which of them are from Italy?"): its section.
        collection = self.composer.list_section(ranking, question) if listed else ()
        best = self.retriever.topic_of(ranking.hits[0].passage.section)
        # An overview of a group of topics it names is what its follow-ups ask of ("and what's the catch?" after
        # the Dutch examples); an overview of one thing stays with the best passage's topic.
        if kind == OVERVIEW:
            section = self.composer.overview_section(ranking, self.queries.vector(question), question)
            named = heading_words(section) & self.composer.placed_tokens(question) if section else set()
            collection = section if named and len(self.composer.topics_under(section)) >= 2 else ()
        return collection or best

    def ask(self, question: str, history: list | None = None, top_k: int | None = None) -> Answer:
        asked = clean_question(question)
        question = self._spelt(asked)
        top_k = self.settings.retrieval.top_k if top_k is None else top_k
        if not isinstance(top_k, int) or not 1 <= top_k <= 20:
            raise QuestionError("top_k must be a whole number from 1 to 20")
        turn = self._follow_up(question, history)
        standalone = turn.standalone
        kind = question_kind(self._names_written(form_words_spelt(standalone, self._is_known_word)))
        if kind.collection:  # "the older people projects" may be one case's name, not a collection of projects
            full = form_words_spelt(self.reader.named_in_full(standalone), self._is_known_word)
            kind = question_kind(self._names_written(full))
        # Deeper than top_k: a broad answer may cite up to MAX_PASSAGES passages.
        ranking = self.retriever.search(
            standalone,
            max(top_k, 2 * MAX_PASSAGES),
            topic=turn.topic,
            own_words=turn.own_words,
            also=self.acronyms.other_forms(standalone),
            within=turn.within,
            general=kind.name not in SPANNING_KINDS,
        )
        # "which ones are from elsewhere in the UK?": a list of the section whose heading it spells out.
        named = kind.name == LIST and self.composer.names_a_heading(standalone)
        # "which case studies come from Scandinavia?": a place the report never names, standing for one of its
        # groups of examples, names that group (see placed_group); it is no name the report lacks.
        placed = self.composer.placed_group(standalone) if kind.name == LIST else ((), frozenset())
        named = named or bool(placed[0])
        near_enough = (
            in_scope(
                ranking.evidence,
                self.thresholds,
                self._names_defined_term(standalone, ranking),
                continues=turn.continues or self._continues(question, standalone, history),
                # By the asker's own words: a case glued on by the conversation ("who won the world cup in 2018,
                # regarding Bollate Prison?") says nothing of what was asked.
                names_case=self._names_a_held_case(question, ranking),
            )
            or named
        )
        beyond = self._beyond(standalone, ranking, top_k, names_section=bool(turn.topic), placing=placed[1])
        covered = near_enough and not beyond
        # "How much does the law matter in all this?": its form's words may find only weak passages where its
        # subject finds plenty; a figure or a name the report lacks ("the Spanish case study") still rules it out.
        if not near_enough and not beyond and kind.name == THEME and kind.subject and kind.subject != standalone:
            covered = self._subject_covered(kind.subject)
        if history and points_back(kind):  # "how does that compare with...": "that" is what the conversation is about
            topic = self.conversation_topic(history)
            kind = with_conversation_topic(kind, topic[-1] if topic else "")
        if not covered:
            # "who did they talk to?": everyday words the model does not bridge, put in the report's terms; a
            # name the corpus lacks still rules it out ("the takeaways of the World Cup").
            worded = in_report_terms(standalone, self.index.keywords)
            if worded != standalone and not unknown_names(
                standalone, self.report_keywords, self.report_words, ranking.evidence.nearest_word
            ):
                answer = self.ask(worded, history, top_k)
                if answer.in_scope:
                    return replace(answer, question=asked)
            return Answer(asked, standalone, False, (), tuple(ranking.hits[:top_k]), OUT_OF_SCOPE_NOTICE,
                          kind=kind.name)  # fmt: skip
        composed = self.composer.compose(kind, standalone, ranking, self.queries.vector(standalone), top_k,
                                         self.settings.answer.max_sentences, self._search_side)  # fmt: skip
        return Answer(
            question=asked,
            standalone_question=standalone,
            in_scope=composed.in_scope,
            quotes=composed.quotes,
            hits=composed.hits,
            notice=composed.notice or ("" if composed.in_scope else OUT_OF_SCOPE_NOTICE),
            kind=composed.kind,
            points=composed.points,
        )

    def _names_written(self, question: str) -> str:
        """The question with the names it types in lower case written as the report writes them, for its form to
        be read by: "what does rfb stand for?" asks what RfB stands for, "what is cycling without age?" is about
        Cycling without Age (no clause of "cycling"). Only names the report itself uses (outside its
        bibliography) and acronyms it spells out."""
        acronyms = {fold(short): short for short in defined_acronyms(question, self.acronyms.short_to_long, self.names)}

        def written(match: re.Match) -> str:
            word = match.group()
            folded = fold(word)
            if not word.islower() or not self._is_content_word(word):
                return word
            if folded in acronyms:
                return acronyms[folded]
            tokens = keyword_tokens(word)
            if folded in self.names and tokens and all(t in self.word_topics for t in tokens):
                return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
            return word

        return WORD.sub(written, question)

    def _subject_covered(self, subject: str) -> bool:
        """Whether a theme's subject, searched on its own, is something the report speaks of: the words of the
        theme's form ("how much does ... matter in all this?") may find nothing where its subject finds plenty."""
        words = [w for w in keyword_tokens(subject) if self._is_content_word(w)]
        known = len(self.index.keywords.known(words)) == len(words)
        if words and known:  # the report's own words: "the law" -> "legislation"
            subject = " ".join(dict.fromkeys([subject, *related_words(self.index, self.queries.vector(subject))]))
        ranking = self.retriever.search(subject, 2 * MAX_PASSAGES, also=self.acronyms.other_forms(subject))
        return in_scope(ranking.evidence, self.thresholds) and not self._beyond(subject, ranking, MAX_PASSAGES)

    def _beyond(
        self,
        question: str,
        ranking: Ranking,
        top_k: int,
        names_section: bool = False,
        placing: frozenset[str] = frozenset(),
    ) -> bool:
        """beyond_the_report for a question and its ranking: a figure its passages lack, or a name the corpus
        lacks. `names_section` (the conversation has a topic) or a name one case uses excuses an unknown name;
        `placing` are words that stand for one of the report's groups (not names it lacks)."""
        return beyond_the_report(
            question,
            self.retriever.answer_passages(ranking.hits),
            self.report_keywords,
            self.report_words,
            neighbours=[hit.passage for hit in ranking.hits[:top_k]],
            nearest_word=ranking.evidence.nearest_word,
            names=self.names,
            also_called=self.retriever.also_called,
            names_section=names_section or self._names_a_case(question),
            placing=placing,
            speaks_of=self._speaks_of,
            everyday=self.everyday,
            says=self._report_says,
        )

    def _report_says(self, phrase: str) -> bool:
        """Whether the report, outside its bibliography, uses `phrase` as a whole ("denmark", "united kingdom")."""
        return re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", self._report_text) is not None

    @functools.cached_property
    def _report_text(self) -> str:
        """The report's text and headings outside its bibliography, folded: where `_report_says` looks."""
        texts = (" ".join((*p.section, p.text)) for p in self.index.passages if not is_reference_list(p.section))
        return fold(" \n ".join(texts))

    def _speaks_of(self, passage: Passage, tokens: set[str]) -> bool:
        """Whether the passage, or the topic it lies in, uses all of `tokens` ("Welkom in Utrecht": not the
        Social Impact Factory's passages, which name Utrecht alone)."""
        topic = self.retriever.topic_of(passage.section)
        used = passage_tokens(passage)
        return all(token in used or topic in self.word_topics.get(token, ()) for token in tokens)

    @functools.cached_property
    def word_topics(self) -> dict[str, set[SectionPath]]:
        """Per word, the topics whose passages use it: a name used in one or two ("Basildon") names a case.
        Built at the first question that uses a rare name, not at start-up (a library of 100 reports: ~1 s)."""
        found: dict[str, set[SectionPath]] = {}
        for passage in self.index.passages:
            if not is_reference_list(passage.section):
                for token in set(keyword_tokens(" ".join((*passage.section, passage.text)))):
                    found.setdefault(token, set()).add(self.retriever.topic_of(passage.section))
        return found

    @functools.cached_property
    def report_keywords(self) -> ReportKeywords:
        """The keyword index as scope reads it: the words the report uses outside its bibliography."""
        return ReportKeywords(self.index.keywords, frozenset(self.word_topics))

    @functools.cached_property
    def report_words(self) -> list[str]:
        """The corpus's words outside its bibliography, to tell a misspelt one by (see report_keywords)."""
        texts = (" ".join((*p.section, p.text)) for p in self.index.passages if not is_reference_list(p.section))
        used = set(vocabulary_words(list(texts)))
        return [word for word in self.words if word in used]

    def _names_a_case(self, question: str) -> bool:
        """Whether the question uses a specific name that one or two topics' passages use ("the British
        pilot in Basildon"), not one the whole report speaks of ("compare with Scotland's")."""
        return bool(self._case_names(question))

    def _case_names(self, question: str) -> set[str]:
        """The tokens of the question's names that one or two topics' passages use (see _names_a_case)."""
        rare = rare_names(question, self.index.keywords, self.names)
        # A name no topic uses is the bibliography's alone ("London"): no case of the report.
        return {token for token in rare if 1 <= len(self.word_topics.get(token, ())) <= CASE_TOPICS}

    def _names_a_held_case(self, question: str, ranking: Ranking) -> bool:
        """Whether the question names a case (see _names_a_case) by a name its best passage uses."""
        named = self._case_names(question)
        if not (named and ranking.hits):
            return False
        best = ranking.hits[0].passage
        return bool(named & set(keyword_tokens(" ".join((*best.section, best.text)))))

    def _continues(self, question: str, standalone: str, history: list | None) -> bool:
        """Whether a follow-up points back at the conversation's topic ("when did it start?") and was read so;
        one glued to the topic without a pronoun ("who won the world cup, regarding Bollate?") may be another matter."""
        return bool(history) and standalone != question and has_pronoun(question)

    def _names_defined_term(self, question: str, ranking: Ranking) -> bool:
        """Whether the question uses an acronym the report spells out, and its best passage uses it too."""
        if not ranking.hits:
            return False
        best = ranking.hits[0].passage.text
        used = defined_acronyms(question, self.acronyms.short_to_long, self.names)
        return any(re.search(rf"(?<!\w){re.escape(short)}(?!\w)", best) for short in used)

    def _search_side(self, side: str, depth: int = MAX_PASSAGES):
        """One side of a comparison (or a theme), searched on its own: its ranking, vector and whether it is covered."""
        ranking: Ranking = self.retriever.search(side, depth, also=self.acronyms.other_forms(side))
        return ranking, self.queries.vector(side), in_scope(ranking.evidence, self.thresholds)
