"""The bundled report's flattened tables, chunked one passage per row, drawn from what each row's lead carries."""

from __future__ import annotations

import pytest
from test_web_tables import cells_of

from psp_qa.config import Settings
from psp_qa.reading.chunking import ChunkLimits, chunk_document
from psp_qa.reading.ingest import parse_document
from psp_qa.types import Passage
from psp_qa.web.markup import render_section, render_source, render_turn
from psp_qa.web.outline import Outline

REPORT = "strategic-psp-model-report.txt"
PRIMARY_DATA = ("Appendix 1 - Methodology", "Primary data")  # Tables 4 and 5
APPENDIX_3 = ("Appendix 3 - Expected Outcomes and Objectives Achieved",)
TABLE_5 = "Table 5 – Stakeholders interviews"
TABLE_5_NAMES = ["Name of stakeholders", "Total Number of Interviews", "Who has been interviewed"]


@pytest.fixture(scope="module")
def passages(report_text: str, encoder) -> list[Passage]:
    """The report's passages exactly as the index keeps them: the real chunker, limits and token counts."""
    chunking = Settings().chunking
    document = parse_document(REPORT, report_text.encode("utf-8"))
    return chunk_document(document, ChunkLimits(chunking.max_chars, encoder.max_seq_length), encoder.count_tokens)


@pytest.fixture(scope="module")
def outline(passages: list[Passage]) -> Outline:
    return Outline.of(passages)


def row(passages: list[Passage], label: str, table: str = "") -> Passage:
    return next(p for p in passages if p.lead.startswith(table) and p.lead.endswith(f"› {label}"))


def cited(passage: Passage, with_lead: bool = False) -> tuple[dict, dict]:
    """A passage as an answer cites it; with its lead, as a transcript keeps it (no index at hand)."""
    source = {"rank": 1, "id": passage.id, "text": passage.text, "source": passage.source,
              "section": list(passage.section), **({"lead": passage.lead} if with_lead else {})}  # fmt: skip
    return source, {"quotes": [], "passages": [source]}


def table_of(html: str, caption: str) -> str:
    """The part of a section's HTML from a caption to the next caption (or the end)."""
    start = html.index(caption)
    end = html.find("Table ", start + len(caption))
    return html[start : end if end > 0 else len(html)]


def test_the_header_is_in_every_rows_lead_and_in_the_first_rows_text(passages):
    """What the page relies on: the chunker folds the caption and column names into each row's lead."""
    rows = [p for p in passages if p.lead.startswith(TABLE_5)]
    assert [p.lead.rsplit(" › ", 1)[-1] for p in rows][:2] == ["Ready for Business", "Big Lottery Fund"]
    assert all(p.lead.startswith(" / ".join([TABLE_5, *TABLE_5_NAMES]) + " › ") for p in rows)
    assert rows[0].text.startswith(TABLE_5) and not rows[1].text.startswith(TABLE_5)


def test_table_5_in_the_reader_is_one_table_under_its_column_names(outline):
    html = table_of(render_section(outline, REPORT, PRIMARY_DATA, ["Director"]), TABLE_5)
    rows = cells_of(html)
    assert rows[0] == TABLE_5_NAMES  # the names once, from the first row's own text: not muted
    assert '<th scope="col" class="lead">' not in html
    assert rows[1] == ["Ready for Business", "5 interviews", rows[1][2]] and rows[1][2].startswith("1 Representative")
    assert rows[3] == ["Robertson Trust", "1 interview", "Director"]
    assert len(rows) == 7 and all(len(r) == 3 for r in rows)  # six rows, each one line, none read as names
    assert "<td><mark>Director</mark></td>" in html
    assert html.count(TABLE_5) == 1


def test_a_cited_table_5_row_names_each_cell_by_its_column(passages, outline):
    source, turn = cited(row(passages, "Robertson Trust"))
    html = render_source(1, source, turn, outline).split("<details")[0]
    assert cells_of(html) == [
        [name, cell] for name, cell in zip(TABLE_5_NAMES, ["Robertson Trust", "1 interview", "Director"])
    ]
    assert f'<p class="table-note lead">{TABLE_5}</p>' in html  # the caption, repeated from the lead, muted
    assert html.count('<th scope="row" class="lead">') == 3  # so are the names


