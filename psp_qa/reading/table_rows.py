"""Rows of a table that reached us flattened: one cell a paragraph, no grid left.

Text extracted from a PDF or a web page often lays a table out cell after cell:

    Strategic PSP Name
    Objectives/Outcomes
    Low Moss
    The Strategic PSP set out to develop and test a new approach ...
    New throughcare support model ... 653 beneficiaries were supported.
    Elevate
    To increase employability opportunities for people in recovery

A cell far from its row's first cell ("653 beneficiaries were supported") no
longer says whose row it is. The row label is told by its shape: a short
title-cased paragraph ("Low Moss", "The Life I Want") with no sentence end,
not starting with a figure, followed by a cell that is not such a label (a run
of labels is the header row, the last of them the first row's label). A
block the reader took for a table counts as such only when it has several labels
and many of its other paragraphs are cells rather than sentences.

A row of column headers can take a label's shape too ("PSP", then "Service
Users", "Other Data Collected"): a first row whose cells are all short, with
no figure and no sentence end, names the columns rather than a thing. It is
part of the table's header, read with every row, not a row of its own.
"""

from __future__ import annotations

import re

from psp_qa.types import Sentence

MAX_LABEL_WORDS = 5
MIN_ROWS = 3
SEPARATOR = " › "  # between a row's header and its label
HEADER_JOINER = " / "  # between the header's paragraphs
MIN_CELL_SHARE = 0.4  # of a table's cells (labels aside), the share that do not end as a sentence does
MAX_COLUMN_HEADER_WORDS = 10  # a column header is a few words; a first row's cell longer than this is content
_JOINERS = frozenset("a an and as at by de del di for in of on or the to with &".split())
_WORD = re.compile(r"[^\s/]+")


def is_label(paragraph: str) -> bool:
    """A row label's shape: a few title-cased words, no sentence end, no leading figure."""
    words = _WORD.findall(paragraph)
    if not words or len(words) > MAX_LABEL_WORDS or paragraph.rstrip()[-1:] in ".!?;:,)" or paragraph[:1].isdigit():
        return False
    return words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in _JOINERS for w in words)


def _paragraphs(text: str, units: list[Sentence]) -> list[list[Sentence]]:
    """The units grouped by paragraph (a line break between two units starts a new one)."""
    groups: list[list[Sentence]] = []
    for unit in units:
        if groups and "\n" not in text[groups[-1][-1].end : unit.start]:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    return groups


def flattened_rows(text: str, units: list[Sentence]) -> list[tuple[str, list[Sentence]]] | None:
    """The section's units as (row context, units), or None if it is no flattened table.

    A row's context is the table's header (the short paragraphs before its first row:
    a caption, column headers) and the row's label: "Strategic PSP Name / Objectives/Outcomes
    › Low Moss". The header is read with the first row; an introduction in sentences
    before the table comes first, on its own, with an empty context.
    """
    paragraphs = _paragraphs(text, units)
    shown = [" ".join(text[u.start : u.end] for u in group) for group in paragraphs]
    labels = [
        number
        for number, paragraph in enumerate(shown)
        if is_label(paragraph) and number + 1 < len(shown) and not is_label(shown[number + 1])
    ]
    if len(labels) < MIN_ROWS:
        return None
    cells = [paragraph for paragraph in shown[labels[0] :] if not is_label(paragraph)]
    if sum(not _is_sentence(cell) for cell in cells) < MIN_CELL_SHARE * len(cells):
        return None  # prose under headings: its paragraphs end as sentences do
    if len(labels) > MIN_ROWS and all(_is_column_header(cell) for cell in shown[labels[0] : labels[1]]):
        labels = labels[1:]  # the first "row" holds the column headers: part of the header
    before = range(labels[0])
    header_starts = next((n + 1 for n in reversed(before) if _is_sentence(shown[n])), 0)
    header = HEADER_JOINER.join(shown[header_starts : labels[0]])
    rows: list[tuple[str, list[Sentence]]] = []
    if header_starts:
        rows.append(("", [u for group in paragraphs[:header_starts] for u in group]))
    for number, (first, last) in enumerate(zip(labels, [*labels[1:], len(paragraphs)])):
        start = header_starts if number == 0 else first  # the header is read with the first row
        row = [unit for group in paragraphs[start:last] for unit in group]
        rows.append((SEPARATOR.join(part for part in (header, shown[first]) if part), row))
    return rows


def row_label(lead: str) -> str:
    """The label a row's context ends with: "Strategic PSP Name / Objectives/Outcomes › Low Moss" -> "Low Moss"."""
    return lead.rsplit(SEPARATOR, 1)[-1]


def row_header(lead: str) -> list[str]:
    """The header paragraphs a row's context starts with: "Table 5 – ... / Name / Total › Robertson Trust" -> ["Table 5 – ...", "Name", "Total"]."""
    return lead.rsplit(SEPARATOR, 1)[0].split(HEADER_JOINER) if SEPARATOR in lead else []


def _is_column_header(paragraph: str) -> bool:
    """A column header's shape: a few words, no figure, no sentence end."""
    words = paragraph.split()
    return (
        len(words) <= MAX_COLUMN_HEADER_WORDS
        and not any(ch.isdigit() for ch in paragraph)
        and not _is_sentence(paragraph)
    )


def _is_sentence(paragraph: str) -> bool:
    return paragraph.rstrip().endswith((".", "!", "?"))
