"""Honest reading of the files people really add (issue 12): encodings, banners, folders, dotfiles, duplicates."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from psp_qa.config import load_settings
from psp_qa.errors import IngestError
from psp_qa.indexing.build import build_index
from psp_qa.indexing.store import load_index
from psp_qa.reading.ingest import corpus_files, hidden_files, parse_document

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (CI), or beside the folder of worktrees.
REALDOCS = next(
    (folder / "realdocs" for folder in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if folder.is_dir()),
    ROOT.parent / "shared" / "realdocs",
)
NOTES = "Harbour notes\n\nThe harbour board met on Tuesday and agreed the new mooring fees for 2025.\n"


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE),
     ("utf-32-be", codecs.BOM_UTF32_BE), ("utf-16-le", b""), ("utf-16-be", b"")],
)  # fmt: skip
def test_utf16_and_utf32_text_is_read(codec: str, bom: bytes) -> None:
    doc = parse_document("notes.txt", bom + NOTES.replace("2025", "2025 – Cittá").encode(codec))
    assert doc.text == NOTES.replace("2025", "2025 – Cittá") and doc.warnings == ()


def test_nul_bytes_that_are_not_utf16_are_still_binary() -> None:
    with pytest.raises(IngestError, match="binary content"):
        parse_document("blob.txt", b"\x00\x01\x02\x00\xff\xfe\x00\x00abc\x00" * 100)


@pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not here")
def test_a_pdf_with_a_ghostscript_banner_before_its_header_opens() -> None:
    data = (REALDOCS / "public-records" / "issue-848.pdf").read_bytes()
    assert not data.startswith(b"%PDF-") and b"%PDF-" in data[:1024]
    doc = parse_document("issue-848.pdf", data)
    assert doc.page_starts and len(doc.text.split()) > 20


def test_a_header_past_the_first_kilobyte_is_not_a_pdf() -> None:
    with pytest.raises(IngestError, match="not a PDF"):
        parse_document("late.pdf", b"x" * 1100 + b"%PDF-1.4\n")


def test_hidden_files_and_folders_are_listed_not_walked(tmp_path: Path) -> None:
    (tmp_path / "day-1").mkdir()
    (tmp_path / "day-1" / "notes.md").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("x")
    (tmp_path / "day-1" / ".draft.md").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in corpus_files(tmp_path)] == ["a.txt", "day-1/notes.md"]
    assert hidden_files(tmp_path) == [".git", "day-1/.draft.md"]


def test_subfolders_dotfiles_and_duplicates_are_indexed_or_named(tmp_path: Path, encoder) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "day-1").mkdir(parents=True)
    (corpus / "day-1" / "harbour.md").write_text(
        "# Mooring\n\nThe harbour board agreed the new mooring fees for the coming season.\n", encoding="utf-8"
    )
    (corpus / "notes.txt").write_text(NOTES, encoding="utf-8")
    (corpus / "other-notes.txt").write_bytes((corpus / "notes.txt").read_bytes())
    (corpus / ".draft.md").write_text("# Draft\n\nNot ready to be read by anyone.\n", encoding="utf-8")
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")

    report = build_index(settings, encoder)
    skipped = dict(report.skipped)
    assert "notes.txt" in skipped["other-notes.txt"] and "indexed once" in skipped["other-notes.txt"]
    assert "hidden" in skipped[".draft.md"]
    assert report.documents == 2

    index = load_index(settings.index_dir)
    assert {p.source for p in index.passages} == {"notes.txt", "day-1/harbour.md"}
    harbour = next(p for p in index.passages if p.source == "day-1/harbour.md")
    assert harbour.section == ("day-1", "Mooring")

    again = build_index(settings, encoder)  # up to date: the same lines again
    assert again.up_to_date and dict(again.skipped) == skipped


def test_a_file_name_that_is_not_utf8_is_indexed_under_a_printable_name(tmp_path: Path, encoder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text(NOTES, encoding="utf-8")
    latin1 = os.fsdecode(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"))  # Latin-1 bytes in a UTF-8 system
    Path(latin1).write_text("Cafe notes\n\nThe village cafe opened in 2019 and serves the whole valley.\n")
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")

    report = build_index(settings, encoder)
    assert report.documents == 2 and not report.skipped
    assert any("caf\\xe9.txt" in warning and "not valid UTF-8" in warning for warning in report.warnings)
    assert {p.source for p in load_index(settings.index_dir).passages} == {"notes.txt", "caf\\xe9.txt"}
    assert build_index(settings, encoder).up_to_date
