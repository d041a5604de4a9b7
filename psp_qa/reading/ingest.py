"""Read corpus files (PDF, plain text, Markdown) into Documents.

Every failure is an IngestError that names the file and the reason, so the
caller can skip the file and index the rest.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from psp_qa.errors import IngestError
from psp_qa.reading.budget import run_within_budget
from psp_qa.reading.structure import structure_markdown, structure_plain_text
from psp_qa.types import Document

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".markdown")
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Files the index is built from, sorted: every visible file but the README.

    Files of other types are listed too, so that a build reports them as
    skipped ("unsupported file type .docx") instead of ignoring them silently.
    """
    return sorted(
        path
        for path in corpus_dir.iterdir()
        if path.is_file() and path.name.lower() != "readme.md" and not path.name.startswith(".")
    )


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_kind(name: str, head: bytes) -> str:
    """The file's type, from its content first and its name second."""
    suffix = Path(name).suffix.lower()
    if head.startswith(b"%PDF-"):
        if suffix != ".pdf":
            raise IngestError(name, f"content is a PDF but the name ends in {suffix or 'nothing'}")
        return "pdf"
    if suffix == ".pdf":
        raise IngestError(name, "not a PDF (the file does not start with %PDF-)")
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".txt":
        return "text"
    raise IngestError(name, f"unsupported file type {suffix or '(no extension)'}; use .pdf, .txt or .md")


def load_document(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Document:
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(name, f"cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise IngestError(name, "empty file")
    if size > max_bytes:
        raise IngestError(name, f"too large ({_size(size)}; the limit is {_size(max_bytes)})")
    data = path.read_bytes()
    return parse_document(name, data)


def _size(count: int) -> str:
    """1234567 -> "1.2 MB": a size a person can compare, whatever the limit is set to."""
    if count < 1000:
        return f"{count} bytes"
    for unit in ("kB", "MB", "GB"):
        count /= 1000
        if count < 1000 or unit == "GB":
            return f"{count:.1f} {unit}"
    raise AssertionError("unreachable")


def parse_document(name: str, data: bytes) -> Document:
    if not data:
        raise IngestError(name, "empty file")
    kind = detect_kind(name, data[:1024])
    digest = sha256_bytes(data)
    if kind == "pdf":
        from psp_qa.reading.pdf import read_pdf_within_budget  # pypdf is only imported when a PDF is read

        return read_pdf_within_budget(name, data, digest)
    document = run_within_budget(name, read_text, (name, data, digest, kind), kind="text file")
    for warning in document.warnings:
        log.warning(warning)
    return document


def read_text(name: str, data: bytes, digest: str, kind: str) -> Document:
    """A text or Markdown file as a Document; run in the budgeted worker, as PDFs are."""
    text, warnings = decode_text(name, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(name, "no text in file")
    blocks = structure_markdown(text) if kind == "markdown" else structure_plain_text(text)
    return Document(name, digest, text, blocks, warnings=tuple(warnings))


def decode_text(name: str, data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM); Latin-1 with a warning; binary is rejected."""
    if b"\x00" in data[:8192]:
        raise IngestError(name, "binary content, not text")
    try:
        text, warnings = data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text, warnings = data.decode("latin-1"), [f"{name}: not valid UTF-8; read as Latin-1"]
    # Control characters are valid UTF-8 too: count them whichever way the bytes decoded.
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > len(text[:8192]) * 0.01:
        raise IngestError(name, "binary content, not text")
    return text, warnings
