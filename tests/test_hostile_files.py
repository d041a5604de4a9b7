"""Hostile and broken files: each costs at most a time budget and an IngestError, never the process."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfs import text_pdf

from psp_qa.errors import IngestError
from psp_qa.reading.chunking import ChunkLimits, chunk_document
from psp_qa.reading.ingest import load_document, parse_document
from psp_qa.reading.pdf import read_pdf_within_budget

SEED_PDF = text_pdf(["The lighthouse keepers' guild met on Tuesday.", "It counts forty members on page two."])


def _looping_pdf() -> bytes:
    """A page tree whose Kids point back at itself."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    return _assemble(objects)


def _deep_pdf(depth: int = 5000) -> bytes:
    """A page tree nested thousands of levels deep."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1))
    objects.append(b"<< /Type /Page /MediaBox [0 0 10 10] >>")
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("make", [_looping_pdf, _deep_pdf])
def test_looping_or_deep_page_trees_are_named_and_skipped(make):
    started = time.monotonic()
    with pytest.raises(IngestError) as error:
        parse_document("tree.pdf", make())
    assert error.value.path == "tree.pdf"
    assert time.monotonic() - started < 30


def test_a_pdf_over_its_time_budget_is_stopped_and_named():
    # 300 pages take far longer than 10 ms to read, however warm the worker is.
    slow = text_pdf([f"Page {n} of a long report about harbour cooperatives." for n in range(300)])
    with pytest.raises(IngestError, match="took longer than"):
        read_pdf_within_budget("slow.pdf", slow, "digest", seconds=0.01)
    assert parse_document("fine.pdf", SEED_PDF).page_starts  # the worker is replaced and reads again


def test_a_1_gb_file_is_refused_on_size_before_it_is_read(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(1 << 30)  # sparse: no gigabyte is written or read
    started = time.monotonic()
    with pytest.raises(IngestError, match="too large"):
        load_document(big)
    assert time.monotonic() - started < 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(st.tuples(st.integers(0, len(SEED_PDF) - 1), st.binary(max_size=8)), min_size=1, max_size=6),
    truncate=st.one_of(st.none(), st.integers(1, len(SEED_PDF))),
)
def test_mutated_pdfs_give_a_document_or_an_ingest_error(encoder, cuts, truncate):
    data = bytearray(SEED_PDF)
    for offset, replacement in cuts:
        data[offset : offset + len(replacement)] = replacement
    if truncate is not None:
        data = data[:truncate]
    try:
        document = parse_document("mutant.pdf", bytes(data))
    except IngestError as error:
        assert error.path == "mutant.pdf" and error.reason
        return
    for passage in chunk_document(document, ChunkLimits(), encoder.count_tokens):
        assert document.text[passage.start : passage.end] == passage.text
