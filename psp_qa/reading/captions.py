"""A table's or figure's caption: "Table 5 – Stakeholders interviews", "Figure 3.2", "Tab. A1", "Box IV".

Three stages must agree on what a caption is: reading starts a new table block at
one, answering never takes one for a row's label or quotes it as a cell worth
reading, and the page draws it above a table rather than as a cell. The pattern
lives here, in the earliest stage that needs it, and the later ones import it.

A caption is a word for a table or figure and its number: digits ("Table 5",
"Table5", "Fig. 3.2"), a letter with or without digits ("Table A", "Table A1") or
a Roman numeral ("Table IV"), both in capitals ("Table a shows" is a sentence). A word that merely starts the same way does not
count ("Tablet", "Tables", "Table of contents").
"""

from __future__ import annotations

import re

CAPTION = re.compile(
    r"^(?:table|tab\.|figure|fig\.|chart|box|exhibit)"
    r"(?:\s*\d+(?:[.-]\d+)*|\s+(?-i:[A-Z])\d*(?:[.-]\d+)*\b|\s+(?-i:[IVXLC]+)\b)",
    re.IGNORECASE,
)


def is_caption(text: str) -> bool:
    """Whether `text` starts with a caption's word and number."""
    return CAPTION.match(text.lstrip()) is not None
