"""A PDF page's lines with their font size, weight and position, and the structure they show.

pypdf's plain text has no blank lines, so a page would be one paragraph and a
heading would sit inside the passage after it. The text visitor reports each
run of text with its font and text matrix; from that each line gets a size,
a weight and a baseline, which give paragraph breaks (a larger gap, an
indented first line) and headings (a line set larger or bolder than the body,
"3.5 Metaclustering"), for documents that have no outline.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace

from psp_qa.reading.captions import is_caption

# Font names that say bold: "Helvetica-Bold", "NimbusRomNo9L-Medi", TeX's "CMBX10"/"SFBX1200".
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|medi(?:um)?\b|bx\d|[,-]bd\b", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:[A-Z]|\d{1,2})((?:\.\d{1,2}){0,3})\.?\s+\S")
_SENTENCE_END = re.compile(r"[.!?:]['\"”’)]*\s*$")

MAX_HEADING_CHARS = 120
MAX_HEADING_LINES = 3
# A style that makes up more of the document's lines than this is body text, however it is set.
MAX_HEADING_STYLE_SHARE = 0.25


@dataclass(frozen=True)
class Line:
    """One line of a page as pypdf extracted it, with the style of its visible characters."""

    text: str
    size: float = 0.0  # the largest effective font size on the line, in points
    bold: bool = False  # every visible character is in a bold font
    x: float | None = None
    y: float | None = None  # baseline, in page units (larger is higher up)

    def with_text(self, text: str) -> Line:
        return replace(self, text=text)


def page_lines(page) -> list[Line]:
    """The page's lines in pypdf's reading order; their text joined by newlines is pypdf's plain text."""
    runs: list[tuple[str, float, bool, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font, font_size: float) -> None:
        if not text:
            return
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        size = abs(font_size or 0) * math.sqrt(abs(a * d - b * c))
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append((text, size, _is_bold(font), x, y))

    page.extract_text(visitor_text=visit)
    return _lines_from_runs(runs)


def _is_bold(font) -> bool:
    try:
        name = str(font.get("/BaseFont", "")) if font is not None else ""
        descriptor = font.get("/FontDescriptor") if font is not None else None
        descriptor = descriptor.get_object() if descriptor is not None else None
        weight = float(descriptor.get("/FontWeight", 0)) if descriptor is not None else 0.0
    except Exception:  # a malformed font dictionary only costs the weight
        return False
    return bool(_BOLD_FONT.search(name)) or weight >= 600


def _lines_from_runs(runs: list[tuple[str, float, bool, float, float]]) -> list[Line]:
    lines: list[Line] = []
    parts: list[str] = []
    sizes: list[float] = []
    weights: list[bool] = []
    x: float | None = None
    baseline: tuple[float, float] | None = (
        None  # (size, y) of the line's largest run: a superscript is not its baseline
    )
    for text, size, bold, run_x, run_y in runs:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            parts.append(piece)
            if piece.strip():
                sizes.append(size)
                weights.append(bold)
                x = run_x if x is None else x
                baseline = (size, run_y) if baseline is None or size > baseline[0] else baseline
            if i < len(pieces) - 1:
                lines.append(_line(parts, sizes, weights, x, baseline))
                parts, sizes, weights, x, baseline = [], [], [], None, None
    if parts:
        lines.append(_line(parts, sizes, weights, x, baseline))
    return lines


def _line(
    parts: list[str], sizes: list[float], weights: list[bool], x: float | None, baseline: tuple[float, float] | None
) -> Line:
    return Line(
        "".join(parts),
        round(max(sizes), 1) if sizes else 0.0,
        bool(weights) and all(weights),
        x,
        baseline[1] if baseline else None,
    )


@dataclass(frozen=True)
class Heading:
    page: int
    first: int  # index of its first and last line on the page
    last: int
    level: int
    title: str


def find_headings(pages: list[list[Line]]) -> list[Heading]:
    """Lines set apart from the body by size or weight, with a level from their style and numbering."""
    body = _body_style(pages)
    if body is None:
        return []
    candidates: list[tuple[int, int, int, tuple[float, bool, int]]] = []
    for number, lines in enumerate(pages):
        i = 0
        while i < len(lines):
            if not _is_heading_line(lines[i], body) or _shares_baseline(lines, i) or _after_table_caption(lines, i):
                i += 1
                continue
            last = i
            while (
                last + 1 < len(lines)
                and last + 1 - i < MAX_HEADING_LINES
                and _same_style(lines[last + 1], lines[i])
                and _is_heading_line(lines[last + 1], body)
                and not _numbering_depth(lines[last + 1].text.strip())
            ):
                last += 1
            title = " ".join(line.text.strip() for line in lines[i : last + 1])
            if _title_like(title) and _followed_by_text(lines, last, body):
                depth = _numbering_depth(title) or 0
                candidates.append((number, i, last, (_size_key(lines[i].size), lines[i].bold, depth)))
            i = last + 1
    style_counts = Counter(key[:2] for *_, key in candidates)
    total_lines = sum(len(lines) for lines in pages)
    kept = _unnumbered_beside_numbered(
        [c for c in candidates if style_counts[c[3][:2]] <= max(3, total_lines * MAX_HEADING_STYLE_SHARE)]
    )
    ranks = {key: rank for rank, key in enumerate(sorted({c[3] for c in kept}, key=lambda k: (-k[0], not k[1], k[2])))}
    return [
        Heading(
            number, first, last, ranks[key] + 1, " ".join(pages[number][j].text.strip() for j in range(first, last + 1))
        )
        for number, first, last, key in kept
    ]


def _unnumbered_beside_numbered(
    candidates: list[tuple[int, int, int, tuple[float, bool, int]]],
) -> list[tuple[int, int, int, tuple[float, bool, int]]]:
    """An unnumbered heading set like numbered ones ("Contents" beside "1 Introduction") is their sibling,
    at the shallowest numbering of its style, not a level above them that every chapter would nest under."""
    numbered: dict[tuple[float, bool], int] = {}
    for *_, (size, bold, depth) in candidates:
        if depth:
            numbered[(size, bold)] = min(depth, numbered.get((size, bold), depth))
    return [
        (page, first, last, (size, bold, depth or numbered.get((size, bold), 0)))
        for page, first, last, (size, bold, depth) in candidates
    ]


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def _body_style(pages: list[list[Line]]) -> tuple[float, bool] | None:
    """The (size, bold) that most characters are set in."""
    weights: Counter[tuple[float, bool]] = Counter()
    for lines in pages:
        for line in lines:
            if line.size:
                weights[(_size_key(line.size), line.bold)] += len(line.text.strip())
    return weights.most_common(1)[0][0] if weights else None


def _is_heading_line(line: Line, body: tuple[float, bool]) -> bool:
    text = line.text.strip()
    if not text or not line.size or len(text) > MAX_HEADING_CHARS:
        return False
    larger = _size_key(line.size) >= body[0] * 1.15
    bolder = line.bold and not body[1] and _size_key(line.size) >= body[0] * 0.95
    return larger or bolder


def _shares_baseline(lines: list[Line], i: int) -> bool:
    """A line with a neighbour on its baseline is a table cell (or a run set apart), not a heading."""
    y = lines[i].y
    neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    return y is not None and any(n.y is not None and abs(n.y - y) < 1 and n.text.strip() for n in neighbours)


def _after_table_caption(lines: list[Line], i: int) -> bool:
    """A bold line just below "Table 1: ..." is the table's row of column headers, not a heading."""
    previous = next((line.text.strip() for line in reversed(lines[:i]) if line.text.strip()), "")
    return is_caption(previous) and previous[:3].lower() == "tab"


def _same_style(a: Line, b: Line) -> bool:
    return _size_key(a.size) == _size_key(b.size) and a.bold == b.bold


def _title_like(title: str) -> bool:
    letters = sum(ch.isalpha() for ch in title)
    return (
        letters >= 3
        and letters >= len(title.replace(" ", "")) * 0.5
        and len(title.split()) <= 16
        and not title.rstrip().endswith((".", ",", ";"))
        and not title[:1].islower()
    )


def _followed_by_text(lines: list[Line], last: int, body: tuple[float, bool]) -> bool:
    """A heading stands before body text on its page (or ends the page)."""
    rest = [line for line in lines[last + 1 :] if line.text.strip()]
    return not rest or not _is_heading_line(rest[0], body) or _size_key(rest[0].size) < _size_key(lines[last].size)


def _numbering_depth(title: str) -> int | None:
    match = _NUMBERING.match(title)
    return match.group(1).count(".") + 1 if match else None


def _differ(a: float, b: float, tolerance: float) -> bool | None:
    """Whether two font sizes differ by more than `tolerance` (a share); None when one is unknown."""
    if not a or not b:
        return None
    return abs(a - b) > tolerance * max(a, b)


def paragraph_starts(lines: list[Line]) -> set[int]:
    """Indexes of the lines that start a paragraph: after a larger gap, in another font size,
    or indented after a sentence end."""
    gaps = [
        prev.y - line.y
        for prev, line in zip(lines, lines[1:])
        if prev.y is not None and line.y is not None and 0 < prev.y - line.y < 3 * max(line.size, 1)
    ]
    if len(gaps) < 3:
        return set()
    leading = statistics.median(gaps)
    starts = set()
    for i in range(1, len(lines)):
        prev, line = lines[i - 1], lines[i]
        if prev.y is None or line.y is None or not line.text.strip():
            continue
        gap = prev.y - line.y
        if gap > leading * 1.4 and gap < leading * 6:
            starts.add(i)
        elif i >= 2 and _differ(lines[i - 2].size, prev.size, 0.05) is False and _differ(prev.size, line.size, 0.15):
            # A size held for two lines changes: a footnote, a caption or a quotation begins or ends. (A run
            # can carry a superscript's size for the words after it, so one line's size proves nothing.)
            starts.add(i)
        elif (
            prev.x is not None
            and line.x is not None
            and abs(gap - leading) < leading * 0.3
            and _SENTENCE_END.search(prev.text)
            and 0.5 * line.size < line.x - prev.x < 4 * line.size
        ):
            starts.add(i)
    return starts
