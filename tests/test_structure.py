"""Section paths and table blocks recovered from the report's plain text, and from Markdown."""

from __future__ import annotations

import re

import pytest

from psp_qa.reading.chunking import ChunkLimits, chunk_document
from psp_qa.reading.ingest import parse_document
from psp_qa.reading.structure import clean_heading, structure_markdown, structure_plain_text
from psp_qa.types import Block, Document

APPENDIX_2 = "Appendix 2 - Alternative models of Public Social Partnership available internationally and in the UK"
CONCLUSIONS = "4. Conclusions: lessons learned and considerations for future developments"
ITALIAN = (APPENDIX_2, "Italian Case studies")
UK = (APPENDIX_2, "Case studies from elsewhere in the UK")


@pytest.fixture(scope="module")
def report_doc(report_text: str) -> Document:
    return parse_document("strategic-psp-model-report.txt", report_text.encode("utf-8"))


def block_at(doc: Document, phrase: str) -> Block:
    offset = doc.text.index(phrase)
    return next(b for b in doc.blocks if b.start <= offset < b.end)


@pytest.mark.parametrize(
    ("phrase", "section"),
    [
        ("A number of lessons can be drawn", (CONCLUSIONS, "4.1 Lessons learned")),
        ("The evidence suggests that the Strategic PSP model has served",
         (CONCLUSIONS, "4.1 Lessons learned", "Government support for the model")),
        ("We conducted 28 in-depth face-to-face interviews", ("Appendix 1 - Methodology", "Primary data")),
        ("Although, the project only started in 2016", (*ITALIAN, "Brescia Cittá del Noi", "Outcomes")),
        ("In 2000, Bollate, a new Italian detention centre", (*ITALIAN, "Bollate Prison")),
        ("The success of Bollate was facilitated", (*ITALIAN, "Bollate Prison", "Outcomes")),
        ("Despite positive outcomes, the example of Bollate", (*ITALIAN, "Bollate Prison", "Challenges")),
        ("In its first year of operations, 90 social",
         (APPENDIX_2, "Netherland case studies", "Social Impact Factory", "Outcomes")),
        ("Evidence suggested that participants in the Village",
         (APPENDIX_2, "Finnish, Swedish and Danish case studies", "Finland", "Village Sports", "Outcomes")),
        ("Results for Cohort 1 were published in August 2014",
         (*UK, "HMP Peterborough Social Impact Bond", "Outcomes")),
    ],
)  # fmt: skip
def test_report_section_paths(report_doc: Document, phrase: str, section: tuple[str, ...]) -> None:
    """Numbered headings, appendices, case-study groups and case studies nest as the report reads."""
    assert block_at(report_doc, phrase).section == section


def test_generic_headings_nest_under_the_case_study_before_them(report_doc: Document) -> None:
    generic = [b.section for b in report_doc.blocks if b.section and b.section[-1] in ("Outcomes", "Challenges")]
    assert len({s[:-1] for s in generic}) >= 10  # one per case study, not one shared "Outcomes"
    for section in generic:
        assert section[0] == APPENDIX_2
        assert len(section) >= 4
        assert section[-2] not in ("Outcomes", "Challenges", "Italian Case studies", "Netherland case studies")


def test_footnote_markers_stay_out_of_headings(report_doc: Document, report_text: str) -> None:
    assert "Bollate Prison [18]" in report_text  # the marker is there to be removed
    parts = {part for block in report_doc.blocks for part in block.section}
    assert not [p for p in parts if re.search(r"\[\d+\]", p)]
    assert {"Bollate Prison", "Brescia Cittá del Noi", "Social Impact Factory"} <= parts


def test_headings_are_not_inside_any_block(report_doc: Document) -> None:
    """A heading is the path, not text: "Bollate Prison [18]" is in no passage body."""
    heading = report_doc.text.index("Bollate Prison [18]")
    assert not any(b.start <= heading < b.end for b in report_doc.blocks)


@pytest.mark.parametrize(
    ("caption", "first_row", "last_row"),
    [
        ("Table 4 – Voices involved", "Low Moss", "Third Sector organisations and public sector"),
        (
            "Table 5 – Stakeholders interviews",
            "Ready for Business",
            "Change Fund, Health and Social Care, Procurement Unit",
        ),
        ("Table 6 – Reports and Papers", "Co-production", "European social partnership\n\n4\n\n1"),
    ],
)
def test_tables_are_whole_blocks(report_doc: Document, caption: str, first_row: str, last_row: str) -> None:
    block = block_at(report_doc, caption)
    text = report_doc.text[block.start : block.end]
    assert block.kind == "table"
    assert block.section[0] == "Appendix 1 - Methodology"
    assert text.startswith(caption)
    assert first_row in text
    assert text.endswith(last_row)  # the last row, and nothing after it


@pytest.mark.parametrize("max_chars", [1200, 1500])
def test_tables_are_one_passage_or_rows_that_carry_their_header(report_doc: Document, encoder, max_chars: int) -> None:
    """A table never shares a passage with prose. One that reached the text flattened (a cell a paragraph,
    row labels in the first column) is split by row, each row read with the table's caption and its label
    (`lead`); any other table is one passage where it fits."""
    passages = chunk_document(report_doc, ChunkLimits(max_chars, encoder.max_seq_length), encoder.count_tokens)
    tables = [b for b in report_doc.blocks if b.kind == "table" and report_doc.text[b.start :].startswith("Table")]
    assert len(tables) == 3
    by_rows = 0
    for block in tables:
        text = report_doc.text[block.start : block.end].strip()
        caption = text.split("\n", 1)[0]
        holding = [p for p in passages if p.start < block.end and p.end > block.start]
        assert all(block.start <= p.start and p.end <= block.end for p in holding)
        if all(p.lead.startswith(caption) for p in holding):
            by_rows += 1
            assert len(holding) > 2
            assert all(p.lead.rsplit(" › ", 1)[-1] in p.text for p in holding)  # its label is in the row
        elif len(text) <= max_chars:
            assert [p.text for p in holding] == [text]
        else:
            assert len(holding) > 1
    assert by_rows == 2  # Tables 4 and 5; Table 6 (keywords and counts) has no label column to split by


