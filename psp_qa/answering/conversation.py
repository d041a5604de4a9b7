"""A follow-up read against the conversation: what it asks, of what, and which section that is.

Three shapes of follow-up, told apart by their form and the section tree:

- a switch by ellipsis, "and for Kulturverket?" after "What were the outcomes
  of the Social Impact Factory?": the earlier question is asked again with its
  subject replaced, and the new subject's section is the topic;
- a question naming a subject of its own, "Who looked at the BounceBack
  partnership?": searched as asked, its subject's section the topic;
- a continuation, "how long has it been going": the conversation's topic, the
  section of the first question's best passage (or of the last switch of
  subject, which a continuation keeps), fills in what "it" is, by that
  section's heading ("The Netty-Nysse Bus") when the earlier question named
  it, or by the table row the earlier question named in full, never by
  whichever capitalised word the earlier question happened to hold.

A question naming no section and leaning on no pronoun is asked as it stands
when its words are mostly foreign to the report ("How do I bake sourdough
bread?") or when it names what the whole report is about, by a short or long
form its title spells out ("give me an overview of the strategic psp
programme"): then its follow-up's "it" is those words, not the section its best
passage happens to sit in. A closing "that" ("funding things that way?") leans
on the conversation as a pronoun does.

Within its topic, whose name every passage shares, a follow-up is searched by
what it asks: its own words without pronouns, or, for a switch by ellipsis,
the old question without its old subject ("What challenges did ... run into").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from psp_qa.answering.facets import facet
from psp_qa.answering.followup import (
    LEADING_CONNECTIVE,
    POSSESSIVE,
    QUESTION_WORDS,
    elliptical_subject,
    has_pronoun,
    name_spans,
    refers_back,
    replace_subject,
    standalone_question,
    topic_of,
    without_pronouns,
)
from psp_qa.answering.kinds import FACTUAL, form_words_spelt, question_kind
from psp_qa.answering.scope import WORD
from psp_qa.answering.subjects import Acronyms, Mention, ReportSubject, Subjects, heading_name
from psp_qa.indexing.keywords import fold, keyword_tokens, stopwords
from psp_qa.types import SectionPath

# The word that stands for the thing in "the elevate one", "the danish ones".
_ITEM_WORD = re.compile(r"\s+(?:one|ones)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_TRAILING_PLACE = re.compile(r"(\s+(?:in|at|from|near)\s+[\w'’ -]+?)\s*[?.!]*\s*$", re.IGNORECASE)
MAX_NAME_WORDS = 6  # a longer heading ("Appendix 3 - Expected Outcomes and ...") is a title, not a name
MIN_HEADING_COVERAGE = 3 / 4  # the share of a heading that several lower-case words must cover to name it
_VERB_FORM = re.compile(r"(?:ing|ed)$", re.IGNORECASE)
MIN_FOREIGN_WORDS = 2  # a follow-up with this many words the corpus never uses is a new question


@dataclass(frozen=True)
class FollowUp:
    """How to search a question: `standalone` with `own_words` weighed above the rest, within `topic`."""

    standalone: str
    topic: SectionPath = ()
    own_words: str = ""
    within: str = ""  # the words that tell the topic's sentences apart, when the question names the topic
    continues: bool = False  # an ellipsis to another row of the topic's table: the conversation goes on


@dataclass
class Reader:
    subjects: Subjects
    acronyms: Acronyms
    topic_of_section: Callable[[SectionPath], SectionPath]
    is_content_word: Callable[[str], bool]
    row_labels: Callable[[SectionPath], list[str]] = lambda section: []  # the rows of a section's flattened tables
    is_report_word: Callable[[str], bool] = lambda word: True  # the corpus uses it, typos allowed for
    report_subject: ReportSubject = ReportSubject([], {})  # what the whole report is about, by its title
    is_name: Callable[[str], bool] = lambda word: False  # a word the corpus only writes as a name, no everyday one
    is_known_word: Callable[[str], bool] = lambda word: True  # spelt as meant: an everyday or a corpus word
    # The report uses it outside its bibliography, typos allowed.
    is_used_word: Callable[[str], bool] = lambda word: True

    def read(self, question: str, earlier: list[str], topic: SectionPath, picked: SectionPath = ()) -> FollowUp:
        """`earlier` are the conversation's standalone questions, `topic` the section of its last answer;
        `picked` the section of the item of the last answer's list that the question names in place of
        "the second one" (see Engine._listed_item_named)."""
        question = _dislocated(question) if earlier else question
        named_ones = _ones_named(question, earlier[-1], self.is_content_word) if earlier and not picked else question
        if named_ones != question:  # "which case studies from austria?" names what it asks of: asked as it stands
            named_ones = self._as_names(named_ones)
            return FollowUp(named_ones, own_words=named_ones)
        expanded = self.acronyms.expand(question)
        mention = self.subjects.mentioned(expanded)
        new_topic = self.topic_of_section(mention.section) if mention else ()
        if picked and earlier and elliptical_subject(question):
            # "what about the second one?" after a list: the list's question asked for items, not of one; the
            # item picked is asked about as itself ("What about Bollate Prison?"), within its own section.
            own_words = self.subjects.without_names(question, mention, self.acronyms) if mention else question
            return FollowUp(question, self.topic_of_section(picked), own_words=question, within=own_words)
        if not earlier:
            # A question that names a section as a name ("POPP", "Bollate", "bollate reoffending figure")
            # is about it, told apart within it by its other words; "pilot" is no name of "Piloting".
            if not (mention and (mention.local or _names_heading(mention))):
                return FollowUp(question, own_words=question)
            own_words = self.subjects.without_names(question, mention, self.acronyms)
            return FollowUp(question, new_topic, own_words, within=own_words)
        previous = earlier[-1]
        ellipsis = elliptical_subject(question)
        # "and for cohort 1?" after "... for cohort 2?": an ellipsis within the topic, swapping one of its things
        # (led by a connective, whatever kind its bare words seem: "and the upstream projects?" after "how many
        # core projects ..."; "Compare Bollate and Kulturverket" asks a question of its own).
        sibling = bool(ellipsis and ellipsis[1]) and _sibling_phrase(previous, ellipsis[0]) is not None
        if ellipsis and self.kind(question).name != FACTUAL and not sibling:
            ellipsis = None  # "compare Bollate and AVIS" asks a question of its own, not the last one again
        if ellipsis and not (mention or sibling) and self._asks_an_aspect(ellipsis[0], topic):
            ellipsis = None  # "and the downsides?": the topic's other side, asked of the topic as it stands
        if ellipsis and (mention or ellipsis[1]) and (new_topic != topic or sibling):
            named = mention and not sibling
            subject = heading_name(new_topic[-1]) if named else self._as_names(self._named_subject(ellipsis[0], topic))
            rewritten, predicate = self._with_subject(previous, subject, topic)
            if not new_topic and subject in self.row_labels(topic):
                # "and for the Scottish Government?" after a row of the topic's table: another row of that table,
                # searched within the topic by the whole question, whose row label tells the rows apart.
                return FollowUp(rewritten, topic, own_words=rewritten, within=rewritten, continues=True)
            # Within the new subject, its passages are told apart by what was asked of the old one.
            return FollowUp(rewritten, new_topic, own_words=rewritten, within=predicate if new_topic else "")
        named = mention is not None and (mention.local or _names_heading(mention))
        # "Moving on to the Recovery College - who are the partners there?": a pronoun after the name it names.
        leans_on_name = named and not has_pronoun(question[: mention.start]) and has_pronoun(question[mention.end :])
        if named and new_topic != topic and (not has_pronoun(question) or leans_on_name):
            # "What did the cost-benefit analysis show?" names no section "Analysis": one lower-case word is no name.
            own_words = self.subjects.without_names(question, mention, self.acronyms)
            standalone = standalone_question(question, earlier, self.is_content_word, topic=heading_name(new_topic[-1]))
            standalone = standalone if leans_on_name else question
            return FollowUp(standalone, new_topic, own_words=question, within=own_words)
        if not (has_pronoun(question) or refers_back(question)) and (
            not self._speaks_of_the_corpus(question) or self._names_report(question, topic)
        ):
            # "How do I bake sourdough bread?" is a new question, about something else: asked as it stands,
            # so that scope judges it, rather than read as being about the conversation's topic. So is one
            # naming what the whole report is about ("give me an overview of the strategic psp programme").
            return FollowUp(question, own_words=question)
        row = self._row_named(previous, topic)
        report = "" if row else self._names_report(previous, topic)
        if report:  # "what held it back?" after a question about the report's subject: that subject, no section
            rewritten = standalone_question(question, earlier, self.is_content_word, topic=report)
            return FollowUp(rewritten, own_words=question)
        name = row or self._topic_name(previous, topic)
        rewritten = standalone_question(question, earlier, self.is_content_word, topic=name)
        if rewritten == question:
            return FollowUp(question, own_words=question)
        if row:  # a table's section holds every row's subject: the row's label, not its section, says which
            return FollowUp(rewritten, own_words=question)
        # "what held it back?": within the topic, its passages are told apart by the follow-up's own words.
        return FollowUp(rewritten, topic, own_words=question, within=without_pronouns(question) if topic else "")

    def _as_names(self, text: str) -> str:
        """`text` with the lower-case words that the report never uses written as the names they are ("and for
        france?" -> "France"), so that scope reads them as it reads a name the report lacks. Only after a
        preposition or as a whole ellipsis's subject: there a word names a place or a thing."""
        words = list(WORD.finditer(text))
        whole = len(words) <= 2 and not any(w.group().lower() in QUESTION_WORDS for w in words)

        def named(i: int) -> bool:
            word = words[i].group()
            placed = whole or (i > 0 and words[i - 1].group().lower() in _PLACING)
            return (
                placed and word.isalpha() and word.islower() and word not in stopwords() and not self.is_used_word(word)
            )

        for i in reversed([i for i in range(len(words)) if named(i)]):
            start = words[i].start()
            text = text[:start] + text[start].upper() + text[start + 1 :]
        return text

    def kind(self, question: str):
        """The question's kind, read (as Engine.ask reads it) with its misspelt form words put right."""
        return question_kind(form_words_spelt(question, self.is_known_word))

    def _asks_an_aspect(self, words: str, topic: SectionPath) -> bool:
        """Whether an ellipsis's words ask for a side of the topic ("the downsides", "the good bits", "any
        problems") rather than name a new subject: they ask for a facet and name no row, name or capitalised thing."""
        if facet(words) is None or _capitalised(words) or any(self.is_name(w) for w in WORD.findall(words)):
            return False
        return self._named_subject(words, topic) not in self.row_labels(topic)

    def named_in_full(self, question: str) -> str:
        """The question with the words naming a section spelt as its heading: "how did the older people projects
        get past ...?" names "Partnership for Older People Projects", one case, not a collection of projects, so
        its kind is read from "how did the Partnership for Older People Projects get past ...?"."""
        mention = self.subjects.mentioned(question)
        if not (mention and mention.words and (mention.local or _names_heading(mention))):
            return question
        return replace_subject(question, mention.start, mention.end, heading_name(mention.section[-1]))

    def _speaks_of_the_corpus(self, question: str) -> bool:
        """False when the question's own words are mostly foreign to the corpus: two or more, and at least half.

        One unknown word is often an everyday word for the report's own ("what were the downsides?"),
        still asked of the conversation's topic.
        """
        words = [w for w in WORD.findall(question) if self.is_content_word(w)]
        # "what's the catch?": the question word opening it, however contracted, is its form, none of its own words.
        if words and _opening_question_word(question, words[0]):
            words = words[1:]
        unknown = sum(not self.is_report_word(w) for w in words)
        return unknown < MIN_FOREIGN_WORDS or 2 * unknown < len(words)

    def _named_subject(self, words: str, topic: SectionPath) -> str:
        """An ellipsis's subject as a name: "elevate one" -> "Elevate", the table row of the topic it names
        (spelt as the table does), else the words without the item word that stood for the thing ("one")."""
        words = _ITEM_WORD.sub("", words).strip() or words
        asked = fold(words)
        labels = self.row_labels(topic)
        return next((label for label in labels if _ARTICLE.sub("", fold(label)) == _ARTICLE.sub("", asked)), words)

    def _old_subject(self, previous: str, topic: SectionPath, subject: str = "") -> list[tuple[int, int]]:
        """Where the previous question names its subject: a phrase of the new subject's kind ("cohort 2" for
        "cohort 1"), a section, capitalised names (the row of the topic's tables they begin), else (in any case)
        a row of the topic's tables ("low moss") or a run of words the corpus only writes as names ("bounceback")."""
        sibling = _sibling_phrase(previous, subject)
        if sibling:
            return [sibling]
        mention = self.subjects.mentioned(previous)
        if mention:
            return [(mention.start, mention.end)]
        row = self._row_span(previous, topic)
        spans = name_spans(previous)
        if spans:
            # A row named in full ("Ready for Business") is the name its capitalised words ("Ready") began.
            first = spans[0]
            return [row] if row and row[0] <= first[0] and first[1] < row[1] else spans
        if row:
            return [row]
        words = [m for m in WORD.finditer(previous) if self.is_name(m.group())]
        return [(words[0].start(), words[0].end())] if words else []

    def _row_span(self, previous: str, topic: SectionPath) -> tuple[int, int] | None:
        """Where the previous question names a row of the topic's tables, in any case ("low moss")."""
        folded = fold(previous)
        for label in sorted(self.row_labels(topic), key=len, reverse=True):
            found = re.search(rf"(?<!\w){re.escape(fold(label))}(?!\w)", folded)
            if found and len(folded) == len(previous):  # folding kept every offset
                return found.span()
        return None

    def _with_subject(self, previous: str, subject: str, topic: SectionPath = ()) -> tuple[str, str]:
        """The previous question asked of `subject` instead of its own, and what it asks without any subject."""
        spans = self._old_subject(previous, topic, subject)
        if not spans:
            return f"{previous.rstrip(' ?.!')}, regarding {subject}?", previous
        start, end = spans[0]
        # A place closing the old subject is part of it: "the bus in tampere" -> "Denmark", not "Denmark in tampere".
        place = _TRAILING_PLACE.match(previous, end)
        end = place.end(1) if place else end
        return replace_subject(previous, start, end, subject), f"{previous[:start]}{previous[end:]}"

    def _names_report(self, question: str, topic: SectionPath) -> str:
        """The words by which `question` names the report's own subject ("the strategic psp programme"), when
        the topic's headings do not name it too (the best passage's section is then no subject of its own)."""
        span = self.report_subject.named(question)
        if span is None or (topic and self.report_subject.named(topic[-1])):
            return ""
        return noun_phrase(question, *span, self.is_content_word)

    def _row_named(self, previous: str, topic: SectionPath) -> str:
        """The label of a table row in the topic that the previous question names in full ("SPT Community
        Transport" in "what was the SPT community transport PSP trying to do"), else ""."""
        asked = set(keyword_tokens(previous))
        named = [label for label in self.row_labels(topic) if set(keyword_tokens(label)) <= asked]
        return max(named, key=lambda label: len(keyword_tokens(label)), default="")

    def _topic_name(self, previous: str, topic: SectionPath) -> str:
        """What "it" is: the previous question's own names when they are the topic's, else the topic's heading.

        "What is the bus in Finland?" is answered from "The Netty-Nysse Bus", and "How much
        did the Copenhagen council spend?" from "Cycling without Age": those headings, not
        "Finland" or "Copenhagen", are what a follow-up's "it" stands for. A name that is a
        row of a table in the topic ("East Renfrewshire") stays: the heading ("Primary data")
        names the table, not the row.
        """
        names = topic_of(previous, self.is_content_word)
        if not topic:
            return names
        heading = heading_name(topic[-1])
        # The previous question's own names, when they are the topic's heading or one of its table rows.
        given = set(keyword_tokens(names))
        if name_spans(previous) and any(given <= set(keyword_tokens(n)) for n in (heading, *self.row_labels(topic))):
            return names
        # An acronym the report spells out is a name of its own ("What does RfB stand for?"): "they" is RfB,
        # not the section its definition happens to sit in ("Primary data"), unless that section's heading is
        # what it stands for ("POPP": "Partnership for Older People Projects").
        heading_tokens = set(keyword_tokens(heading))
        if given and any(
            given == set(keyword_tokens(short)) and not set(keyword_tokens(long)) <= heading_tokens
            for short, long in self.acronyms.short_to_long.items()
        ):
            return names
        if len(heading.split()) <= MAX_NAME_WORDS:
            return heading
        return names


_ARTICLES = {"the", "a", "an"}


# "and the focus groups, what were they about?": a thing put first, then asked of by a pronoun.
_DISLOCATED = re.compile(r"^(?P<thing>(?:the|those|these)\s+[\w'’ -]{2,60}?)\s*[,:-]+\s*(?P<rest>\S.*)$", re.IGNORECASE)
_THING_PRONOUNS = {"it": "{thing}", "they": "{thing}", "them": "{thing}", "its": "{thing}'s", "their": "{thing}'s"}


def _dislocated(question: str) -> str:
    """ "and the focus groups, what were they about?" -> "what were the focus groups about?": the pronoun of
    the question after the comma stands for the thing put before it, not for the conversation's topic."""
    found = _DISLOCATED.match(LEADING_CONNECTIVE.sub("", question).strip())
    if not found or any(w.lower() in QUESTION_WORDS for w in WORD.findall(found.group("thing"))):
        return question
    rest = found.group("rest")
    for word in WORD.finditer(rest):
        pronoun = word.group().lower()
        if pronoun in _THING_PRONOUNS:
            thing = _THING_PRONOUNS[pronoun].format(thing=found.group("thing"))
            rest = rest[: word.start()] + thing + rest[word.end() :]
            return rest[:1].upper() + rest[1:]
    return question


# "which ones", "what ones": the things the previous question asked which of.
_WHICH_ONES = re.compile(r"\b(?P<which>which|what)\s+ones\b", re.IGNORECASE)
_WHICH_THINGS = re.compile(r"\b(?:which|what)\s+(?P<things>(?:[\w'’-]+\s+){0,3}?[\w'’-]+s)\b(?=\s+\w)", re.IGNORECASE)


def _ones_named(question: str, previous: str, is_content_word: Callable[[str], bool]) -> str:
    """ "and which ones from austria?" after "which case studies are from the uk?": "ones" are the case studies
    ("which case studies from austria?"), a question of its own, rather than one about the previous answer's topic."""
    ones = _WHICH_ONES.search(question)
    things = _WHICH_THINGS.search(previous)
    if not (ones and things):
        return question
    words = things.group("things").split()
    if not all(is_content_word(w) and w.lower() not in QUESTION_WORDS for w in words):
        return question
    named = f"{question[: ones.start()]}{ones.group('which')} {things.group('things')}{question[ones.end() :]}"
    named = LEADING_CONNECTIVE.sub("", named)
    return named[:1].upper() + named[1:]


_PLACING = {"in", "from", "at", "for", "of", "about", "with", "near"}


def _opening_question_word(question: str, word: str) -> bool:
    """Whether `word` is a question word, contracted or not, that opens the question after its connectives."""
    opening = WORD.findall(LEADING_CONNECTIVE.sub("", question))[:1]
    return opening == [word] and re.split(r"['’]", word.lower())[0] in QUESTION_WORDS


_TERM = re.compile(r"\w[\w'’-]*")  # a word or a number: "cohort 2"


def _sibling_phrase(previous: str, subject: str) -> tuple[int, int] | None:
    """Where `previous` holds a phrase of as many words as `subject`, two or more, that shares a content word
    with it in the same place and differs in another ("cohort 2" for "cohort 1", "core projects" for "upstream projects",
    "Italian case studies" for "dutch case studies"): the one thing the ellipsis swaps for another of its
    kind. The phrase sharing most words wins; none when the subject is a single word."""
    wanted = [fold(w) for w in _TERM.findall(subject)]
    content = {w for w in wanted if w not in stopwords()}
    if len(wanted) < 2 or not content:
        return None
    words = list(_TERM.finditer(previous))
    best, best_shared = None, 0
    for first in range(len(words) - len(wanted) + 1):
        window = words[first : first + len(wanted)]
        folded = [fold(w.group()) for w in window]
        # Shared in the same place ("cohort 2" for "cohort 1"; not "for cohort"): the same kind of phrase.
        shared = sum(a == b and a in content for a, b in zip(folded, wanted))
        if shared > best_shared and folded != wanted and not set(folded) & QUESTION_WORDS:
            best, best_shared = (window[0].start(), window[-1].end()), shared
    return best


def noun_phrase(question: str, start: int, end: int, is_content_word: Callable[[str], bool]) -> str:
    """The words around question[start:end] that name one thing: its content words on either side, and
    the article before them ("give me an overview of the strategic psp programme" -> "the strategic psp
    programme")."""
    words = list(WORD.finditer(question))
    inside = [i for i, w in enumerate(words) if w.end() > start and w.start() < end]
    if not inside:
        return question[start:end]
    first, last = inside[0], inside[-1]

    def joins(i: int) -> bool:
        return is_content_word(words[i].group()) and words[i].group().lower() not in QUESTION_WORDS

    while first > 0 and joins(first - 1):
        first -= 1
    if first > 0 and words[first - 1].group().lower() in _ARTICLES:
        first -= 1
    # A verb's form ends the name: "the SPT community transport PSP" in "...PSP trying to do".
    while last + 1 < len(words) and joins(last + 1) and not _VERB_FORM.search(words[last + 1].group()):
        last += 1
    return POSSESSIVE.sub("", question[words[first].start() : words[last].end()])


def _names_heading(mention: Mention) -> bool:
    """A mention that names its section as a name: capitalised past the first word, or most of a heading of
    several words in any case ("the older people's projects programme"); one lower-case word ("pilot") is no name.
    """
    if _capitalised(mention.words) and mention.start > 0:
        return True
    return len(mention.words.split()) >= 2 and mention.coverage >= MIN_HEADING_COVERAGE


def _capitalised(text: str) -> bool:
    return any(word[:1].isupper() for word in text.split())


# "the danish one", "the second example": one of the items the previous answer listed.
_LISTED_ONE = re.compile(
    r"\bthe\s+(?P<qualifier>[\w'’-]+)\s+(?:one|example|case(?:\s+study)?|project|initiative|scheme)\b(?!\s+of\b)",
    re.IGNORECASE,
)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}
ITEM_NEAR = 0.6  # cosine at which a qualifier ("danish") names a listed item's heading ("Denmark")
ITEM_MARGIN = 0.1  # by which it must be nearer that heading than any other item's


