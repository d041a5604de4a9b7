"""PDF to Document with pypdf: page numbers kept, margins dropped, outline as headings."""

from __future__ import annotations

import io
import re

from psp_qa.errors import IngestError
from psp_qa.reading.budget import TIME_BUDGET_SECONDS, run_within_budget
from psp_qa.reading.cleanup import join_hyphenated, strip_margin_lines
from psp_qa.reading.structure import blocks_from_headings, structure_plain_text
from psp_qa.types import Document

PAGE_SEPARATOR = "\n\n"
PDF_TIME_BUDGET_SECONDS = TIME_BUDGET_SECONDS


def read_pdf_within_budget(name: str, data: bytes, digest: str, seconds: float = PDF_TIME_BUDGET_SECONDS) -> Document:
    """read_pdf in the budgeted worker process (see budget.py): a hostile PDF costs an IngestError."""
    return run_within_budget(name, read_pdf, (name, data, digest), seconds, kind="PDF")


def read_pdf(name: str, data: bytes, digest: str) -> Document:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported encryption
                raise IngestError(name, "encrypted PDF; remove the password and add it again") from exc
            if not unlocked:
                raise IngestError(name, "encrypted PDF; remove the password and add it again")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        outline = _outline_headings(reader)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError) as exc:  # fmt: skip
        raise IngestError(name, f"damaged or unreadable PDF ({type(exc).__name__}: {exc})") from exc

    if not raw_pages:
        raise IngestError(name, "PDF has no pages")
    if not any(page.strip() for page in raw_pages):
        raise IngestError(name, "PDF has no text layer (a scan or images only); run OCR first")

    texts = [
        join_hyphenated("\n".join(line.rstrip() for line in lines)).strip()
        for lines in strip_margin_lines([page.splitlines() for page in raw_pages])
    ]

    page_starts, parts, offset = [], [], 0
    for text in texts:
        page_starts.append(offset)
        parts.append(text)
        offset += len(text) + len(PAGE_SEPARATOR)
    full_text = PAGE_SEPARATOR.join(parts)

    headings = _locate_headings(full_text, page_starts, outline)
    blocks = blocks_from_headings(full_text, headings) if headings else structure_plain_text(full_text)
    return Document(name, digest, full_text, blocks, page_starts=tuple(page_starts))


def _outline_headings(reader) -> list[tuple[tuple[str, ...], int]]:
    """(section path, 0-based page) for each bookmark, in document order."""
    found: list[tuple[tuple[str, ...], int]] = []

    def walk(items, parents: tuple[str, ...], depth: int) -> None:
        if depth > 20:
            return
        last: tuple[str, ...] = parents
        for item in items:
            if isinstance(item, list):
                walk(item, last, depth + 1)
                continue
            title = (getattr(item, "title", None) or "").strip()
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # a bookmark without a usable destination is skipped
                continue
            if title and page is not None and page >= 0:
                last = (*parents, title)
                found.append((last, page))

    try:
        walk(reader.outline, (), 0)
    except Exception:  # a broken outline is not worth losing the text over
        return []
    return found


def _locate_headings(
    text: str, page_starts: list[int], outline: list[tuple[tuple[str, ...], int]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """Find each bookmark's title on its page; a title not found is dropped."""
    located = []
    cursor = 0
    for path, page in outline:
        if page >= len(page_starts):
            continue
        words = [re.escape(w) for w in path[-1].split()]
        if not words:
            continue
        pattern = re.compile(r"\s+".join(words))
        match = pattern.search(text, max(cursor, page_starts[page]))
        if match:
            located.append((match.start(), match.end(), path))
            cursor = match.end()
    return located