def test_a_row_in_a_transcript_takes_its_column_names_from_its_lead(passages):
    """No index at hand: the names come from the lead, over the cells in order (the table's shape is unknown)."""
    source, turn = cited(row(passages, "Robertson Trust"), with_lead=True)
    html = render_source(1, source, turn, None, interactive=False)
    assert cells_of(html) == [
        ["Name of stakeholders", "Total Number of Interviews / Who has been interviewed"],
        ["Robertson Trust", "1 interview"], ["Director"],
    ]  # fmt: skip
    assert f'<p class="table-note lead">{TABLE_5}</p>' in html and " / Name of stakeholders" not in html


def test_table_4_is_ragged_and_joins_its_wrapped_column_name(outline):
    """Rows of two or three cells under three names: cells stay in order beside the label; a name cut at "and" is one."""
    html = table_of(render_section(outline, REPORT, PRIMARY_DATA), "Table 4 – Voices involved")
    rows = cells_of(html)
    wrapped = "Voices Involved from the Public Sector, Third Sector and Service Users"
    assert rows[0] == ["PSP", f"{wrapped} / Other Data Collected"]
    assert rows[1][0] == "Low Moss" and rows[4][0] == "NHS Lothian"
    assert (
        '<th scope="row" rowspan="3">Low Moss</th>' in html and '<th scope="row" rowspan="2">NHS Lothian</th>' in html
    )


def test_appendix_3_reads_as_one_table_without_its_reprinted_header(outline, passages):
    """A row split over several passages keeps its label on each; the header the table reprinted at a page break
    inside a row is not taken for two of that row's cells."""
    html = render_section(outline, REPORT, APPENDIX_3)
    rows = cells_of(html)
    assert rows[0] == ["Strategic PSP Name", "Objectives/Outcomes"]
    assert html.count("<thead>") == 1  # every row reads on under the one header
    assert ["Strategic PSP Name"] not in rows and ["Objectives/Outcomes"] not in rows
    labels = [r[0] for r in rows[1:] if len(r) == 2]
    assert labels[0] == "SPT" and {"East Renfrewshire", "NHS Lothian", "Low Moss", "Elevate"} <= set(labels)
    lothian = row(passages, "NHS Lothian", "Strategic PSP Name")
    assert lothian.text.count("Objectives/Outcomes") == 1 and not lothian.text.startswith("Strategic")  # reprinted


def test_a_quoted_row_keeps_its_cells_apart_in_the_answer(passages, outline):
    """A list answer quotes a row as the report prints it, label first: its cells are not run into one sentence."""
    source, turn = cited(row(passages, "Robertson Trust"))
    quote = {"text": "Robertson Trust 1 interview Director", "passage": 1}
    turn = {**turn, "kind": "list", "in_scope": True, "question": "Who was interviewed?",
            "points": [{"heading": "Robertson Trust", "section": list(PRIMARY_DATA), "quotes": [quote]}]}  # fmt: skip
    answer = render_turn(1, turn, outline).split('<div class="answer">')[1].split("</ul>")[0]
    gap = '<span class="cell-gap" title="next cell of the table"> · </span>'
    assert f"“Robertson Trust{gap}1 interview{gap}Director”" in answer
    prose = {
        **turn,
        "points": [{**turn["points"][0], "quotes": [{"text": "Robertson Trust 1 interview", "passage": 1}]}],
    }
    assert gap in render_turn(1, prose, outline)  # a run of the row's cells, not all of them
    assert gap not in render_turn(1, turn, None)  # a transcript without the index: the quote as it is


def test_a_list_of_a_tables_rows_puts_the_row_the_question_names_first(engine):
    # "Who was interviewed from X?" lists the interviews' table: X's row leads, then the others in the table's order.
    from psp_qa.answering.tables import named_first, tables_of
    from psp_qa.indexing.keywords import keyword_tokens

    for table in tables_of(engine.composer.rows):
        for row in table:
            question = f"Who was interviewed from {row.label.text}?"
            ordered = named_first(table, question)
            assert sorted(map(id, ordered)) == sorted(map(id, table))  # the same rows, reordered
            named = [r for r in table if set(keyword_tokens(r.label.text)) <= set(keyword_tokens(question))]
            assert row in named and ordered[: len(named)] == named
            rest = [r for r in table if r not in named]
            assert ordered[len(named) :] == rest  # the others keep the table's order
    for label in ["Robertson Trust", "Improvement Service"]:
        answer = engine.ask(f"Who was interviewed from the {label}?")
        assert answer.hits[0].passage.text.startswith(label), label
