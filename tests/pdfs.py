"""Real PDFs made at test time with fpdf2: the report laid out like a printed report.

The layout is what the PDF reader has to undo: a running header and a bare
page-number footer on every page, bookmarks (the PDF outline) for headings,
and long words hyphenated across line ends. The writer records where each
line went, so tests can check pages against what was actually printed.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from psp_qa.reading.structure import clean_heading
from psp_qa.types import Document

RUNNING_HEADER = "Strategic Public Social Partnership model - research findings"
LINE_HEIGHT = 4.6
FONT_SIZE = 9.5
_HYPHENATABLE = re.compile(r"([A-Za-z]{8,})([,.;:)]?)")


def unicode_font() -> Path | None:
    """DejaVu Sans if the machine has it (Debian: fonts-dejavu-core)."""
    for root in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts")):
        if root.is_dir():
            for path in sorted(root.rglob("DejaVuSans.ttf")):
                return path
    return None


_LATIN1 = str.maketrans({"‐": "-", "–": "-", "—": "-", "•": "*", "’": "'", "‘": "'", "“": '"', "”": '"'})


def printable(text: str) -> str:
    """The text as the PDF can show it: unchanged with a Unicode font, else folded to Latin-1."""
    if unicode_font() is not None:
        return text
    folded = text.translate(_LATIN1)
    return "".join(ch if ord(ch) < 256 else unicodedata.normalize("NFKD", ch)[:1] for ch in folded)


@dataclass
class PrintedPdf:
    data: bytes
    pages: int
    lines: list[tuple[str, int]] = field(default_factory=list)  # each body line and its page
    hyphenated: list[str] = field(default_factory=list)  # whole words split across a line end
    section_pages: dict[tuple[str, ...], int] = field(default_factory=dict)  # page of each heading

    def page_of(self, phrase: str) -> int:
        """The page of the printed line where `phrase` starts (matched on its first words)."""
        probe = " ".join(phrase.split()[:6])
        for line, page in self.lines:
            if probe in " ".join(line.split()):
                return page
        raise AssertionError(f"{probe!r} was not printed on one line")


class _Report(FPDF):
    def header(self) -> None:
        self.set_font(self.body_font, size=8)
        self.cell(0, 6, printable(RUNNING_HEADER), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font(self.body_font, size=FONT_SIZE)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.body_font, size=8)
        self.cell(0, 6, str(self.page_no()), align="C")
        self.set_font(self.body_font, size=FONT_SIZE)


def _new_pdf() -> _Report:
    pdf = _Report(format="A4")
    font = unicode_font()
    if font is not None:
        pdf.add_font("DejaVu", "", str(font))
        pdf.body_font = "DejaVu"
    else:
        pdf.body_font = "Helvetica"
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    pdf.set_font(pdf.body_font, size=FONT_SIZE)
    return pdf


class _Writer:
    def __init__(self, pdf: _Report, printed: PrintedPdf) -> None:
        self.pdf, self.printed = pdf, printed

    def _emit(self, line: str) -> None:
        self.pdf.cell(0, LINE_HEIGHT, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.printed.lines.append((line, self.pdf.page_no()))

    def paragraph(self, text: str) -> None:
        for source_line in text.split("\n"):
            self._wrap(printable(source_line.strip()))
        self.pdf.ln(LINE_HEIGHT * 0.6)

    def _wrap(self, text: str) -> None:
        width = self.pdf.epw - 1
        fits = self.pdf.get_string_width
        line = ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if fits(candidate) <= width:
                line = candidate
                continue
            head, tail = self._hyphenate(line, word, width)
            if head:
                self._emit(f"{line} {head}" if line else head)
                line = tail
            else:
                if line:
                    self._emit(line)
                line = word
        if line:
            self._emit(line)

    def _hyphenate(self, line: str, word: str, width: float) -> tuple[str, str]:
        """Split `word` as "collabo-" + "ration" if the head fits and the next line is on this page."""
        match = _HYPHENATABLE.fullmatch(word)
        if not match or not line or self.pdf.will_page_break(LINE_HEIGHT * 2.2):
            return "", ""
        letters = match.group(1)
        for cut in range(len(letters) - 4, 3, -1):
            head = letters[:cut] + "-"
            if self.pdf.get_string_width(f"{line} {head}") <= width:
                self.printed.hyphenated.append(letters)
                return head, letters[cut:] + match.group(2)
        return "", ""

    def heading(self, raw: str, level: int, path: tuple[str, ...]) -> None:
        if self.pdf.will_page_break(LINE_HEIGHT * 4):
            self.pdf.add_page()
        self.pdf.start_section(printable(raw), level=level)
        self.printed.section_pages[path] = self.pdf.page_no()
        self._emit(printable(raw))
        self.pdf.ln(LINE_HEIGHT * 0.4)


def report_pdf(doc: Document) -> PrintedPdf:
    """Print a structured text Document: its section paths become headings and bookmarks."""
    pdf = _new_pdf()
    printed = PrintedPdf(b"", 0)
    writer = _Writer(pdf, printed)
    current: tuple[str, ...] = ()
    cursor = 0
    for block in doc.blocks:
        gap_lines = [line.strip() for line in doc.text[cursor : block.start].splitlines() if line.strip()]
        if block.section != current:
            common = 0
            while common < min(len(current), len(block.section)) and current[common] == block.section[common]:
                common += 1
            for level in range(common, len(block.section)):
                title = block.section[level]
                raw = next((line for line in gap_lines if clean_heading(line) == title), title)
                writer.heading(raw, level, block.section[: level + 1])
            current = block.section
        for paragraph in re.split(r"\n[ \t]*\n", doc.text[block.start : block.end]):
            if paragraph.strip():
                writer.paragraph(paragraph)
        cursor = block.end
    printed.pages = pdf.page_no()
    printed.data = bytes(pdf.output())
    return printed


def text_pdf(pages: list[str], outline: bool = False) -> bytes:
    """A small PDF with one text page per item (each page's first line bookmarked if `outline`)."""
    pdf = _new_pdf()
    writer = _Writer(pdf, PrintedPdf(b"", 0))
    for number, page in enumerate(pages):
        if number:
            pdf.add_page()
        if outline:
            pdf.start_section(printable(page.splitlines()[0]))
        writer.paragraph(page)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A scan: one page holding a picture of text and no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "A scanned page with no text layer", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def encrypted_pdf(data: bytes, user_password: str = "secret") -> bytes:
    """The same PDF, readable only with a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
