"""Tables recognised in a passage's text, so the page can draw rows and cells.

The index keeps a passage as text. Two shapes of table survive in it:

- Markdown rows (`| a | b |`), whose cells are explicit; a piece of a split
  table carries its header row in `Passage.lead`.
- A table flattened by text extraction: one cell per paragraph, row after row.
  Its column count is not written down, so it is inferred, and only when the
  evidence is strong: some column whose every cell starts with a number (a
  count, a year, an amount), at the same place in each of at least three rows.
  A wrong column count would move those cells across columns, so it cannot pass.
  Anything less certain stays text: a misdrawn table would misreport the source.

Cells are offsets into the passage text, so quoted sentences can still be marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psp_qa.reading.captions import is_caption

Span = tuple[int, int]

MAX_COLUMNS = 6
MIN_ROWS = 3  # body rows needed before a flattened table is trusted
MAX_CELL_CHARS = 200  # a longer paragraph is prose, not a cell
_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
NUMBER_LED = re.compile(r"^[£$€(]?\d")
PARAGRAPH = re.compile(r"\S(?:.*\S)?(?:\n[ \t]*\S(?:.*\S)?)*")  # lines up to a blank line


@dataclass(frozen=True)
class Table:
    preamble: list[Span]  # a caption, or cells before the first whole row
    header: list[Span]  # empty when the passage continues a table
    rows: list[list[Span]]  # a short last row is padded with empty cells (end == start)
    header_text: list[str] | None = None  # the header taken from the passage's lead, not its text


def table_of(text: str, lead: str = "") -> Table | None:
    """The table `text` holds, or None if it does not look like one with confidence."""
    return _markdown(text, lead) or _flattened(text)


def _markdown(text: str, lead: str) -> Table | None:
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    rows = [span for span in lines if text[span[0] : span[1]].strip().startswith("|")]
    if len(rows) < 2 or len(rows) < 0.8 * len(lines):
        return None
    preamble = [span for span in lines if span not in rows]
    cells = [_cells(text, span) for span in rows if not _RULE.match(text[span[0] : span[1]].strip())]
    header: list[Span] = []
    header_text = None
    has_rule = len(rows) > 1 and _RULE.match(text[rows[1][0] : rows[1][1]].strip())
    if has_rule:
        header, cells = cells[0], cells[1:]
    elif lead.strip().startswith("|"):
        first = lead.strip().splitlines()[0]
        header_text = [cell.strip() for cell in first.strip().strip("|").split("|")]
    width = max(len(row) for row in [header, *cells] if row) if cells else len(header)
    return Table(preamble, header, [_padded(row, width) for row in cells], header_text)


def _cells(text: str, line: Span) -> list[Span]:
    """The cells of one Markdown row, each trimmed of spaces."""
    start, end = line
    raw = text[start:end]
    left, right = raw.index("|") + 1, raw.rstrip().endswith("|") and raw.rstrip().rindex("|") or len(raw)
    spans, cursor = [], left
    for match in re.finditer(r"(?<!\\)\|", raw[left:right]):
        spans.append(_trimmed(text, start + cursor, start + left + match.start()))
        cursor = left + match.end()
    spans.append(_trimmed(text, start + cursor, start + right))
    return spans


def _flattened(text: str) -> Table | None:
    paragraphs = [(m.start(), m.end()) for m in PARAGRAPH.finditer(text)]
    preamble: list[Span] = []
    if paragraphs and is_caption(text[paragraphs[0][0] : paragraphs[0][1]]):
        preamble, paragraphs = paragraphs[:1], paragraphs[1:]
    if len(paragraphs) < 2 * MIN_ROWS or any(e - s > MAX_CELL_CHARS for s, e in paragraphs):
        return None
    led = [bool(NUMBER_LED.match(text[s:e])) for s, e in paragraphs]
    for width in range(2, MAX_COLUMNS + 1):
        for skip in range(0, 2 * width):
            body = led[skip:]
            if len(body) < MIN_ROWS * width:
                break
            if _a_column_of_numbers(body, width):
                head = paragraphs[:skip]
                header = head[-width:] if len(head) >= width else []
                before = head[: len(head) - len(header)]
                rows = [_padded(paragraphs[i : i + width], width) for i in range(skip, len(paragraphs), width)]
                return Table(preamble + before, header, rows)
    return None


def _a_column_of_numbers(led: list[bool], width: int) -> bool:
    """A column whose every cell starts with a number, after a first column of labels that none does.

    Rows cut one cell early or late would carry numbers into the first column, so they cannot pass.
    """
    whole = len(led) - len(led) % width
    column = [[led[i] for i in range(c, whole, width)] for c in range(width)]
    return not any(column[0]) and any(all(cells) for cells in column[1:])


def _padded(row: list[Span], width: int) -> list[Span]:
    end = row[-1][1] if row else 0
    return row + [(end, end)] * (width - len(row))


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
