"""Split a long sentence into its clauses, each embedded on its own at index time (the clause view).

A long conclusion packs several claims into one sentence ("Most of the Strategic PSPs filled gaps in
provision ... – in other words, actions that needed to happen anyway – rather than resulting in any
innovative approaches or 'new' services being mainstreamed."); its vector is the mean of them all, so a
question asking one of them ("did they end up creating new services?") is far from it (0.35) and near the
clause that says it (0.63). Parts are cut at a spaced dash, a semicolon, a colon, and before a contrasting
or conceding link ("rather than", "while", "but", "whereas", "although"), never inside brackets; the link
stays with the part it opens. Pure functions, no I/O.
"""

from __future__ import annotations

import re

# Sentences shorter than this (in words) are one claim: their own vector says it.
MIN_SENTENCE_WORDS = 18
# A part shorter than this ("in other words,") says nothing alone: it joins the part before it (or after it).
MIN_CLAUSE_WORDS = 5
# Bump whenever the clauses cut from a sentence change, so older indexes count as stale.
CLAUSE_VERSION = 1

# A break between parts: a dash with space around it, a semicolon, a colon not between digits ("10:30");
# or the space before a contrasting link, which opens the next part.
_BREAK = re.compile(
    r"\s+[–—-]+\s+|\s*;\s+|(?<!\d):\s+"
    r"|(?:,\s*|\s+)(?=(?:rather\s+than|while|whilst|whereas|but|although|though|even\s+though)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of `sentence`, in order; [] when it is short or is one clause.

    Each clause is stripped of the break around it; clauses never overlap, and with the breaks
    between them they cover the sentence."""
    if len(_WORD.findall(sentence)) < MIN_SENTENCE_WORDS:
        return []
    parts: list[tuple[int, int]] = []
    start = 0
    for match in _BREAK.finditer(sentence):
        if _inside_brackets(sentence, match.start()):
            continue  # a citation's or an aside's own semicolons ("(Pawson, 2013; Pawson et al. 2012)")
        if match.start() > start:
            parts.append((start, match.start()))
        start = match.end()
    parts.append((start, len(sentence)))
    parts = [span for span in (_stripped(sentence, *part) for part in parts) if span[1] > span[0]]
    merged: list[tuple[int, int]] = []
    for span in parts:
        if merged and (_words(sentence, *span) < MIN_CLAUSE_WORDS or _words(sentence, *merged[-1]) < MIN_CLAUSE_WORDS):
            merged[-1] = (merged[-1][0], span[1])  # a short part joins its neighbour, with the break between
        else:
            merged.append(span)
    return merged if len(merged) > 1 else []


def clauses(sentence: str) -> list[str]:
    """The clauses of `sentence` (see clause_spans): substrings of it, in order."""
    return [sentence[start:end] for start, end in clause_spans(sentence)]


def _inside_brackets(text: str, at: int) -> bool:
    return text.count("(", 0, at) > text.count(")", 0, at)


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))
