"""Page text clean-up shared by the readers: running headers and footers, words hyphenated at line ends."""

from __future__ import annotations

import re
from collections import Counter


def join_hyphenated(text: str) -> str:
    """Join words broken across line ends ("collabo-\\nration" -> "collaboration")."""
    return re.sub(r"(\w)-\n(\w)", r"\1\2", text)


def strip_margin_lines(pages: list[list[str]]) -> list[list[str]]:
    """Each page's lines without its running header and footer.

    A margin line is one found in the same place (first two or last two lines)
    on most pages; digits are folded so "Page 3" and "Page 4" count as the same
    line. Only those places are stripped: a body line that happens to look like
    a footer (a bare "31" in a table when the footer is a bare page number) stays.
    """
    if len(pages) < 3:
        return pages
    slotted = [_margin_slots(lines) for lines in pages]
    counts: Counter[tuple[str, str]] = Counter()
    for lines, slots in zip(pages, slotted, strict=True):
        counts.update({(slot, _fold_digits(lines[i])) for i, slot in slots.items()})
    frequent = {key for key, count in counts.items() if count >= max(3, len(pages) * 0.5)}
    return [
        [line for i, line in enumerate(lines) if (slots.get(i), _fold_digits(line)) not in frequent]
        for lines, slots in zip(pages, slotted, strict=True)
    ]


def _margin_slots(lines: list[str]) -> dict[int, str]:
    """Line index -> "top0", "top1", "bottom0", "bottom1" for a page's outermost non-blank lines."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    slots = {i: f"top{n}" for n, i in enumerate(content[:2])}
    slots.update({i: f"bottom{n}" for n, i in enumerate(reversed(content[-2:]))})
    return slots


def _fold_digits(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())
