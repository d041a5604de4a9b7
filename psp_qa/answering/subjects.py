"""What a question names, read from the corpus itself: its section headings and its acronyms.

A follow-up such as "what about the recovery college one" names a new subject
without a capital letter; the section tree knows "Recovery College" as a
heading, so the words are matched against the headings rather than looked for
as capitalised names. A heading word counts for more the rarer it is in the
corpus, and only words that few headings share count: "partnership" is in
many headings and names none of them. A match must cover half the heading's
weight, or a third of it with a word few passages use (a name: "Bus" in "The
Netty-Nysse Bus"); "Government" is in too many passages to name "Government
support for the model" on its own. Words that only share a stem are not the
same word: "Experience" does not name "Piloting and experimenting".
A heading word the corpus writes as a name (always capitalised) and uses
mostly inside that heading's section ("Brescia" in "Brescia Cittá del Noi",
"bollate") names it on its own: a case study's place, not a word the whole
report speaks of. Written in lower case, it must not be an everyday word (one
the model's vocabulary holds whole): "give back" does not name "Bounce Back
Project", "bollate" names "Bollate Prison".

Acronyms come from the corpus's own definitions ("Partnership for Older
People Projects ( POPP)"); a question is expanded both ways, so each form
meets passages that use the other.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

from psp_qa.indexing.keywords import KeywordIndex, fold, keyword_tokens
from psp_qa.types import SectionPath

MIN_COVERAGE = 1 / 2  # share of a heading's (rarity-weighted) words a question must use to name it
MIN_NAME_COVERAGE = 1 / 3  # the share that does when one of the words is a name
NAME_PASSAGES = 3  # a heading word found in at most this many passages is a name
MAX_HEADINGS_SHARING = 2  # a word found in more headings than this names none of them
STEM_SLACK = 3  # letters past their common start by which a word and a heading word may differ
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.)\s+")
_WORD = re.compile(r"\w+(?:['’]\w+)?")


def heading_name(heading: str) -> str:
    """A heading as a name in a sentence: "4.1 Lessons learned" -> "Lessons learned"."""
    return _NUMBERING.sub("", heading).strip()


@dataclass(frozen=True)
class Mention:
    """A section a question names, and where in the question it does."""

    section: SectionPath
    start: int
    end: int
    coverage: float
    words: str = ""  # the question's words that name it ("Finnish", not "partnership side of the Finnish")
    local: bool = False  # named by a word used mostly inside the section: a name, whatever its case


class Subjects:
    def __init__(
        self,
        sections: list[SectionPath],
        generic: frozenset[str],
        keywords: KeywordIndex,
        passage_sections: list[SectionPath] = (),
        names: frozenset[str] = frozenset(),
        everyday: frozenset[str] = frozenset(),
    ):
        """`passage_sections` holds each passage's section, `names` the words the corpus writes as names,
        `everyday` the words the model's vocabulary holds whole."""
        self.everyday = everyday
        # Every heading on any path, at its shortest path: "Finland" is a heading though no passage sits right in it.
        paths: dict[str, SectionPath] = {}
        for section in sections:
            for depth in range(1, len(section) + 1):
                heading = section[depth - 1]
                if heading not in generic and len(section[:depth]) < len(paths.get(heading, section + ("",))):
                    paths[heading] = section[:depth]
        self.paths = paths
        self.tokens = {heading: set(keyword_tokens(heading_name(heading))) for heading in paths}
        self.words = {heading: [(fold(w), set(keyword_tokens(w))) for w in _WORD.findall(heading_name(heading))]
                      for heading in paths}  # fmt: skip
        sharing: dict[str, int] = {}
        for tokens in self.tokens.values():
            for token in tokens:
                sharing[token] = sharing.get(token, 0) + 1
        self.sharing = sharing
        size = max(1, keywords.size)
        self.weight = {t: math.log(1 + size / (1 + keywords.document_frequency(t))) for t in sharing}
        self.names = {t for t in sharing if keywords.document_frequency(t) <= NAME_PASSAGES}
        self.local = {heading: self._local_words(heading, keywords, passage_sections, names) for heading in paths}

    def _local_words(
        self, heading: str, keywords: KeywordIndex, passage_sections: list[SectionPath], names: frozenset[str]
    ) -> set[str]:
        """The heading's names (in no other heading) that the corpus uses mostly inside its section.

        The keyword index holds each passage with its section path, so the section's passages all count
        a heading word; the passages outside that also use it must be fewer than those inside.
        """
        path = self.paths[heading]
        inside = sum(section[: len(path)] == path for section in passage_sections)
        named = {t for word, tokens in self.words[heading] if word in names for t in tokens}
        return {t for t in named
                if self.sharing[t] == 1 and inside and keywords.document_frequency(t) - inside < inside / 2}  # fmt: skip

    def mentioned(self, question: str) -> Mention | None:
        """The section whose heading the question's words name best, if any does."""
        words = [(m.start(), m.end(), set(keyword_tokens(m.group()))) for m in _WORD.finditer(question)]
        best: Mention | None = None
        for heading, tokens in self.tokens.items():
            inside = [(start, end) for start, end, word_tokens in words
                      if word_tokens & tokens and self._same_word(question[start:end], heading)]  # fmt: skip
            used = {t for start, end in inside for t in keyword_tokens(question[start:end])} & tokens
            matched = {t for t in used if self.sharing[t] <= MAX_HEADINGS_SHARING}
            if not matched:
                continue
            coverage = sum(self.weight[t] for t in matched) / sum(self.weight[t] for t in tokens)
            local = any(self._names_alone(question[start:end], heading) for start, end in inside)
            needed = 0.0 if local else MIN_NAME_COVERAGE if matched & self.names else MIN_COVERAGE
            if coverage < needed or (best and coverage <= best.coverage):
                continue
            best = Mention(self.paths[heading], inside[0][0], inside[-1][1], coverage,
                           " ".join(question[start:end] for start, end in inside), local)  # fmt: skip
        return best

    def _names_alone(self, word: str, heading: str) -> bool:
        """Whether `word` is one of the heading's local names, capitalised or no everyday word."""
        return bool(set(keyword_tokens(word)) & self.local[heading]) and (
            word[:1].isupper() or fold(word) not in self.everyday
        )

    def _same_word(self, word: str, heading: str) -> bool:
        """Whether `word` is a form of a word of `heading` ("pilots", "Piloting"), not just one with its stem."""
        tokens = set(keyword_tokens(word))
        folded = fold(word)
        for other, other_tokens in self.words[heading]:
            common = len(os.path.commonprefix([folded, other]))
            if common and min(len(folded), len(other)) - common <= STEM_SLACK and tokens & other_tokens:
                return True
        return False

    def without_names(self, question: str, mention: Mention | None, acronyms: Acronyms) -> str:
        """The question without the words that name the mentioned section (or its acronym)."""
        if mention is None:
            return question
        heading = mention.section[-1]
        names = self.tokens[heading] | {
            t
            for short, long in acronyms.short_to_long.items()
            if set(keyword_tokens(long)) <= self.tokens[heading]
            for t in keyword_tokens(short)
        }
        kept = [m.group() for m in _WORD.finditer(question) if not set(keyword_tokens(m.group())) & names]
        return " ".join(kept)


