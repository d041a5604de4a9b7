"""The words a corpus writes as names, read once when the index is built (see store.py's names.json).

A question typed all in lower case cannot show its names by their capitals; the corpus can.
A word it writes with a capital wherever it uses it past a sentence's first word ("Scotland",
"Europe") is a name, and so is one whose capitals show it wherever it stands, a capital past its first
letter ("Netti-Nysse", "RfB"): the report may only ever use it to open a sentence. Telling a place the
report never mentions from an everyday word ("about ireland", "from abroad") reads this set. It depends on every passage's text, so it is
computed at build time rather than at every start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD = re.compile(r"[A-Za-z][\w'’-]*")  # a word as a question spells it, apostrophes and hyphens kept


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens the text or a sentence of it (after . ! ? or a colon)."""
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:;"


def written_as_names(texts: Iterable[str]) -> frozenset[str]:
    """The words (lower-cased) that `texts` never write in lower case and write with a capital past a
    sentence's first word, or past their own first letter ("Netti-Nysse is an internet bus"): the corpus's
    names ("scotland", "europe", "netti-nysse")."""
    capitalised: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for match in WORD.finditer(text):
            word = match.group()
            if word[:1].islower():
                lower.add(word.lower())
            elif not starts_sentence(text, match.start()) or any(ch.isupper() for ch in word[1:]):
                capitalised.add(word.lower())
    return frozenset(capitalised - lower)
