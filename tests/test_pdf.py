"""A PDF of the report, printed at test time, read back through pypdf: sections, pages, clean text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdfs import RUNNING_HEADER, PrintedPdf, printable, report_pdf, text_pdf

from psp_qa.reading.chunking import ChunkLimits, chunk_document
from psp_qa.reading.ingest import load_document, parse_document
from psp_qa.types import Document

APPENDIX_2 = "Appendix 2 - Alternative models of Public Social Partnership available internationally and in the UK"
BOLLATE = (APPENDIX_2, "Italian Case studies", "Bollate Prison")
SUCCESS = "The success of Bollate was facilitated"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def text_doc(report_text: str) -> Document:
    return parse_document("report.txt", printable(report_text).encode("utf-8"))


@pytest.fixture(scope="module")
def printed(text_doc: Document) -> PrintedPdf:
    return report_pdf(text_doc)


@pytest.fixture(scope="module")
def pdf_doc(printed: PrintedPdf, tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "strategic-psp-model-report.pdf"
    path.write_bytes(printed.data)
    return load_document(path)


def page_text(doc: Document, number: int) -> str:
    starts = [*doc.page_starts, len(doc.text)]
    return doc.text[starts[number - 1] : starts[number]]


def test_every_page_is_kept(printed: PrintedPdf, pdf_doc: Document) -> None:
    assert printed.pages >= 10
    assert len(pdf_doc.page_starts) == printed.pages
    assert all(page_text(pdf_doc, n).strip() for n in range(1, printed.pages + 1))


def test_outline_gives_the_section_paths(text_doc: Document, pdf_doc: Document) -> None:
    """Every heading of the text version comes back from the bookmarks, footnote markers removed."""
    assert {b.section for b in pdf_doc.blocks} == {b.section for b in text_doc.blocks}
    assert (*BOLLATE, "Outcomes") in {b.section for b in pdf_doc.blocks}
    assert not [p for b in pdf_doc.blocks for p in b.section if re.search(r"\[\d+\]", p)]


def test_bollate_success_is_cited_to_its_section_and_page(printed: PrintedPdf, pdf_doc: Document, encoder) -> None:
    passages = chunk_document(pdf_doc, ChunkLimits(1200, encoder.max_seq_length), encoder.count_tokens)
    passage = next(p for p in passages if SUCCESS in squash(p.text))
    page = printed.page_of(SUCCESS)
    assert passage.section == (*BOLLATE, "Outcomes")
    assert passage.page is not None and passage.page <= page <= passage.page_end
    assert pdf_doc.page_at(pdf_doc.text.index(SUCCESS)) == page


def test_each_section_starts_on_the_page_it_was_printed_on(printed: PrintedPdf, pdf_doc: Document) -> None:
    first_blocks = {}
    for block in pdf_doc.blocks:
        first_blocks.setdefault(block.section, block)
    assert len(first_blocks) > 50
    for section, block in first_blocks.items():
        body = pdf_doc.text[block.start : block.end]
        first_char = block.start + len(body) - len(body.lstrip())
        assert pdf_doc.page_at(first_char) == printed.section_pages[section], section


@pytest.mark.parametrize("sample", range(0, 400, 23))
def test_printed_lines_are_on_their_pages(printed: PrintedPdf, pdf_doc: Document, sample: int) -> None:
    """A spread of body lines: each one's text is found on the page it was printed on."""
    line, page = printed.lines[sample * len(printed.lines) // 400]
    words = line.split()[:4]
    if any(w.endswith("-") for w in words):
        words = words[:1]
    assert squash(" ".join(words)) in squash(page_text(pdf_doc, page))


def test_running_header_and_page_numbers_are_dropped(printed: PrintedPdf, pdf_doc: Document) -> None:
    assert printable(RUNNING_HEADER) not in pdf_doc.text
    for number in range(1, printed.pages + 1):
        lines = page_text(pdf_doc, number).strip().splitlines()
        assert lines[-1].strip() != str(number)


def test_no_text_is_lost(text_doc: Document, pdf_doc: Document) -> None:
    """Each block of the text version reads the same in the PDF, table figures included.

    A bare page number in the footer must not take every other bare number
    (Table 6's counts) with it.
    """
    flat = squash(pdf_doc.text)
    lost = [
        text_doc.text[b.start : b.start + 60]
        for b in text_doc.blocks
        if squash(text_doc.text[b.start : b.end]) not in flat
    ]
    assert not lost
    assert "Co-production 70 31 Public private partnership 13 2" in flat


def test_hyphenated_words_are_joined(printed: PrintedPdf, pdf_doc: Document) -> None:
    assert len(printed.hyphenated) >= 20
    for word in printed.hyphenated:
        assert re.search(rf"\b{word}\b", pdf_doc.text), word
    assert not re.search(r"[a-z]-\n[a-z]", pdf_doc.text)


def test_pdf_without_outline_keeps_its_pages(tmp_path: Path, encoder) -> None:
    pages = [f"Page {n} says something. It has a second sentence about topic {n}." for n in ("one", "two", "three")]
    path = tmp_path / "plain.pdf"
    path.write_bytes(text_pdf(pages))
    doc = load_document(path)
    assert len(doc.page_starts) == 3
    for number, page in enumerate(pages, start=1):
        assert doc.page_at(doc.text.index(page)) == number
    passages = chunk_document(doc, ChunkLimits(1200, encoder.max_seq_length), encoder.count_tokens)
    assert (passages[0].page, passages[-1].page_end) == (1, 3)
    assert printable(RUNNING_HEADER) not in doc.text
