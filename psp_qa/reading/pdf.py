"""PDF to Document with pypdf: page numbers and labels kept, margins and unreadable pages dropped,
the outline as headings, or else the headings the page's fonts show."""

from __future__ import annotations

import io
import re

from psp_qa.errors import IngestError
from psp_qa.reading.budget import TIME_BUDGET_SECONDS, run_within_budget
from psp_qa.reading.cleanup import (
    Vocabulary,
    fold_compatibility,
    join_line_ends,
    line_number_lines,
    margin_lines,
    repair_words,
    without_unprintable,
)
from psp_qa.reading.pdf_layout import Heading, Line, find_headings, page_lines, paragraph_starts
from psp_qa.reading.readability import unreadable_reason
from psp_qa.reading.structure import blocks_from_headings, clean_heading, structure_plain_text
from psp_qa.types import Block, Document

PAGE_SEPARATOR = "\n\n"
MIN_SECTIONS_UNDER_A_TITLE = 3
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
            _unlock(name, reader)
        pages = [page_lines(page) for page in reader.pages]
        outline = _outline_headings(reader)
        labels = _page_labels(reader)
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError) as exc:  # fmt: skip
        raise IngestError(name, f"damaged or unreadable PDF ({type(exc).__name__}: {exc})") from exc

    if not pages:
        raise IngestError(name, "PDF has no pages")
    if not any(line.text.strip() for lines in pages for line in lines):
        raise IngestError(name, "PDF has no text layer (a scan or images only); run OCR first")
    pages = [[line.with_text(fold_compatibility(line.text)) for line in lines] for lines in pages]
    pages, warnings = _readable_pages(name, pages)
    pages = [[line.with_text(without_unprintable(line.text)) for line in lines] for lines in pages]
    pages = _without_margins(pages)

    vocabulary = Vocabulary("\n".join(line.text.rstrip() for line in lines) for lines in pages)
    font_headings = find_headings(pages)  # used when there is no outline, or none of its titles is found
    parts, page_starts, heading_spans, offset = [], [], {}, 0
    for number, lines in enumerate(pages):
        page_starts.append(offset)
        text, spans = _page_text(lines, vocabulary, {(h.first, h.last): h for h in font_headings if h.page == number})
        for (first, last), span in spans.items():
            heading_spans[(number, first, last)] = (offset + span[0], offset + span[1])
        parts.append(text)
        offset += len(text) + len(PAGE_SEPARATOR)
    full_text = PAGE_SEPARATOR.join(parts)

    located = _locate_headings(full_text, page_starts, outline)
    if not located and font_headings:
        located = _heading_paths(font_headings, heading_spans)
    blocks = blocks_from_headings(full_text, located) if located else structure_plain_text(full_text)
    if not blocks and full_text.strip():  # the only text is a heading (a one-line PDF whose bookmark is its text)
        blocks = (Block(0, len(full_text), located[0][2] if located else ()),)
    return Document(
        name,
        digest,
        full_text,
        blocks,
        page_starts=tuple(page_starts),
        warnings=tuple(warnings),
        page_labels=labels,
    )


def _unlock(name: str, reader) -> None:
    """Open an encrypted PDF that has an empty user password (most do: they only restrict printing or copying)."""
    from pypdf.errors import DependencyError

    try:
        unlocked = reader.decrypt("")
    except DependencyError as exc:
        raise IngestError(name, f"encrypted PDF that needs a missing package ({exc})") from exc
    except Exception as exc:  # pypdf raises several types for encryption it does not support
        raise IngestError(name, f"encrypted PDF that cannot be opened ({type(exc).__name__}: {exc})") from exc
    if not unlocked:
        raise IngestError(name, "password-protected PDF (it is encrypted); remove the password and add it again")


def _readable_pages(name: str, pages: list[list[Line]]) -> tuple[list[list[Line]], list[str]]:
    """Pages whose text layer reads as words; the others are emptied and named in the warnings."""
    warnings, reasons = [], []
    kept = []
    for number, lines in enumerate(pages, start=1):
        reason = unreadable_reason("\n".join(line.text for line in lines))
        if reason:
            warnings.append(f"page {number}: {reason}")
            reasons.append(reason)
            lines = []
        kept.append(lines)
    if not any(line.text.strip() for lines in kept for line in lines):
        pages_word = "the only page" if len(pages) == 1 else "every page"
        raise IngestError(name, f"{reasons[0]} on {pages_word}; nothing to index")
    return kept, [f"{name}: {warning}" for warning in warnings]


def _without_margins(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without running headers and footers or a line-number gutter, unless they are all the text there is."""
    gutters = [line_number_lines([line.text for line in lines]) for lines in pages]
    pages_kept = [[line for i, line in enumerate(lines) if i not in gutter] for lines, gutter in zip(pages, gutters)]
    pages_text = [[line.text for line in lines] for lines in pages_kept]
    margins = margin_lines(pages_text)
    stripped = [[line for i, line in enumerate(lines) if i not in skip] for lines, skip in zip(pages_kept, margins)]
    return stripped if any(line.text.strip() for lines in stripped for line in lines) else pages


def _page_text(
    lines: list[Line], vocabulary: Vocabulary, headings: dict[tuple[int, int], Heading]
) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
    """A page's text: lines cleaned, paragraphs apart, each heading a paragraph of its own (and its span)."""
    texts = [repair_words(text, vocabulary) for text in join_line_ends([line.text for line in lines], vocabulary)]
    breaks = paragraph_starts(lines)
    owner = {i: h for h in headings.values() for i in range(h.first, h.last + 1)}
    out: list[str] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    length, previous = 0, None  # previous: the heading the last line written belongs to, if any
    for i, raw in enumerate(texts):
        text = raw.strip()
        if not text:
            continue
        heading = owner.get(i)
        starts = heading is not previous or (heading is None and i in breaks)
        piece = (("\n\n" if starts else "\n") if out else "") + text
        out.append(piece)
        length += len(piece)
        if heading is not None:
            key = (heading.first, heading.last)
            spans[key] = (spans[key][0] if key in spans else length - len(text), length)
        previous = heading
    return "".join(out), spans


def _heading_paths(
    headings: list[Heading], spans: dict[tuple[int, int, int], tuple[int, int]]
) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, section path) for each heading found from the page's fonts; deeper levels nest.

    A first heading set larger than any other, and only once (a title, a masthead), is the document's
    title when sections follow it: it heads the text before the next heading, not every section after
    it, as in the report. (Before one or two headings, as on a one-page note, it stays their parent.)
    """
    headings = [h for h in headings if (h.page, h.first, h.last) in spans]
    title = headings[0] if len(headings) > MIN_SECTIONS_UNDER_A_TITLE else None
    if title is not None and sum(h.level <= title.level for h in headings) > 1:
        title = None
    located = []
    stack: list[tuple[int, str]] = []
    for heading in headings:
        span = spans[(heading.page, heading.first, heading.last)]
        stack = [*(item for item in stack if item[0] < heading.level), (heading.level, clean_heading(heading.title))]
        located.append((span[0], span[1], tuple(t for _, t in stack)))
        if heading is title:
            stack = []
    return located


def _page_labels(reader) -> tuple[str, ...]:
    """The printed page labels, when the PDF defines any that differ from the physical page numbers."""
    try:
        labels = tuple(str(label) for label in reader.page_labels)
    except Exception:  # a broken label tree is not worth losing the text over
        return ()
    if len(labels) != len(reader.pages) or all(label == str(n) for n, label in enumerate(labels, start=1)):
        return ()
    return labels


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
