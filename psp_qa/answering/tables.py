"""The rows of a flattened table, read back from its cells.

A table extracted from a PDF or a Word file reaches us as one short line per
cell ("Low Moss", "2 representatives of Scottish Prison Service, ..."), which
the sentence splitter keeps apart. Its rows are what a list question asks for
("Who was interviewed?" is Table 5's first column), and a row is what a
question about one of them ("What is the NHS Lothian PSP?") wants.

A cell labels a row when it reads like a name (a few words, no digits, no
closing punctuation) and the cell after it is a value: it starts with a number
or says clearly more. The cells before a table's first label are its header;
a caption ("Table 5 – ...") never labels a row. This is the layout of tables
in general, not of one report's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from psp_qa.answering.drafts import Candidate, Draft
from psp_qa.answering.item_groups import set_aside_phrases, without_set_aside
from psp_qa.indexing.keywords import keyword_tokens
from psp_qa.reading.captions import is_caption
from psp_qa.reading.table_rows import SEPARATOR, row_header, row_label
from psp_qa.types import Passage, SectionPath

LABEL_WORDS = 6  # a row label is a name: at most this many words
VALUE_MORE_WORDS = 3  # a value cell that does not start with a number has at least this many more words
MIN_VALUE_WORDS = 7  # and at least this many
CELL_WORDS = 10  # a cell quoted on its own (in a theme) has at least this many words
CELL_SHARE = 0.5  # a passage is (part of) a table when this share of its sentences are cells
_CLOSED = re.compile(r"[.:;,]\s*$")


@dataclass(frozen=True)
class Row:
    section: SectionPath
    label: Candidate
    cells: tuple[Candidate, ...]
    caption: str  # the table's caption and header cells, which say what its rows are


def is_cell(text: str) -> bool:
    """A table's cell, not a sentence: it ends open, or is too short to be one."""
    return not _CLOSED.search(text) or len(text.split()) < 4


def is_table(passage: Passage) -> bool:
    texts = passage.sentence_texts()
    return len(texts) >= 3 and sum(is_cell(" ".join(t.split())) for t in texts) >= CELL_SHARE * len(texts)


def _looks_like_label(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= LABEL_WORDS
        and text[:1].isupper()
        and not any(ch.isdigit() for ch in text)
        and not _CLOSED.search(text)
        and not is_caption(text)
    )


def _is_value(label: str, value: str) -> bool:
    words = len(value.split())
    return value[:1].isdigit() or (words >= MIN_VALUE_WORDS and words >= len(label.split()) + VALUE_MORE_WORDS)


def _cells(passage: Passage) -> list[Candidate]:
    return [Candidate(0.0, passage, i, " ".join(text.split())) for i, text in enumerate(passage.sentence_texts())]


def table_rows(passages: list[Passage]) -> list[Row]:
    """The rows of the tables among these passages (given in the report's order), in order.

    A passage that is one row of a flattened table says so in its lead (its
    table's header and its label, see reading/table_rows.py): its row is read
    from there. The rows of other tables are told by their cells' shape, and
    consecutive table passages of one section are one table, its rows running on across them.
    """
    rows: list[Row] = []
    run: list[Candidate] = []
    for passage in passages:
        if run and (passage.lead or not is_table(passage) or passage.section != run[0].passage.section):
            rows.extend(row for table in _tables(run) for row in _rows_of(table))
            run = []
        if passage.lead:
            rows.extend(_lead_row(passage))
        elif is_table(passage):
            run.extend(_cells(passage))
    return rows + [row for table in _tables(run) for row in _rows_of(table)]


def _lead_row(passage: Passage) -> list[Row]:
    """The row a row passage holds: its label's cell and the cells after it, under its table's header.

    The header's own row (a label straight after the caption, "PSP") and a label no value follows are none.
    """
    cells = _cells(passage)
    label = row_label(passage.lead)
    at = next((i for i, cell in enumerate(cells) if cell.text == label), None)
    if at is None or at + 1 == len(cells) or not _is_value(label, cells[at + 1].text):
        return []
    if at and is_caption(cells[at - 1].text):
        return []
    header = passage.lead.rsplit(SEPARATOR, 1)[0] if SEPARATOR in passage.lead else ""
    return [Row(passage.section, cells[at], tuple(cells[at + 1 :]), header)]


