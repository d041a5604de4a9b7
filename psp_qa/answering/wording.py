"""Everyday words for the terms a research report uses, where the model does not bridge them.

The vocabulary bridge (retrieve.py) finds the corpus word nearest a word the corpus lacks
("abroad": "internationally"). For a few everyday words of asking about a study it finds none:
all-MiniLM-L6-v2 puts "talk" nearest "discussing" (0.64) and "interview" at 0.35, and
"takeaways" nearest "taking" (0.53), "lessons" at 0.25. So "who did they talk to?" and "what
were the key takeaways?" find no passage close enough, though every study says whom it
interviewed and what it learned. These are words of English, not of one report: each is
replaced by the first of its report terms the corpus uses, and only for a question that would
otherwise be refused (see Engine.ask).
"""

from __future__ import annotations

import re

from psp_qa.indexing.keywords import KeywordIndex, keyword_tokens

# "talk to", "spoke with", "chatted to": whom a study gathered views from, in a report's words.
_CONVERSED = re.compile(
    r"\b(?P<verb>talk(?:ed|ing)?|speak(?:ing)?|spoke(?:n)?|chat(?:ted|ting)?)\s+(?:to|with)\b", re.IGNORECASE
)
_PAST = re.compile(r"(?:ed|spoke|spoken)$", re.IGNORECASE)
_CONVERSED_TERMS = (("interview", "interviewed"), ("consult", "consulted"), ("survey", "surveyed"))
# "the key takeaways", "their learnings": what a study concludes.
_LEARNT = re.compile(r"\b(?:take-?aways?|learnings)\b", re.IGNORECASE)
_LEARNT_TERMS = ("lessons", "conclusions", "findings")


def in_report_terms(question: str, keywords: KeywordIndex) -> str:
    """The question with its everyday words of asking about a study put in the report's own terms, the first
    of each word's terms the corpus uses; the question as it stands when it has none of them."""
    conversed = next((t for t in _CONVERSED_TERMS if keywords.known(keyword_tokens(t[0]))), None)
    if conversed:
        question = _CONVERSED.sub(lambda m: conversed[bool(_PAST.search(m.group("verb")))], question)
    learnt = next((t for t in _LEARNT_TERMS if keywords.known(keyword_tokens(t))), None)
    if learnt:
        question = _LEARNT.sub(learnt, question)
    return question
