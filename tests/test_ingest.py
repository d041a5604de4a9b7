"""Corpus files in, Documents out; a bad file is a clear IngestError and the rest is still indexed."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pdfs import encrypted_pdf, image_only_pdf, text_pdf

from psp_qa.config import Settings, load_settings
from psp_qa.errors import IngestError
from psp_qa.indexing.build import build_index
from psp_qa.indexing.store import load_index
from psp_qa.reading.ingest import corpus_files, load_document, parse_document

GOOD_MD = "# Partnerships\n\n## Riverside\n\nThe Riverside partnership housed forty families in its first year.\n"
LATIN1 = "Café society notes\n\nThe café in the société hall opened in 2016 and served the whole village.\n"
MAX_BYTES = 60_000


def good_pdf() -> bytes:
    pages = [
        "Introduction\nA short report. It has three pages.",
        "Findings\nThe second page.",
        "Summary\nThe third page.",
    ]
    return text_pdf(pages, outline=True)


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


# name, contents, what the error must say
BAD_FILES: list[tuple[str, Callable[[], bytes], str]] = [
    ("locked.pdf", lambda: encrypted_pdf(good_pdf()), "password-protected PDF"),
    ("scan.pdf", image_only_pdf, "no text layer"),
    ("truncated.pdf", lambda: good_pdf()[: len(good_pdf()) // 2], "damaged or unreadable PDF"),
    ("empty.txt", lambda: b"", "empty file"),
    ("blank.md", lambda: b"  \n\n\t\n", "no text"),
    ("picture.txt", png, "binary content"),
    ("controls.txt", lambda: bytes(range(1, 32)) * 40, "binary content"),
    ("report-really-a-pdf.txt", good_pdf, "content is a PDF but the name ends in .txt"),
    ("notes-really-text.pdf", lambda: b"Plain text notes, not a PDF at all.\n", "not a PDF"),
    ("minutes.docx", lambda: b"PK\x03\x04 a word-processor file", "unsupported file type .docx"),
    ("oversized.txt", lambda: b"Good text.\n" * 9000, "too large (99.0 kB; the limit is 60.0 kB)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "contents", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_an_ingest_error_naming_file_and_reason(
    tmp_path: Path, name: str, contents: Callable[[], bytes], reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(contents())
    with pytest.raises(IngestError) as caught:
        load_document(path, max_bytes=MAX_BYTES)
    assert caught.value.path == name
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{name}: ")


def test_latin1_text_is_read_with_a_warning() -> None:
    doc = parse_document("latin1.txt", LATIN1.encode("latin-1"))
    assert doc.text == LATIN1
    assert doc.warnings == ("latin1.txt: not valid UTF-8; read as Latin-1",)


@pytest.mark.parametrize(
    ("data", "text"),
    [(b"\xef\xbb\xbfWith a BOM.\r\nWindows lines.\r\n", "With a BOM.\nWindows lines.\n"),
     ("Cittá del Noi – £1.4m\n".encode(), "Cittá del Noi – £1.4m\n")],
)  # fmt: skip
def test_utf8_text_is_read_as_is(data: bytes, text: str) -> None:
    doc = parse_document("notes.txt", data)
    assert doc.text == text and doc.warnings == ()


def test_corpus_files_lists_every_visible_file_but_the_readme(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "README.md", ".hidden.txt", "c.pdf", "d.docx"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "folder.txt").mkdir()
    assert [p.name for p in corpus_files(tmp_path)] == ["a.md", "b.txt", "c.pdf", "d.docx"]


@pytest.fixture()
def mixed_corpus(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD_MD, encoding="utf-8")
    (corpus / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (corpus / "good.pdf").write_bytes(good_pdf())
    for name, contents, _ in BAD_FILES:
        (corpus / name).write_bytes(contents())
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    return dataclasses.replace(settings, max_file_bytes=MAX_BYTES)


def test_bad_files_are_skipped_and_the_rest_is_indexed(mixed_corpus: Settings, encoder) -> None:
    report = build_index(mixed_corpus, encoder)
    skipped = dict(report.skipped)
    assert set(skipped) == {name for name, _, _ in BAD_FILES}
    for name, _, reason in BAD_FILES:
        assert reason in skipped[name]
    assert report.documents == 3
    assert report.warnings == ["latin1.txt: not valid UTF-8; read as Latin-1"]

    index = load_index(mixed_corpus.index_dir)
    assert {p.source for p in index.passages} == {"good.md", "latin1.txt", "good.pdf"}
    riverside = next(p for p in index.passages if p.source == "good.md")
    assert riverside.section == ("Partnerships", "Riverside") and riverside.page is None
    pdf_passages = [p for p in index.passages if p.source == "good.pdf"]
    assert [(p.section, p.page) for p in pdf_passages] == [
        (("Introduction",), 1),
        (("Findings",), 2),
        (("Summary",), 3),
    ]
    manifest = json.loads((index.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"]["locked.pdf"]["passages"] == 0
    assert "encrypted" in manifest["corpus"]["locked.pdf"]["error"]
    assert {entry["file"] for entry in manifest["skipped"]} == set(skipped)
