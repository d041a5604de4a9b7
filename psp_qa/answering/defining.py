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

from psp_qa.indexing.keywords import keyword_tokens

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
# What follows a term that is a sentence's subject: a verb that says what it is or does.
_DEFINING_VERB = (
    r"(?:is|are|was|were|refers?|means?|describes?|represents?|denotes?|involves?|consists?|comprises?"
    r"|can\s+be|has\s+been|have\s+been|aims?|seeks?)\b"
)


def _term_pattern(subject: str) -> str:
    """The term's words as written, with any spacing or hyphenation between them."""
    words = _ARTICLE.sub("", subject.strip()).split()
    return r"[\s-]+".join(re.escape(w) for w in words)


def defines(sentence: str, subject: str) -> bool:
    """Whether `sentence` is worded as a definition of `subject`: it opens with the term and a defining verb,
    or names the term at its close, after a colon or "known as", "called", "termed"."""
    if not keyword_tokens(subject):
        return False
    term = _term_pattern(subject)
    opening = rf"^\s*(?:the\s+|a\s+|an\s+)?{term}s?\s*(?:\([^)]{{1,20}}\)\s*)?,?\s+{_DEFINING_VERB}"
    closing = rf"(?::|\b(?:known\s+as|called|termed|named))\s*['\"‘“]?(?:the\s+|a\s+|an\s+)?{term}['\"’”]?\s*[.!]?\s*$"
    return bool(re.search(opening, sentence, re.I) or re.search(closing, sentence, re.I))
