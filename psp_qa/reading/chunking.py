"""Split a Document into Passages: whole sentences, one section each, within size limits.

Pure functions, no I/O. Two limits apply to every passage: `max_chars` on its
text, and `max_tokens` on the text actually embedded (context header plus
passage), counted with the model's own tokenizer so nothing is truncated.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from psp_qa.types import Block, Document, Passage, SectionPath, Sentence

TokenCounter = Callable[[list[str]], list[int]]

SECTION_SEPARATOR = " › "
# Bump whenever passages or embedded texts change for the same input, so older indexes count as stale.
CHUNKING_VERSION = 3

_ABBREVIATIONS = {
    "al", "approx", "cf", "co", "dr", "eg", "e.g", "etc", "fig", "ie", "i.e", "inc", "ltd",
    "mr", "mrs", "ms", "no", "nos", "p", "pp", "prof", "st", "vol", "vs",
}  # fmt: skip
# A sentence ends at . ! ? (plus closing quotes, brackets or a footnote marker)
# followed by space and a capital, digit, quote or bullet.
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’)\]]*(?:\s*\[\d+\]\s*\.?)?(?=\s+["'“‘(\[•\-*]?[A-Z0-9£$€•])""")
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


# A header this long is at most about as many word pieces, so a passage always has room for text.
MAX_HEADER_CHARS = 200


def context_header(section: SectionPath) -> str:
    """The section path as context; only its innermost headings (cut short) when it is very long."""
    parts = list(section)
    while len(parts) > 1 and len(SECTION_SEPARATOR.join(parts)) > MAX_HEADER_CHARS:
        parts.pop(0)
    header = SECTION_SEPARATOR.join(parts)
    return header if len(header) <= MAX_HEADER_CHARS else header[:MAX_HEADER_CHARS].rstrip() + "…"


def embedding_text(section: SectionPath, text: str) -> str:
    """The text the model sees for a passage: its section path, then its words."""
    header = context_header(section)
    body = " ".join(text.split())
    return f"{header}\n{body}" if header else body


def sentence_embedding_text(section: SectionPath, sentence: str) -> str:
    """A sentence with the two innermost headings ("Bollate Prison › Outcomes") as context."""
    return embedding_text(section[-2:], sentence)


def section_embedding_text(section: SectionPath) -> str:
    """A section's two innermost headings, matched against questions on their own."""
    return context_header(section[-2:])


@dataclass(frozen=True)
class ChunkLimits:
    max_chars: int = 1200
    max_tokens: int = 256


def passage_id(document_sha256: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{document_sha256}:{start}:{end}".encode()).hexdigest()[:16]


def chunk_document(doc: Document, limits: ChunkLimits, count_tokens: TokenCounter) -> list[Passage]:
    passages: list[Passage] = []
    for section, kind, start, end in _sections(doc.blocks, doc.text):
        units = _units(doc.text, start, end, kind)
        for group in _pack(doc.text, section, units, limits, count_tokens):
            passages.append(_make_passage(doc, section, group))
    return passages


def _sections(blocks: tuple[Block, ...], text: str) -> Iterator[tuple[SectionPath, str, int, int]]:
    """Runs of adjacent blocks that share a section; a table is its own run.

    Blocks with text between them (a repeated heading) are separate runs, so
    that text never ends up inside a passage.
    """
    run: list[Block] = []
    for block in blocks:
        apart = bool(run) and not text[run[-1].end : block.start].isspace() and block.start > run[-1].end
        if run and (block.section != run[0].section or "table" in (block.kind, run[0].kind) or apart):
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
    """Fill passages with whole units; split a unit only if it alone is too big."""
    header_tokens = count_tokens([context_header(section)])[0] if section else 0
    budget = limits.max_tokens - header_tokens - 3  # [CLS], [SEP] and the header's newline
    if budget < 16:
        raise ValueError(f"section heading too long to leave room for text: {section[-1][:60]}")
    pieces: list[Sentence] = []
    token_counts: list[int] = []
    # One tokenizer call for the whole section: most units fit as they are.
    for unit, tokens in zip(units, count_tokens([text[u.start : u.end] for u in units]) if units else []):
        if unit.end - unit.start <= limits.max_chars and tokens <= budget:
            pieces.append(unit)
            token_counts.append(tokens)
        else:
            split = _split_unit(text, unit, limits.max_chars, budget, count_tokens)
            pieces.extend(split)
            token_counts.extend(count_tokens([text[p.start : p.end] for p in split]))
    # Aim for passages of even size, so a section is not split into one full
    # passage and a stray sentence; prefer to break where a paragraph starts.
    total_chars = pieces[-1].end - pieces[0].start if pieces else 0
    count = max(math.ceil(sum(token_counts) / budget), math.ceil(total_chars / limits.max_chars), 1)
    target_tokens = sum(token_counts) / count
    group: list[Sentence] = []
    group_tokens = 0
    for piece, tokens in zip(pieces, token_counts):
        if group:
            too_long = piece.end - group[0].start > limits.max_chars or group_tokens + tokens > budget
            past_target = group_tokens + tokens / 2 > target_tokens
            at_paragraph = group_tokens >= 0.6 * target_tokens and _starts_paragraph(text, group[-1], piece)
            if too_long or past_target or (at_paragraph and count > 1):
                yield from _checked(text, group, budget, count_tokens)
                group, group_tokens = [], 0
        group.append(piece)
        group_tokens += tokens
    if group:
        yield from _checked(text, group, budget, count_tokens)


def _checked(text: str, group: list[Sentence], budget: int, count_tokens: TokenCounter) -> Iterator[list[Sentence]]:
    """The group, or its pieces one by one if together they tokenize to more than their sum.

    Counts add up across whitespace, but not across the pieces of a word split
    in two (see `_split_word`) or across other text between pieces; only then
    is the passage counted again as a whole, which keeps the limit exact.
    """
    additive = all(text[a.end : b.start].isspace() for a, b in zip(group, group[1:]))
    if len(group) == 1 or additive or count_tokens([text[group[0].start : group[-1].end]])[0] <= budget:
        yield group
    else:
        yield from ([piece] for piece in group)


def _starts_paragraph(text: str, previous: Sentence, piece: Sentence) -> bool:
    return "\n" in text[previous.end : piece.start]


def _split_unit(text: str, unit: Sentence, max_chars: int, budget: int, count_tokens: TokenCounter) -> list[Sentence]:
    """Split an over-long sentence at word boundaries into pieces within both limits."""
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
        start, end = unit.start + words[first][0], unit.start + words[last][1]
        if last == first and (end - start > max_chars or count_tokens([text[start:end]])[0] > budget):
            pieces.extend(_split_word(text, start, end, max_chars, budget, count_tokens))
        else:
            pieces.append(Sentence(start, end))
        first = last + 1
    return pieces


def _split_word(
    text: str, start: int, end: int, max_chars: int, budget: int, count_tokens: TokenCounter
) -> list[Sentence]:
    """Cut one over-long "word" (a URL, a run of symbols or CJK) into the longest pieces that fit."""
    pieces = []
    while start < end:
        fits, lo, hi = 1, 1, min(max_chars, end - start)  # a single character always fits
        while lo <= hi:
            mid = (lo + hi) // 2
            if count_tokens([text[start : start + mid]])[0] <= budget:
                fits, lo = mid, mid + 1
            else:
                hi = mid - 1
        pieces.append(Sentence(start, start + fits))
        start += fits
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
        page_label=doc.page_label_at(start),
        page_end_label=doc.page_label_at(end - 1),
    )
