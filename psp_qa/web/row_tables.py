"""Rows of a flattened table, each kept as a passage of its own, laid out with their table's header.

reading/table_rows.py splits a table that text extraction flattened (one cell a
paragraph) into one passage per row, and writes the table's header (its caption
and column names, a header row included) and the row's label into `Passage.lead`.
The page draws such a row as a table from what the passage carries:

- The column names are the lead's header paragraphs, its caption aside. In the
  table's first row, whose text holds the header verbatim, they are that text (so
  a quote in them is marked); in any other row they are repeated from the lead.
- A header name that ends in "and", "of" or a comma goes on in the next paragraph
  (a heading wrapped across two lines of the source).
- Cells go one per column only when every row of the whole table has exactly as
  many cells as there are columns after the label. A ragged table, or a row seen
  without the rest of its table, keeps its cells in order under the row's label,
  with the remaining column names over them all: naming cells by position there
  would misreport which column a cell is in.
- The column names again inside a row are the header reprinted where the table
  crossed a page: not cells of that row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby

from psp_qa.reading.captions import is_caption
from psp_qa.reading.table_rows import SEPARATOR, is_label, row_header, row_label
from psp_qa.types import Passage
from psp_qa.web.tables import PARAGRAPH, Span

Column = list[Span] | str  # paragraphs of this passage's text, or a name repeated from the lead
_GOES_ON = re.compile(r"(?:[,&/–-]|\b(?:and|or|of|for|the|to|in|with|from|by|on|at|a|an))$", re.IGNORECASE)


@dataclass(frozen=True)
class RowLayout:
    notes: list[Span | str]  # the caption and other header lines that name no column
    columns: list[Column]  # the label's column first; empty when the lead names none
    label: Span | str  # a string when this piece continues a row whose label is in an earlier piece
    cells: list[Span]
    lined_up: bool = False  # one cell per column in every row of the table
    first_column: int = 1  # the column of cells[0], past 1 for a piece that continues a row
    table: str = ""  # the id of the table's first passage: rows that share it are one table
    across: bool = False  # drawn as one line of a whole table (the reader), not on its own (a cited source)

    def in_table(self, after_its_row_above: bool) -> RowLayout:
        """This row drawn as a line of its whole table; straight after a row of it, without caption and names again."""
        return replace(self, notes=[], columns=[], across=True) if after_its_row_above else replace(self, across=True)


@dataclass(frozen=True)
class _Piece:
    passage: Passage
    notes: list[Span | str]  # the caption (and any text before the label the lead does not name)
    names: list[Span | str]  # the lead's column names: spans where this passage's text holds them
    label: Span | None
    cells: list[Span]


def row_layouts(passages: list[Passage]) -> dict[str, RowLayout]:
    """The layout of every table-row passage among one source's passages (in document order), by id."""
    layouts: dict[str, RowLayout] = {}
    rows_only = [(p, _table_key(p)) for p in passages]
    for key, run in groupby(rows_only, key=lambda pair: pair[1]):
        if key is not None:
            layouts.update(_table([p for p, _ in run], whole=True))
    return layouts


def lone_row(passage: Passage) -> RowLayout | None:
    """A row passage laid out without the rest of its table, from its lead alone (a transcript)."""
    return _table([passage], whole=False).get(passage.id) if _table_key(passage) is not None else None


def _table_key(passage: Passage) -> tuple | None:
    """Which table a passage is a row of (source, section, header), or None if it is no row."""
    lead = passage.lead.strip()
    if not lead or lead.startswith(("|", "`", "~")) or not (SEPARATOR in lead or is_label(lead)):
        return None
    return passage.source, passage.section, tuple(row_header(lead))


def _table(passages: list[Passage], whole: bool) -> dict[str, RowLayout]:
    rows = [[_piece(p) for p in run] for _, run in groupby(passages, key=lambda p: p.lead)]
    first = rows[0][0]
    width = len(_joined(first, first.names)) - 1
    lined_up = whole and width > 0 and all(sum(len(p.cells) for p in row) == width for row in rows)
    layouts = {}
    for row in rows:
        column = 1
        for piece in row:
            layouts[piece.passage.id] = RowLayout(
                notes=piece.notes,
                columns=_joined(piece, piece.names),
                label=piece.label if piece.label is not None else row_label(piece.passage.lead),
                cells=piece.cells,
                lined_up=lined_up,
                first_column=column,
                table=first.passage.id,
            )
            column += len(piece.cells)
    return layouts


def _piece(passage: Passage) -> _Piece:
    """A row passage's text split at its label's line, its header read from its lead."""
    text = passage.text
    header: list[Span | str] = list(row_header(passage.lead))
    before, label, cells = _at_label(text, row_label(passage.lead).strip())
    if before and [_said(text, b) for b in before] == [_said(text, h) for h in header]:
        header, before = list(before), []  # the table's first row: its text holds the header its lead repeats
    captions = [h for h in header if is_caption(_said(text, h))]
    names = [h for h in header if h not in captions]
    return _Piece(passage, [*before, *captions], names, label, _without_reprinted(text, cells, names))


def _at_label(text: str, label: str) -> tuple[list[Span], Span | None, list[Span]]:
    """The paragraphs before the label's line, the label, and the paragraphs after it (all cells if it is not there)."""
    found = re.search(rf"^[ \t]*{re.escape(label)}[ \t]*$", text, re.MULTILINE) if label else None
    if found is None:
        return [], None, _paragraphs(text, 0, len(text))
    start = found.start() + found.group().index(label)
    end = start + len(label)
    return _paragraphs(text, 0, start), (start, end), _paragraphs(text, end, len(text))


def _without_reprinted(text: str, cells: list[Span], names: list[Span | str]) -> list[Span]:
    """The row's cells less a run of them that repeats the column names: the header reprinted over a page break."""
    wanted = [_said(text, name).casefold() for name in names]
    said = [_said(text, cell).casefold() for cell in cells]
    if len(wanted) < 2:
        return cells
    for at in range(len(said) - len(wanted) + 1):
        if said[at : at + len(wanted)] == wanted:
            return cells[:at] + cells[at + len(wanted) :]
    return cells


def _joined(piece: _Piece, names: list[Span | str]) -> list[Column]:
    """Header paragraphs as column names, a name that visibly goes on joined with the next paragraph."""
    text = piece.passage.text
    columns: list[list] = []
    for name in names:
        if columns and _GOES_ON.search(_said(text, columns[-1][-1])):
            columns[-1].append(name)
        else:
            columns.append([name])
    return [" ".join(_said(text, n) for n in column) if isinstance(column[0], str) else column for column in columns]


def _said(text: str, part: Span | str) -> str:
    """A span of `text`, or a string from the lead, with its spaces made single."""
    return " ".join((part if isinstance(part, str) else text[part[0] : part[1]]).split())


def _paragraphs(text: str, start: int, end: int) -> list[Span]:
    return [(start + m.start(), start + m.end()) for m in PARAGRAPH.finditer(text[start:end])]
