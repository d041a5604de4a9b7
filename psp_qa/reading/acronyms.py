"""Acronyms a document spells out, such as "Social Impact Bond ( SIB)".

A short form in brackets is matched, letter by letter from its end, against the
initials of the words just before it (after Schwartz and Hearst, 2003, but by
whole words). The reverse order, "SIB (Social Impact Bond)", is read too. Only
what a document defines is known: in brackets, or by use, where a capitalised
name spelling the short form stands beside the same words (spelled_out_by_use).
An acronym it never spells out stays unknown, so nothing is guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# "(SIB)", "( SIB)", "(RfB)": 2 to 10 characters, at least two capitals, no spaces inside.
_BRACKETED = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9&-]{1,9})\s*\)")
_LONG_IN_BRACKETS = re.compile(r"\b([A-Z][A-Za-z0-9&]{1,9})\s*\(\s*([^()]{4,120}?)\s*\)")
_WORD = re.compile(r"\S+")


def is_short_form(token: str) -> bool:
    return 2 <= len(token) <= 10 and sum(c.isupper() for c in token) >= 2 and token[0].isalnum()


# Words an acronym may leave out ("Ready for Business ( RfB)", "Institute for Economics and Finance").
_LINKING_WORDS = frozenset("a an and as at by for in of on or the to with &".split())


def long_form_for(short: str, before: str) -> str | None:
    """The words at the end of `before` whose initials spell `short`, or None.

    Letters are matched to word initials from the end; a linking word ("for", "and")
    or another acronym ("NHS") in between may be left out, any other word may not.
    """
    letters = [c.lower() for c in short.removesuffix("s") if c.isalnum()]
    words = [w.strip(",;:'\"‘’“”") for w in _WORD.findall(before)][-(len(letters) * 2 + 3) :]
    at = len(letters) - 1
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word and word[0].lower() == letters[at]:
            at -= 1
            if at < 0:
                long = " ".join(words[index:])
                return long if len(words) - index >= 2 else None
        elif not (word.lower() in _LINKING_WORDS or is_short_form(word)):
            return None
    return None


def find_acronyms(text: str) -> dict[str, str]:
    """Short form -> long form for each acronym `text` spells out; the first definition wins."""
    table: dict[str, str] = {}
    for match in _BRACKETED.finditer(text):
        short = match.group(1)
        if is_short_form(short) and short not in table:
            start = max(0, match.start() - 200)
            long = long_form_for(short, text[start : match.start()])
            if long:
                table[short] = long
    for match in _LONG_IN_BRACKETS.finditer(text):
        short, inside = match.group(1), match.group(2)
        if is_short_form(short) and short not in table and " " in inside:
            long = long_form_for(short, inside)
            if long and long == inside.strip():
                table[short] = long
    return table


def acronym_table(texts: Iterable[str]) -> dict[str, str]:
    """find_acronyms over many texts (a corpus's passages), the first definition of each short form kept."""
    table: dict[str, str] = {}
    for text in texts:
        for short, long in find_acronyms(text).items():
            table.setdefault(short, long)
    return table


def spelled_out_by_use(texts: list[str], defined: dict[str, str]) -> dict[str, str]:
    """Short forms used often but never defined in brackets, each with a capitalised name that spells it and
    stands where it stands: a report that says "the Strategic Public Social Partnership Model" and "Strategic
    PSPs" has spelled PSP out (see implied_long_form). Initials alone would be a guess, so they are not enough."""
    beside: dict[str, set[str]] = {}  # a short form's neighbouring words, where it is used
    uses: Counter[str] = Counter()
    for text in texts:
        for use in _SHORT_FORM_USE.finditer(text):
            short = use.group(1)
            if is_short_form(short) and short not in defined:
                uses[short] += 1
                beside.setdefault(short, set()).update(_neighbours(text, use.start(), use.end()))
    found: dict[str, str] = {}
    for short, words in beside.items():
        if uses[short] >= MIN_IMPLIED_USES:
            long = next(filter(None, (implied_long_form(short, text, words) for text in texts)), None)
            if long:
                found[short] = long
    return found


MIN_IMPLIED_USES = 3  # a short form used this often is one of the corpus's own terms
_SHORT_FORM_USE = re.compile(r"\b([A-Z][A-Z0-9&]{1,9})s?\b")  # "PSP", "PSPs"
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:and|for|of|the|&)\s+)?[A-Z][\w'’-]*)+")


def _neighbours(text: str, start: int, end: int) -> set[str]:
    """The lower-cased words just before and just after text[start:end]."""
    before = re.findall(r"[\w'’-]+", text[max(0, start - 40) : start])[-1:]
    after = re.findall(r"[\w'’-]+", text[end : end + 40])[:1]
    return {w.lower() for w in before + after}


def implied_long_form(short: str, text: str, beside: set[str]) -> str | None:
    """The first run of capitalised words in `text` whose initials spell `short` (linking words inside left
    out), next to a word that is also next to the short form where it is used (`beside`); else None."""
    letters = short.lower()
    for run in _CAPITALISED_RUN.finditer(text):
        words = [(w.start() + run.start(), w.end() + run.start(), w.group()) for w in re.finditer(r"\S+", run.group())]
        for first in range(len(words)):
            capitals = [w for w in words[first:] if w[2][0].isupper()][: len(letters)]
            if len(capitals) < len(letters):
                break
            if "".join(w[2][0].lower() for w in capitals) == letters:
                start, end = words[first][0], capitals[-1][1]
                if _neighbours(text, start, end) & beside:
                    return text[start:end]
    return None


def glosses(short: str, text: str) -> bool:
    """Whether `text` says in brackets, right after `short` (in any case), what it stands for.

    "Avis (Italian Association of Blood Volunteers)": a translated name's initials need not spell
    its short form, so long_form_for cannot read it, yet the report does spell it out.
    """
    return bool(re.search(rf"(?<!\w)(?i:{re.escape(short)})\s*\(\s*[A-Z][^()\s]*\s[^()]+\)", text))
