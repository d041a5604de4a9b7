"""What a figure looks like in a sentence, and whether it stands beside the thing counted.

Retrieval (a sentence of the type asked for), scope (a passage that answers a
figure question) and sentence cues (a count of what was asked) read figures
alike: the patterns live here once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from psp_qa.indexing.keywords import keyword_tokens

YEAR = re.compile(r"(?:1[89]|20)\d\d")  # a year as a whole word: use fullmatch
# A year, or a month's name: a date in a sentence.
YEAR_OR_MONTH = re.compile(r"\b(?:1[89]|20)\d{2}\b|\b(?:january|february|march|april|may|june|july|august|september"
                           r"|october|november|december)\b", re.I)  # fmt: skip
# An amount is money or a share ("£20,000", "1.4 million euro", "£60m", "16%").
AMOUNT = re.compile(r"[£$€¥%]|\d\s*(?:m|bn|k)\b|\b(?:per\s*cent|percent|million|billion|euros?|pounds?|dollars?)\b",
                    re.IGNORECASE)  # fmt: skip
MONEY = re.compile(r"[£$€¥]|\d\s*(?:m|bn|k)\b|\b(?:million|billion|euros?|pounds?|dollars?)\b", re.IGNORECASE)
PERCENT = re.compile(r"%|\bper\s*cent\b|\bpercent\b", re.IGNORECASE)
# A share in words too. "Third" with a capital names something ("Third Sector"), so only a lower-case "third"
# or "quarter" is a share.
SHARE = re.compile(r"%|(?i:\bper\s*cent\b|\bpercent\b|\bhalf\b|\bmajority\b)|\b(?:third|quarter)\b")
COUNT_WINDOW = 4  # words at most between a count and the thing it counts ("28 in-depth face-to-face interviews")


def things_counted(
    text: str,
    things: set[str],
    is_figure: Callable[[str, int], bool],
    reach: tuple[int, int] = (-1, COUNT_WINDOW),
) -> set[str]:
    """The tokens of `things` that a figure in `text` counts: those of a word `reach` words from a figure
    (from the first offset to the second: "1000 – 1500 children" after it, "Interviews 28" just before it).

    `is_figure(word, position)` says which of the text's words are figures.
    """
    words = text.split()
    figures = [at for at, word in enumerate(words) if is_figure(word, at)]
    low, high = reach
    found: set[str] = set()
    for at, word in enumerate(words):
        if any(low <= at - figure <= high for figure in figures):
            found |= things & set(keyword_tokens(word))
    return found
