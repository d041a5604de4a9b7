"""Read corpus files (PDF, plain text, Markdown) into Documents.

Every failure is an IngestError that names the file and the reason, so the
caller can skip the file and index the rest.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import logging
from pathlib import Path

from psp_qa.errors import IngestError
from psp_qa.reading.budget import run_within_budget, start_worker
from psp_qa.reading.structure import front_matter, structure_markdown, structure_plain_text
from psp_qa.types import Document

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md", ".markdown")
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Files the index is built from, sorted, subfolders included: every visible file but the README.

    Files of other types are listed too, so that a build reports them as
    skipped ("unsupported file type .docx") instead of ignoring them silently;
    hidden ones are listed by `hidden_files`.
    """
    return sorted(
        (
            path
            for path in _entries(corpus_dir)
            if path.is_file() and not path.name.startswith(".") and corpus_name(corpus_dir, path).lower() != "readme.md"
        ),  # fmt: skip
        key=lambda path: corpus_name(corpus_dir, path),
    )


def hidden_files(corpus_dir: Path) -> list[str]:
    """Corpus names of dotfiles and dot-folders, which are never indexed (but are reported)."""
    return sorted(corpus_name(corpus_dir, path) for path in _entries(corpus_dir) if path.name.startswith("."))


def _entries(corpus_dir: Path) -> list[Path]:
    """Every entry under the corpus folder; hidden folders (and links to folders) are listed but not entered."""
    entries, pending = [], [corpus_dir]
    while pending:
        for path in sorted(pending.pop().iterdir()):
            entries.append(path)
            if path.is_dir() and not path.is_symlink() and not path.name.startswith("."):
                pending.append(path)
    return entries


def corpus_name(corpus_dir: Path, path: Path) -> str:
    """How a corpus file is named in the index: its path inside the corpus folder ("notes/day-1.md").

    A name that is not valid UTF-8 (bytes of another encoding, "caf\\xe9.txt") shows those bytes as
    \\xNN: Python hands them over as lone surrogates, which no index file and no page can store.
    """
    name = path.relative_to(corpus_dir).as_posix()
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def start_reading(names: list[str]) -> None:
    """Start the budgeted worker that will read these files (with pypdf loaded if one is a PDF), without waiting."""
    if names:
        start_worker(("psp_qa.reading.pdf", "pypdf") if any(n.lower().endswith(".pdf") for n in names) else ())


def misencoded_name(corpus_dir: Path, path: Path) -> str | None:
    """A warning if the file's name is not valid UTF-8 (so the index names it with \\xNN escapes)."""
    name = corpus_name(corpus_dir, path)
    if name == path.relative_to(corpus_dir).as_posix():
        return None
    return f"{name}: the file name is not valid UTF-8; it is listed with the unreadable bytes as \\xNN"


def folder_sections(document: Document, folders: tuple[str, ...]) -> Document:
    """The document with its folders (inside the corpus) as the top of every section path."""
    if not folders:
        return document
    blocks = tuple(dataclasses.replace(block, section=(*folders, *block.section)) for block in document.blocks)
    return dataclasses.replace(document, blocks=blocks)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_kind(name: str, head: bytes) -> str:
    """The file's type, from its content first and its name second.

    A PDF's header may come after other bytes (a Ghostscript banner, say): readers
    look for it within the first 1,024 bytes, and so does this.
    """
    suffix = Path(name).suffix.lower()
    if b"%PDF-" in head[:1024]:
        if suffix != ".pdf":
            raise IngestError(name, f"content is a PDF but the name ends in {suffix or 'nothing'}")
        return "pdf"
    if suffix == ".pdf":
        raise IngestError(name, "not a PDF (no %PDF- header in its first 1,024 bytes)")
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".txt":
        return "text"
    raise IngestError(name, f"unsupported file type {suffix or '(no extension)'}; use .pdf, .txt or .md")


def load_document(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, name: str | None = None) -> Document:
    """The file as a Document named `name` (its corpus name; the file name if not given)."""
    name = name or path.name
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
    if kind == "markdown":
        blocks, title = structure_markdown(text), front_matter(text)[1]
    else:
        blocks, title = structure_plain_text(text), ""
    return Document(name, digest, text, blocks, warnings=tuple(warnings), title=title)


# Byte-order marks, the longest first: UTF-32's little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)  # fmt: skip


def decode_text(name: str, data: bytes) -> tuple[str, list[str]]:
    """UTF-8, UTF-16 or UTF-32 with a BOM, UTF-16 without one, UTF-8; else Latin-1 with a warning.

    Binary content is rejected. UTF-16 without a BOM is recognised by its bytes:
    text that is mostly ASCII has a NUL in every other byte, and only there.
    """
    bom = next(((mark, codec) for mark, codec in _BOMS if data.startswith(mark)), None)
    codec = bom[1] if bom else _bomless_utf16(data[:8192])
    if codec:
        try:
            text, warnings = data[len(bom[0]) if bom else 0 :].decode(codec), []
        except UnicodeDecodeError as exc:
            raise IngestError(name, f"not valid {codec.upper()} although it looks like it ({exc.reason})") from None
    elif b"\x00" in data[:8192]:
        raise IngestError(name, "binary content, not text")
    else:
        try:
            text, warnings = data.decode("utf-8"), []
        except UnicodeDecodeError:
            text, warnings = data.decode("latin-1"), [f"{name}: not valid UTF-8; read as Latin-1"]
    # Control characters are valid UTF-8 too: count them whichever way the bytes decoded.
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > len(text[:8192]) * 0.01:
        raise IngestError(name, "binary content, not text")
    return text, warnings


def _bomless_utf16(head: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" if NULs fill one byte of nearly every pair and none of the other."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if odd >= 0.9 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.9 * pairs and odd == 0:
        return "utf-16-be"
    return None
