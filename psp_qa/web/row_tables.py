"""Rows of a flattened table, each kept as a passage of its own, laid out with their table's header.

reading/table_rows.py splits a table that text extraction flattened (one cell a
paragraph) into one passage per row, and writes the table's header and the row's
label into `Passage.lead`. The page draws such a row as a table whatever its
columns hold, from what the index keeps: the rows around it in the same section,
and the first row's text, which holds the header paragraphs verbatim.

Column names are put over cells only when the evidence allows:

- The first row is the table's header row (its label and cells are column names,
  not data) when some cell of every other row starts with a number and its own
  cell there does not, as "Who has been interviewed" over "5 interviews".
- A header name that ends in "and", "of" or a comma goes on in the next paragraph
  (a heading wrapped across two lines of the source).
- Cells go one per column only when every row of the table has exactly as many
  cells as there are columns after the label. A ragged table keeps its cells in
  order under the row's label, with the remaining column names over them all:
  naming cells by position there would misreport which column a cell is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby

from psp_qa.reading.table_rows import SEPARATOR, is_label, row_label
from psp_qa.types import Passage
from psp_qa.web.tables import CAPTION, NUMBER_LED, PARAGRAPH, Span

Column = list[Span] | str  # paragraphs of this passage's text, or a name repeated from the table's first row
MIN_OTHER_ROWS = 3  # rows beside the first needed before it is taken for a header row
_GOES_ON = re.compile(r"(?:[,&/–-]|\b(?:and|or|of|for|the|to|in|with|from|by|on|at|a|an))$", re.IGNORECASE)


@dataclass(frozen=True)
class RowLayout:
    notes: list[Span | str]  # the caption and other header lines that name no column
    columns: list[Column]  # the label's column first; empty when the table's header is not known
    label: Span | str  # a string when this piece continues a row whose label is in an earlier piece
    cells: list[Span]
    header: bool = False  # the table's header row: its label and cells are the column names
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
    before: list[Span]  # paragraphs before the label: the table's header, in its first row
    label: Span | None
    cells: list[Span]


def row_layouts(passages: list[Passage]) -> dict[str, RowLayout]:
    """The layout of every table-row passage among one source's passages (in document order), by id."""
    layouts: dict[str, RowLayout] = {}
    rows_only = [(p, _table_key(p)) for p in passages]
    for key, run in groupby(rows_only, key=lambda pair: pair[1]):
        if key is not None:
            layouts.update(_table([p for p, _ in run]))
    return layouts


def lone_row(passage: Passage) -> RowLayout | None:
    """A row passage laid out without the rest of its table: its own header lines, or the header its lead repeats."""
    return row_layouts([passage]).get(passage.id)


def _table_key(passage: Passage) -> tuple | None:
    """Which table a passage is a row of (source, section, header), or None if it is no row."""
    lead = passage.lead.strip()
    if not lead or lead.startswith(("|", "`", "~")) or not (SEPARATOR in lead or is_label(lead)):
        return None
    header = lead.rsplit(SEPARATOR, 1)[0] if SEPARATOR in lead else ""
    return passage.source, passage.section, header


def _table(passages: list[Passage]) -> dict[str, RowLayout]:
    rows = [[_piece(p) for p in run] for _, run in groupby(passages, key=lambda p: p.lead)]
    first = rows[0][0]
    others = [row[0] for row in rows[1:]]
    header = _is_header_row(first, others)
    names = [s for s in first.before if not CAPTION.match(_text(first, s))]
    notes = [s for s in first.before if s not in names]
    if header and first.label is not None:
        names += [first.label, *first.cells]
    columns = _joined(first, names)
    data = rows[1:] if header else rows
    width = len(columns) - 1
    lined_up = width > 0 and bool(data) and all(sum(len(p.cells) for p in row) == width for row in data)
    layouts = {}
    for row in rows:
        column = 1
        for piece in row:
            own = piece.passage is first.passage
            shown_notes = notes if own else [_text(first, span) for span in notes]
            layouts[piece.passage.id] = RowLayout(
                notes=shown_notes or _lead_notes(piece.passage, first),
                columns=columns if own else [_shown(first, c) for c in columns],
                label=piece.label if piece.label is not None else row_label(piece.passage.lead),
                cells=piece.cells,
                header=header and row is rows[0],
                lined_up=lined_up,
                first_column=column,
                table=first.passage.id,
            )
            column += len(piece.cells)
    return layouts


def _piece(passage: Passage) -> _Piece:
    """A row passage's text split at its label's line: the header before it, the cells after it."""
    text, label = passage.text, row_label(passage.lead).strip()
    found = re.search(rf"^[ \t]*{re.escape(label)}[ \t]*$", text, re.MULTILINE) if label else None
    if found is None:
        return _Piece(passage, [], None, _paragraphs(text, 0, len(text)))
    start = found.start() + found.group().index(label)
    end = start + len(label)
    return _Piece(passage, _paragraphs(text, 0, start), (start, end), _paragraphs(text, end, len(text)))


def _is_header_row(first: _Piece, others: list[_Piece]) -> bool:
    """A first row whose cells are names: in some column every other row starts with a number, and it does not."""
    if len(others) < MIN_OTHER_ROWS or first.label is None:
        return False
    for number, cell in enumerate(first.cells):
        below = [row.cells[number] for row in others if number < len(row.cells)]
        if len(below) == len(others) and all(NUMBER_LED.match(_text(row, span)) for row, span in zip(others, below)):
            if not NUMBER_LED.match(_text(first, cell)):
                return True
    return False


def _joined(piece: _Piece, names: list[Span]) -> list[Column]:
    """Header paragraphs as column names, a name that visibly goes on joined with the next paragraph."""
    columns: list[list[Span]] = []
    for span in names:
        if columns and _GOES_ON.search(_text(piece, columns[-1][-1])):
            columns[-1].append(span)
        else:
            columns.append([span])
    return columns


def _lead_notes(passage: Passage, first: _Piece) -> list[Span | str]:
    """For a row whose table start is not at hand, the header its lead repeats, as one line."""
    if first.before or SEPARATOR not in passage.lead:
        return []
    return [passage.lead.rsplit(SEPARATOR, 1)[0]]


def _shown(piece: _Piece, column: Column) -> str:
    return column if isinstance(column, str) else " ".join(_text(piece, span) for span in column)


def _text(piece: _Piece, span: Span) -> str:
    return " ".join(piece.passage.text[span[0] : span[1]].split())


def _paragraphs(text: str, start: int, end: int) -> list[Span]:
    return [(start + m.start(), start + m.end()) for m in PARAGRAPH.finditer(text[start:end])]