def test_markdown_headings_become_the_path() -> None:
    text = (
        "Preamble before any heading.\n\n"
        "# Report title\n\nIntro text.\n\n"
        "## Findings [3]\n\nWhat was found.\n\n"
        "### Detail ###\n\nThe detail.\n\n"
        "## Figures\n\n| name | count |\n|---|---|\n| a | 1 |\n| b | 2 |\n\n"
        "#not-a-heading stays text.\n"
    )
    blocks = structure_markdown(text)
    found = [(b.section, b.kind, text[b.start : b.end]) for b in blocks]
    assert found == [
        ((), "prose", "Preamble before any heading."),
        (("Report title",), "prose", "Intro text."),
        (("Report title", "Findings"), "prose", "What was found."),
        (("Report title", "Findings", "Detail"), "prose", "The detail."),
        (("Report title", "Figures"), "table", "| name | count |\n|---|---|\n| a | 1 |\n| b | 2 |"),
        (("Report title", "Figures"), "prose", "#not-a-heading stays text."),
    ]


def test_markdown_levels_may_be_skipped() -> None:
    """A file that starts at "##" has sibling sections, not each one nested in the last."""
    text = "## A\n\na.\n\n## B\n\nb.\n\n#### C\n\nc.\n\n### D\n\nd.\n\n# E\n\ne.\n"
    assert [b.section for b in structure_markdown(text)] == [("A",), ("B",), ("B", "C"), ("B", "D"), ("E",)]


def test_markdown_code_fences_hold_no_headings() -> None:
    """A shell comment in a fenced code block is code, not a heading."""
    text = "# Setup\n\nRun this:\n\n```sh\n# install the tools\nmake run\n```\n\nThen ask.\n"
    blocks = structure_markdown(text)
    assert {b.section for b in blocks} == {("Setup",)}
    assert "# install the tools" in "".join(text[b.start : b.end] for b in blocks)


PLAIN = """\
Annual review

1. Introduction

This review describes what the partnership did during the year and what it learned from the work.

1.1 Background [4]

The partnership was set up in 2015 by the council and three local charities working together.

Case studies

Riverside Project [5]

The Riverside Project supported families in temporary housing across the whole of the city area.

Outcomes

Families reported better access to services, and the council saw fewer repeat housing applications.

Challenges

Funding was agreed one year at a time, which made it hard to keep experienced staff in the project.

Hillside Project

The Hillside Project offered free transport to medical appointments for older people living alone.

Outcomes

Missed appointments fell by a third in the first year, according to the evaluation of the service.

Challenges

Drivers were volunteers, so the service depended on a small number of people being available.

Table 1 – Services by area

Area

Services

North

4

South

7

2. Conclusions

Both projects show that shared goals and steady funding matter more than the structure chosen.
"""


@pytest.mark.parametrize(
    ("phrase", "section", "kind"),
    [
        ("This review describes", ("1. Introduction",), "prose"),
        ("The partnership was set up", ("1. Introduction", "1.1 Background"), "prose"),
        ("The Riverside Project supported", ("1. Introduction", "1.1 Background", "Case studies", "Riverside Project"), "prose"),
        ("Families reported", ("1. Introduction", "1.1 Background", "Case studies", "Riverside Project", "Outcomes"), "prose"),
        ("Funding was agreed", ("1. Introduction", "1.1 Background", "Case studies", "Riverside Project", "Challenges"), "prose"),
        ("Missed appointments", ("1. Introduction", "1.1 Background", "Case studies", "Hillside Project", "Outcomes"), "prose"),
        ("Drivers were", ("1. Introduction", "1.1 Background", "Case studies", "Hillside Project", "Challenges"), "prose"),
        ("Table 1 – Services", ("1. Introduction", "1.1 Background", "Case studies", "Hillside Project", "Challenges"), "table"),
        ("Both projects show", ("2. Conclusions",), "prose"),
    ],
)  # fmt: skip
def test_plain_text_structure(phrase: str, section: tuple[str, ...], kind: str) -> None:
    blocks = structure_plain_text(PLAIN)
    offset = PLAIN.index(phrase)
    block = next(b for b in blocks if b.start <= offset < b.end)
    assert (block.section, block.kind) == (section, kind)


def test_plain_text_table_keeps_its_rows_together() -> None:
    blocks = structure_plain_text(PLAIN)
    table = next(b for b in blocks if b.kind == "table")
    assert (
        PLAIN[table.start : table.end] == "Table 1 – Services by area\n\nArea\n\nServices\n\nNorth\n\n4\n\nSouth\n\n7"
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("Bollate Prison [18]", "Bollate Prison"), ("  Two\n  lines [3] [4]", "Two lines"), ("Aims:", "Aims"),
     ("4.1 Lessons learned", "4.1 Lessons learned")],
)  # fmt: skip
def test_clean_heading(raw: str, clean: str) -> None:
    assert clean_heading(raw) == clean
