"""Markdown and plain text as people write them (issue 12): setext headings, front matter, numbered
headings with a full stop, and split tables and code blocks that repeat their header."""

from __future__ import annotations

from pathlib import Path

import pytest

from psp_qa.reading.chunking import ChunkLimits, chunk_document, embedding_text
from psp_qa.reading.ingest import parse_document

GPL = Path("/usr/share/common-licenses/GPL-3")  # Debian's copy of the GPL, a real plain-text licence


def _sections(doc) -> list[tuple[str, ...]]:
    return [block.section for block in doc.blocks]


def test_setext_headings_are_headings() -> None:
    text = (
        "Harbour Report\n==============\n\nThe harbour board met on Tuesday.\n\n"
        "Mooring fees\n------------\n\nFees rise by a tenth next season.\n\n"
        "- a list item\n\n---\n\nA paragraph after a rule.\n"
    )
    doc = parse_document("notes.md", text.encode())
    by_text = {doc.text[b.start : b.end]: b.section for b in doc.blocks}
    assert by_text["The harbour board met on Tuesday."] == ("Harbour Report",)
    assert by_text["Fees rise by a tenth next season."] == ("Harbour Report", "Mooring fees")
    assert by_text["A paragraph after a rule."] == ("Harbour Report", "Mooring fees")  # a rule is no heading
    assert not any("====" in doc.text[b.start : b.end] for b in doc.blocks)


def test_front_matter_is_not_body_text_and_gives_the_title() -> None:
    text = (
        '---\ntitle: "Harbour notes, day one"\n# a YAML comment, not a heading\ntags: [harbour]\n---\n\n'
        "The board met on Tuesday.\n\n# Fees\n\nFees rise next season.\n"
    )
    doc = parse_document("notes.md", text.encode())
    assert doc.title == "Harbour notes, day one"
    indexed = " ".join(doc.text[b.start : b.end] for b in doc.blocks)
    assert "tags" not in indexed and "YAML comment" not in indexed
    assert ("a YAML comment, not a heading",) not in _sections(doc)
    assert _sections(doc) == [("Harbour notes, day one",), ("Fees",)]


def test_a_setext_heading_right_after_front_matter_is_a_heading() -> None:
    """Front matter, one blank line, then an underlined heading: the heading is not left in the text."""
    text = (
        '---\ntitle: "Harbour notes"\n---\n\nIntroduction\n============\n\nThe board met on Tuesday.\n\n'
        "Funding\n-------\n\nThe council pays for the hall.\n"
    )
    doc = parse_document("notes.md", text.encode())
    assert _sections(doc) == [("Introduction",), ("Introduction", "Funding")]
    assert not any("===" in doc.text[b.start : b.end] for b in doc.blocks)


def test_a_line_underlined_inside_a_paragraph_is_no_setext_heading() -> None:
    doc = parse_document("notes.md", b"# Notes\n\nThe board met.\nIt agreed the fees\n---\n\nMore text here.\n")
    assert {b.section for b in doc.blocks} == {("Notes",)}


@pytest.mark.skipif(not GPL.is_file(), reason="no GPL-3 text on this machine")
def test_numbered_headings_ending_in_a_full_stop_count(encoder) -> None:
    doc = parse_document("GPL-3.txt", GPL.read_bytes())
    passages = chunk_document(doc, ChunkLimits(1200, encoder.max_seq_length), encoder.count_tokens)
    sections = {p.section[0] for p in passages if p.section}
    assert {
        "15. Disclaimer of Warranty",
        "0. Definitions",
        "13. Use with the GNU Affero General Public License",
    } <= sections
    preamble = [p for p in passages if p.section and p.section[0] == "Preamble"]
    assert len(preamble) <= 5  # 36 of 41 passages were cited as "Preamble"


def test_a_numbered_sentence_is_not_a_heading() -> None:
    doc = parse_document(
        "steps.txt", b"Steps\n\n2. Send the form to the office by May.\n\nThe office replies within a week.\n"
    )
    assert all("Send the form" not in "".join(s) for s in _sections(doc))


@pytest.mark.parametrize("kind", ["table", "code"])
def test_a_split_table_or_code_block_repeats_its_header_in_each_piece(encoder, kind: str) -> None:
    if kind == "table":
        header = "| Harbour | Berths | Fee |\n|---|---|---|"
        rows = [f"| Harbour number {n} on the north coast | {n * 3} | {n * 11} pounds |" for n in range(80)]
        text = "# Fees\n\n" + header + "\n" + "\n".join(rows) + "\n"
    else:
        header = "```python"
        rows = [f"berths_{n} = compute_berths(harbour_{n}, season='summer', fee={n * 11})" for n in range(80)]
        text = "# Code\n\n" + header + "\n" + "\n".join(rows) + "\n```\n"
    doc = parse_document("fees.md", text.encode())
    limits = ChunkLimits(1200, encoder.max_seq_length)
    passages = chunk_document(doc, limits, encoder.count_tokens)
    assert len(passages) > 2
    assert passages[0].text.startswith(header) and passages[0].lead == ""
    for passage in passages[1:]:
        assert passage.lead == header and doc.text[passage.start : passage.end] == passage.text
        embedded = embedding_text(passage.section, passage.text, passage.lead)
        assert header.split("\n")[0] in embedded
        assert encoder.count_tokens([embedded])[0] <= limits.max_tokens - 2