def _tables(cells: list[Candidate]) -> list[list[Candidate]]:
    """A run of cells split where a caption starts the next table."""
    starts = [0, *(i for i, cell in enumerate(cells) if i and is_caption(cell.text))]
    return [cells[a:b] for a, b in zip(starts, [*starts[1:], len(cells)])]


def _rows_of(cells: list[Candidate]) -> list[Row]:
    if not cells:
        return []
    labels = [
        i
        for i in range(len(cells) - 1)
        if _looks_like_label(cells[i].text)
        and _is_value(cells[i].text, cells[i + 1].text)
        and not (i and is_caption(cells[i - 1].text))
    ]
    if not labels:
        return []
    caption = " ".join(c.text for c in cells[: labels[0]])
    ends = [*labels[1:], len(cells)]
    section = cells[0].passage.section
    return [Row(section, cells[i], tuple(cells[i + 1 : end]), caption) for i, end in zip(labels, ends)]


def says_little_in_a_table(text: str) -> bool:
    """A caption, a header or a count: a cell worth quoting on its own says something in words."""
    return is_caption(text) or len(text.split()) < CELL_WORDS


def _describes(row: Row) -> bool:
    """A row that says what its label is (a cell in words), not only figures ("Co-production 70 31")."""
    return any(sum(w.isalpha() for w in cell.text.split()) >= 3 for cell in row.cells)


def _named(row: Row, asked: set[str]) -> bool:
    """Whether the row's label is among the words asked ("the NHS Lothian PSP" names "NHS Lothian")."""
    label = set(keyword_tokens(row.label.text))
    return bool(label) and label <= asked


def rows_named(rows: list[Row], name: str) -> list[Row]:
    """The rows, in words, whose label is named by `name` ("the NHS Lothian PSP" names "NHS Lothian")."""
    asked = set(keyword_tokens(name))
    return [row for row in rows if _named(row, asked) and _describes(row)]


def named_first(rows: list[Row], question: str) -> list[Row]:
    """The rows with those the question names first ("who was interviewed from the Big Lottery Fund?" lists
    that fund's row ahead of the others), each group in the table's order."""
    asked = set(keyword_tokens(question))
    named = [row for row in rows if _named(row, asked)]  # in figures or in words: its label says which
    return [*named, *(row for row in rows if row not in named)]


_NUMBER_WORDS = {w: n for n, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), 2)}
CELLS_PER_ROW = 4  # a list shows this many of a row's cells after its label
NAMED_TABLE = 2.0  # the rarity (summed log inverse document frequency) of the words a question shares with a table
COUNT_MATCH = 1.5  # counted as shared rarity when the table has as many rows as the question expects


def asked_count(question: str) -> int | None:
    """ "Which six Strategic PSPs..." -> 6: a list question that says how many items it expects."""
    match = re.search(r"\b(?:which|what|the|list|name)\s+(\d+|[a-z]+)\b", question, re.I)
    if not match:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def tables_of(rows: list[Row]) -> list[list[Row]]:
    """Rows grouped by their table (its section and caption), in the report's order."""
    grouped: dict[tuple[SectionPath, str], list[Row]] = {}
    for row in rows:
        grouped.setdefault((row.section, row.caption), []).append(row)
    return list(grouped.values())


def word_weights(passages: list[Passage]) -> dict[str, float]:
    """How rare each word is among the passages (log inverse document frequency): a word shared with a
    table's caption names the table only when it is not everywhere ("involved")."""
    frequency: dict[str, int] = {}
    for passage in passages:
        for token in set(keyword_tokens(f"{passage.text} {' '.join(passage.section)}")):
            frequency[token] = frequency.get(token, 0) + 1
    return {token: math.log(len(passages) / count) for token, count in frequency.items()}


# The document itself, as a question refers to it ("which examples are there in the report?").
_DOCUMENT = re.compile(r"\b(?:the|this|its|their)\s+(?:whole\s+)?(?:report|document|paper|study|research)\b", re.I)