class Acronyms:
    """Short and long forms a corpus defines, to expand a question both ways."""

    def __init__(self, table: dict[str, str]):
        self.short_to_long = table
        self._long = {fold(long): short for short, long in table.items()}
        self._short_pattern = _alternation(table, flags=0)
        self._long_pattern = _alternation(self._long, flags=re.IGNORECASE)

    def other_forms(self, question: str) -> str:
        """The other form of each acronym the question uses: "POPP" -> "Partnership for Older People Projects"."""
        extra: list[str] = []
        if self._short_pattern:
            extra += [self.short_to_long[m.group()] for m in self._short_pattern.finditer(question)]
        if self._long_pattern:
            extra += [self._long[m.group()] for m in self._long_pattern.finditer(fold(question))]
        return " ".join(form for form in dict.fromkeys(extra) if form not in question)

    def expand(self, question: str) -> str:
        """The question followed by the other forms of its acronyms."""
        extra = self.other_forms(question)
        return f"{question} ({extra})" if extra else question


def _alternation(forms: dict[str, str], flags: int) -> re.Pattern | None:
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


class ReportSubject:
    """The subject a whole report is about, by the short and long forms its title spells out.

    "Strategic Public Social Partnership model: report" is about PSPs: a question
    naming them ("give me an overview of the strategic psp programme") names its
    own subject, the report's, and no section the conversation happens to be in.
    A short form counts in lower case only when it is no everyday word.
    """

    def __init__(self, titles: list[str], table: dict[str, str], everyday: frozenset[str] = frozenset()):
        title_tokens = [set(keyword_tokens(title)) for title in titles]
        forms: list[tuple[str, int]] = []
        for short, long in table.items():
            if any(set(keyword_tokens(long)) <= tokens for tokens in title_tokens):
                forms.append((rf"{re.escape(short)}s?", 0 if short.lower() in everyday else re.IGNORECASE))
                forms.append((re.escape(long), re.IGNORECASE))
        self._patterns = [re.compile(rf"(?<!\w){form}(?!\w)", flags) for form, flags in forms]

    def named(self, question: str) -> tuple[int, int] | None:
        """Where the question names the report's subject, if it does."""
        found = [m.span() for pattern in self._patterns for m in [pattern.search(question)] if m]
        return min(found) if found else None
