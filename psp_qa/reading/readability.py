"""Is a page's text layer readable text, or what a font without a Unicode map decodes to?

A PDF font may draw its glyphs without saying which characters they are; the
text layer then reads as private-use code points, replacement characters or
runs of letters and symbols that form no words ("o(hô..i.p3xSTRxtT3xR2tTOR").
Another common fault is a layer that lost every space ("WhatisEarthScience?").
Such text must not be indexed: it cannot be found by a question, and in a
mixed corpus it turns up as a weak match for anything. The test is on the
shape of words, so it holds for any language written with spaces, and it
leaves scripts written without spaces (Chinese, Japanese, Thai) alone.
"""

from __future__ import annotations

import re
import unicodedata

MIN_JUDGED_CHARS = 40  # a page with less text than this is too short to judge
MIN_WORD_SHARE = 0.6
MAX_MERGED_SHARE = 0.5
MERGED_WORD_LETTERS = 18
MAX_CODE_CHARS = 20
MIN_RUNS = 3  # a contents page of two long compounds ("Stichwortverzeichnis") is not a layer without spaces

UNMAPPED_FONT = "text layer unreadable (font without a Unicode map)"
LOST_SPACES = "text layer unreadable (the spaces between words are missing)"

_EDGE_PUNCTUATION = "\"'“”‘’„‚«»()[]{}<>.,;:!?…*•·–—-/\\|§¶†‡#%&@$€£¥+=~^_"
# An address ("tex.stackexchange.com/a/42865", "www.example.org") is not a word, and not garbage either.
_ADDRESS = re.compile(r"^(?:[a-z][a-z+.-]*://)?[\w-]+(?:\.[\w-]+)+(?:[/:?#]\S*)?$", re.ASCII)
_NUMBER = re.compile(r"^[\d.,:/%+\-–]+$")
_WORD = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")
_VOWELS = set("aeiouyAEIOUY")


def unreadable_reason(text: str) -> str | None:
    """Why the text layer is not text ("text layer unreadable (...)"), or None when it reads as words.

    Formulas ("d2(∆(a,b,c))") and short codes with digits ("asdfSa2123",
    "12-34-2007T12:34") are neither words nor garbage, so they are not counted.
    """
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < MIN_JUDGED_CHARS:
        return None
    if sum(1 for ch in visible if _unspaced_script(ch)) > len(visible) * 0.5:
        return None  # Chinese, Japanese, Thai...: words are not separated by spaces
    good = bad = merged = runs = 0
    for raw in text.split():
        token = raw.strip(_EDGE_PUNCTUATION)
        if not token or _is_formula(token) or _ADDRESS.match(token):
            continue
        if _run_together(token):
            merged, runs = merged + len(token), runs + 1
        elif _NUMBER.match(token) or _plausible_word(token):
            good += len(token)
        elif any(ch.isdigit() for ch in token) and len(token) <= MAX_CODE_CHARS and not any(map(_unmapped, token)):
            continue
        else:
            bad += len(token)
    judged = good + bad + merged
    if judged < MIN_JUDGED_CHARS:
        return None
    if merged > judged * MAX_MERGED_SHARE and runs >= MIN_RUNS:
        return LOST_SPACES
    if bad > judged * (1 - MIN_WORD_SHARE):
        return UNMAPPED_FONT
    return None


def _is_formula(token: str) -> bool:
    """Mathematics ("d2(∆(a,b,c))", "x=0"), not the accented soup of a wrong encoding ("æ—¥æœ¬")."""
    has_math = any(unicodedata.category(ch) == "Sm" or ch in "=^" for ch in token)
    return has_math and sum(1 for ch in token if 0x80 <= ord(ch) <= 0x24F) <= 1


def _run_together(token: str) -> bool:
    """Several words without the spaces between them: long, nearly all letters, vowels as in words."""
    letters = [ch for ch in token if ch.isalpha()]
    if len(token) < MERGED_WORD_LETTERS or len(letters) < 0.85 * len(token):
        return False
    vowels = sum(1 for ch in letters if unicodedata.normalize("NFD", ch)[0] in _VOWELS)
    return 0.2 <= vowels / len(letters) <= 0.6


def _unmapped(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Co", "Cn", "Cc", "Cs") or ch == "\ufffd"


def _unspaced_script(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"))


def _plausible_word(token: str) -> bool:
    """Letters only, with the vowels and letter case of a word in a language with an alphabet."""
    if not _WORD.match(token) or len(token) > 40:
        return False
    letters = [ch for ch in token if ch.isalpha()]
    latin = [ch for ch in letters if "LATIN" in unicodedata.name(ch, "")]
    if len(latin) < len(letters):
        return len(latin) == 0  # one script per word; Cyrillic, Greek, Arabic... are judged by their letters
    if (
        len(letters) >= 4
        and not token.isupper()
        and not any(unicodedata.normalize("NFD", ch)[0] in _VOWELS for ch in letters)
    ):
        return False
    if sum(1 for ch in letters if ord(ch) > 0x7F) > len(letters) / 2:
        return False
    case_changes = sum(1 for a, b in zip(token, token[1:]) if a.islower() and b.isupper())
    return case_changes <= 1
