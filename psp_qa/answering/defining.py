"""The sentence that defines a term, told from the sentence's form rather than from its words alone.

"What is realist evaluation?" is answered by "Realist evaluation is used to identify..."
or by "...the methodology... emphasises the role of context...: realist evaluation.", not
by a figure's caption or a sentence that merely mentions the term. A sentence defines a
term when it opens with the term as its subject ("X is", "X refers to", "X (XY) was") or
closes by naming it ("... known as X", "...: X."). The answer quotes it with the sentences
around it in its passage that carry the definition on (see Composer.definition_passage).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from psp_qa.indexing.keywords import keyword_tokens

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
# What follows a term that is a sentence's subject: a verb that says what it is or does.
_DEFINING_VERB = (
    r"(?:is|are|was|were|refers?|means?|describes?|represents?|denotes?|involves?|consists?|comprises?"
    r"|can\s+be|has\s+been|have\s+been|aims?|seeks?)\b"
)


_NAMES = r"(?P<names>(?:(?-i:[A-Z][\w'’-]*)\s+){0,2}?)"  # capitalised words, whatever the flags


def _term_pattern(subject: str) -> str:
    """The term's words as written, with any spacing or hyphenation between them."""
    words = _ARTICLE.sub("", subject.strip()).split()
    return r"[\s-]+".join(re.escape(w) for w in words)


def defines(sentence: str, subject: str, is_name: Callable[[str], bool] = lambda word: False) -> bool:
    """Whether `sentence` is worded as a definition of `subject`: it opens with the term and a defining verb
    (after names, `is_name`, saying whose it is), names the term at its close, after a colon or "known as",
    "called", "termed", or sets it between dashes beside what it is."""
    if not keyword_tokens(subject):
        return False
    term = _term_pattern(subject)
    # "The Basildon Experts by Experience Model is...": a name before the term says whose it is.
    opening = rf"^\s*(?:the\s+|a\s+|an\s+)?{_NAMES}{term}s?\s*(?:\([^)]{{1,20}}\)\s*)?,?\s+{_DEFINING_VERB}"
    closing = rf"(?::|\b(?:known\s+as|called|termed|named))\s*['\"‘“]?(?:the\s+|a\s+|an\s+)?{term}['\"’”]?\s*[.!]?\s*$"
    # "...to fund an intervention – the One Service – to reduce...": the term set beside what it is, between dashes.
    beside = rf"\b(?:a|an)\s+[\w-]+(?:\s+[\w-]+)?\s+[–—]\s+(?:the\s+)?{term}\s+[–—]"
    opened = re.search(opening, sentence, re.I)
    if opened and all(is_name(word) for word in opened.group("names").split()):
        return True
    return any(re.search(form, sentence, re.I) for form in (closing, beside))


# A definition proper says what kind of thing the term is ("X is a hybrid service", "X refers to..."); the other
# defining verbs may tell an event of it ("X was tested as a pilot").
_KIND_OF = re.compile(r"^(?:(?:is|are|was|were)\s+(?:a|an|one)\b|refers?\b|means?\b|denotes?\b)", re.I)


def says_what_it_is(sentence: str, subject: str, is_name: Callable[[str], bool] = lambda word: False) -> bool:
    """Whether `sentence`, worded as a definition of `subject` (see `defines`), says what kind of thing it is."""
    term = _term_pattern(subject)
    opened = re.search(rf"^\s*(?:the\s+|a\s+|an\s+)?{_NAMES}{term}s?\s*(?:\([^)]{{1,20}}\)\s*)?,?\s+", sentence, re.I)
    return bool(opened and _KIND_OF.match(sentence[opened.end() :])) and defines(sentence, subject, is_name)


def bare_term(subject: str) -> str:
    """The term without its article: "a Strategic PSP" -> "Strategic PSP"."""
    return _ARTICLE.sub("", subject.strip()).strip(" ?.!'\"‘’“”")


def short_form(term: str, acronyms: dict[str, str]) -> str:
    """The acronym (a key of `acronyms`) that `term` is, in any case: "psp" -> "PSP"; "" when none."""
    if term in acronyms:
        return term
    return next((short for short in acronyms if short.lower() == term.lower()), "")


def term_forms(term: str, acronyms: dict[str, str]) -> list[str]:
    """The term as asked and spelled out: "Strategic PSP" -> ["Strategic PSP", "Strategic Public Social
    Partnership"], its last word being an acronym the report spells out."""
    words = term.split()
    if not words:
        return []
    short = short_form(words[-1], acronyms)
    spelled = " ".join([*words[:-1], acronyms[short]]) if short else ""
    return list(dict.fromkeys(f for f in (term, spelled) if f))


def more_specific(sides: tuple[str, ...]) -> tuple[str, str] | None:
    """(general, specific) when one side of a comparison is the other with a qualifier before it ("a PSP" and
    "a Strategic PSP"): a term compared with its more specific form."""
    if len(sides) != 2:
        return None
    first, second = (bare_term(s) for s in sides)
    for general, specific in ((first, second), (second, first)):
        words, longer = general.lower().split(), specific.lower().split()
        if words and len(longer) > len(words) and longer[-len(words) :] == words:
            return general, specific
    return None


def _form_pattern(form: str) -> str:
    return rf"(?<![\w-]){_term_pattern(form)}s?(?![\w-])"


def uses_term(sentence: str, forms: list[str], avoid: list[str] = ()) -> bool:
    """Whether `sentence` uses the term in one of its `forms` other than inside one of the `avoid` forms (its
    more specific one): "partnership models (like PSPs)" uses "PSP"; "the Strategic PSP model" does not."""
    for form in avoid:
        sentence = re.sub(_form_pattern(form), " ", sentence, flags=re.I)
    return any(re.search(_form_pattern(form), sentence, re.I) for form in forms)