def listed_one(question: str) -> re.Match | None:
    """Where a follow-up picks one item out by a qualifier: "and what did the danish one achieve?"."""
    match = _LISTED_ONE.search(question)
    return match if match and match.group("qualifier").lower() not in _PICKS_NONE else None


_PICKS_NONE = {"same", "other", "next", "previous", "whole", "main", "only", "this", "that", "new", "old"}


def picked_item(
    qualifier: str, items: list[SectionPath], similarity: Callable[[str, list[str]], list[float]]
) -> SectionPath | None:
    """The listed item (`items`, the previous answer's sections) that `qualifier` picks out, or None.

    An ordinal picks by place ("the second one"). Otherwise the item whose own headings, below those all
    the items share ("Denmark", "Cycling without Age" under the Nordic case studies), hold the qualifier
    or lie nearest it in the model's space, clearly nearer than any other item's: "danish" -> "Denmark".
    When that heading heads several of the items ("finnish" -> "Finland"), it is their group's section.
    """
    if len(items) < 2:
        return None
    word = qualifier.lower()
    if word in _ORDINALS and abs(_ORDINALS[word]) < len(items) + (word == "last"):
        return items[_ORDINALS[word]]
    shared = 0
    while all(len(item) > shared + 1 for item in items) and len({item[shared] for item in items}) == 1:
        shared += 1
    own = [[heading_name(h) for h in item[shared:]] for item in items]
    wanted = set(keyword_tokens(qualifier))
    holding = [
        item for item, headings in zip(items, own) if wanted and wanted <= set(keyword_tokens(" ".join(headings)))
    ]
    if len(holding) == 1:
        return holding[0]
    headings = list(dict.fromkeys(h for hs in own for h in hs))
    near = dict(zip(headings, similarity(qualifier, headings)))
    scores = [max(near[h] for h in hs) for hs in own]
    best = max(range(len(items)), key=scores.__getitem__)
    best_heading = max(own[best], key=near.__getitem__)
    sharing = [i for i in range(len(items)) if best_heading in own[i]]
    others = [s for i, s in enumerate(scores) if i not in sharing]
    if scores[best] < ITEM_NEAR or scores[best] - max(others, default=0.0) < ITEM_MARGIN:
        return None  # too far, or another item is as near
    item = items[best]
    # Items sharing the heading ("the finnish one" of two in Finland): the section that heading heads, their group.
    return item if len(sharing) == 1 else item[: shared + own[best].index(best_heading) + 1]