def without_document(question: str) -> str:
    """The question without its references to the document itself: "in the report" names no table's
    "Reports/Papers", "for the study" no "Case studies"."""
    return _DOCUMENT.sub(" ", question)


def list_table(rows: list[Row], question: str, weights: dict[str, float]) -> list[Row]:
    """The table whose rows a list question asks for, or [] when none is named.

    Its caption, header or section heading shares rare enough words with the
    question ("interviewed" and "Who has been interviewed"), counted more when
    it has as many rows as the question expects ("which six...").
    """
    asked = set(keyword_tokens(without_document(question)))
    count = asked_count(question)
    best, best_score = [], NAMED_TABLE
    for table in tables_of(rows):
        head = set(keyword_tokens(f"{table[0].caption} {table[0].section[-1] if table[0].section else ''}"))
        score = sum(weights.get(token, 0.0) for token in asked & head) + (COUNT_MATCH if count == len(table) else 0.0)
        if score >= best_score:
            best, best_score = table, score
    return best


def _row_quotes(row: Row, most: int) -> list[Candidate]:
    """A row quoted as the report prints it, its label and cells in one span per passage
    ("Low Moss 2 representatives of Scottish Prison Service, ..."), so it reads as one line of the table."""
    spans: list[Candidate] = []
    for cell in (row.label, *row.cells[:most]):
        last = spans[-1] if spans else None
        joined = f"{last.text} {cell.text}" if last else ""
        if last and last.passage is cell.passage and joined in " ".join(cell.passage.text.split()):
            spans[-1] = Candidate(0.0, last.passage, last.position, joined)
        else:
            spans.append(cell)
    return spans


def row_points(rows: list[Row], per_row: int = CELLS_PER_ROW) -> list[Draft]:
    """One point per row: its label as the heading, the row itself as the quotes."""
    return [
        Draft(
            row.label.text,
            row.section,
            tuple(_row_quotes(row, per_row)),
        )
        for row in rows
    ]


def side_point(rows: list[Row], most: int) -> Draft:
    """One comparison side told by its table rows (the same PSP in two tables), each row quoted whole."""
    cells = [c for row in rows for c in _row_quotes(row, most)]
    return Draft(rows[0].label.text, rows[0].section, tuple(cells))


# Header words that say how a column is given, not what its rows are ("Name of stakeholders", "Strategic PSP Name").
_COLUMN_WORDS = frozenset(keyword_tokens("name names number total no title list"))
_PLURAL = re.compile(r"\b([A-Za-z][A-Za-z-]*[^sS\W])(e?s)\b|\b(?:each|every)\s+(?:of\s+the\s+)?(\w+)", re.I)


def sets_aside(question: str) -> bool:
    """The question sets something aside ("besides the PSPs"): it asks only for the rest."""
    return bool(set_aside_phrases(question))


def row_kind(row: Row, long_forms: dict[str, str]) -> set[str]:
    """What a table's rows are, from the header of its label column ("Strategic PSP Name": a Strategic PSP,
    a Strategic Public Social Partnership): its words, with the long form of each short form among them."""
    header = [cell for cell in row_header(row.label.passage.lead or "") if not is_caption(cell)]
    if not header:
        return set()
    words = header[0].replace("/", " ").split()
    longer = [long_forms[w] for w in words if w in long_forms]
    return set(keyword_tokens(" ".join([*words, *longer]))) - _COLUMN_WORDS


def tables_of_kind(rows: list[Row], question: str, long_forms: dict[str, str]) -> list[list[Row]]:
    """The tables whose rows are what a plural noun of the question names ("which PSPs", "the Scottish
    partnerships", "each PSP"): its label column's header says what each row is."""
    plurals = plural_nouns(question)
    return [table for table in tables_of(rows) if len(table) >= 2 and row_kind(table[0], long_forms) & plurals]


def plural_nouns(question: str) -> set[str]:
    """The tokens of the question's plural nouns and of what it asks of each ("each PSP"), beyond what it sets
    aside: "which organisations besides the PSPs" names no PSPs' table."""
    question = without_set_aside(question)
    return {
        token
        for match in _PLURAL.finditer(question)
        for token in keyword_tokens(match.group(3) or f"{match.group(0)} {match.group(1)}")
    }
