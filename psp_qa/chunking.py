"""Split a Document into Passages: whole sentences, one section each, within size limits.

Pure functions, no I/O. Two limits apply to every passage: `max_chars` on its
text, and `max_tokens` on the text actually embedded (context header plus
passage), counted with the model's own tokenizer so nothing is truncated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from psp_qa.types import Block, Document, Passage, SectionPath, Sentence

TokenCounter = Callable[[list[str]], list[int]]

SECTION_SEPARATOR = " › "

_ABBREVIATIONS = {
    "al", "approx", "cf", "co", "dr", "eg", "e.g", "etc", "fig", "ie", "i.e", "inc", "ltd",
    "mr", "mrs", "ms", "no", "nos", "p", "pp", "prof", "st", "vol", "vs",
}  # fmt: skip
# A sentence ends at . ! ? (plus closing quotes, brackets or a footnote marker)
# followed by space and a capital, digit, quote or bullet.
_SENTENCE_END = re.compile(
    r"""[.!?…]+["'”’)\]]*(?:\s*\[\d+\]\s*\.?)?(?=\s+["'“‘(\[•\-*]?[A-Z0-9£$€•])"""
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*[•*\-–] )")


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentence spans of `text`, as absolute offsets (text starts at `offset`)."""
    spans: list[Sentence] = []
    for para_start, para_end in _paragraph_spans(text):
        start = para_start
        for match in _SENTENCE_END.finditer(text, para_start, para_end):
            if _is_abbreviation(text, match.start()):
                continue
            end = match.end()
            spans.extend(_trimmed(text, start, end, offset))
            start = end
        spans.extend(_trimmed(text, start, para_end, offset))
    return spans


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[max(0, dot - 12) : dot]).group().lower()
    if not word:
        return False
    # Initials ("R.P.") and one-letter words are not sentence ends.
    return word in _ABBREVIATIONS or (len(word.replace(".", "")) == 1 and word.isalpha())


def _trimmed(text: str, start: int, end: int, offset: int) -> list[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Sentence(start + offset, end + offset)] if end > start else []


def context_header(section: SectionPath) -> str:
    return SECTION_SEPARATOR.join(section)


def embedding_text(section: SectionPath, text: str) -> str:
    """The text the model sees for a passage: its section path, then its words."""
    header = context_header(section)
    body = " ".join(text.split())
    return f"{header}\n{body}" if header else body


def sentence_embedding_text(section: SectionPath, sentence: str) -> str:
    """A sentence with the two innermost headings ("Bollate Prison › Outcomes") as context."""
    return embedding_text(section[-2:], sentence)


@dataclass(frozen=True)
class ChunkLimits:
    max_chars: int = 1200
    max_tokens: int = 256


def passage_id(document_sha256: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{document_sha256}:{start}:{end}".encode()).hexdigest()[:16]


def chunk_document(doc: Document, limits: ChunkLimits, count_tokens: TokenCounter) -> list[Passage]:
    passages: list[Passage] = []
    for section, kind, start, end in _sections(doc.blocks):
        units = _units(doc.text, start, end, kind)
        for group in _pack(doc.text, section, units, limits, count_tokens):
            passages.append(_make_passage(doc, section, group))
    return passages


def _sections(blocks: tuple[Block, ...]) -> Iterator[tuple[SectionPath, str, int, int]]:
    """Runs of blocks that share a section; a table is its own run."""
    run: list[Block] = []
    for block in blocks:
        if run and (block.section != run[0].section or "table" in (block.kind, run[0].kind)):
            yield run[0].section, run[0].kind, run[0].start, run[-1].end
            run = []
        run.append(block)
    if run:
        yield run[0].section, run[0].kind, run[0].start, run[-1].end


def _units(text: str, start: int, end: int, kind: str) -> list[Sentence]:
    """The pieces a passage is packed from: sentences, or rows for a table."""
    if kind == "table":
        rows = []
        for match in re.finditer(r"[^\n]+", text[start:end]):
            rows.extend(_trimmed(text, start + match.start(), start + match.end(), 0))
        return rows
    return split_sentences(text[start:end], start)


def _pack(
    text: str,
    section: SectionPath,
    units: list[Sentence],
    limits: ChunkLimits,
    count_tokens: TokenCounter,
) -> Iterator[list[Sentence]]:
    """Greedily fill passages with whole units; split a unit only if it alone is too big."""
    header_tokens = count_tokens([context_header(section)])[0] if section else 0
    budget = limits.max_tokens - header_tokens - 3  # [CLS], [SEP] and the header's newline
    if budget < 16:
        raise ValueError(f"section heading too long to leave room for text: {section[-1][:60]}")
    pieces = [
        piece
        for unit in units
        for piece in _fit_unit(text, unit, limits.max_chars, budget, count_tokens)
    ]
    token_counts = count_tokens([text[p.start : p.end] for p in pieces]) if pieces else []
    group: list[Sentence] = []
    group_tokens = 0
    for piece, tokens in zip(pieces, token_counts):
        too_long = group and piece.end - group[0].start > limits.max_chars
        if group and (too_long or group_tokens + tokens > budget):
            yield group
            group, group_tokens = [], 0
        group.append(piece)
        group_tokens += tokens
    if group:
        yield group


def _fit_unit(
    text: str, unit: Sentence, max_chars: int, budget: int, count_tokens: TokenCounter
) -> list[Sentence]:
    """Split an over-long sentence at word boundaries into pieces within both limits."""
    if unit.end - unit.start <= max_chars and count_tokens([text[unit.start : unit.end]])[0] <= budget:
        return [unit]
    words = [m.span() for m in re.finditer(r"\S+", text[unit.start : unit.end])]
    pieces: list[Sentence] = []
    first = 0
    while first < len(words):
        last = first
        # Grow the piece one word at a time; cheap enough for the rare over-long sentence.
        while last + 1 < len(words):
            candidate = text[unit.start + words[first][0] : unit.start + words[last + 1][1]]
            if len(candidate) > max_chars or count_tokens([candidate])[0] > budget:
                break
            last += 1
        pieces.append(Sentence(unit.start + words[first][0], unit.start + words[last][1]))
        first = last + 1
    return pieces


def _make_passage(doc: Document, section: SectionPath, group: list[Sentence]) -> Passage:
    start, end = group[0].start, group[-1].end
    return Passage(
        id=passage_id(doc.sha256, start, end),
        source=doc.source,
        section=section,
        start=start,
        end=end,
        text=doc.text[start:end],
        page=doc.page_at(start),
        page_end=doc.page_at(end - 1),
        sentences=tuple(group),
    )
