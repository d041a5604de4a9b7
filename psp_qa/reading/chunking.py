"""Split a Document into Passages: whole sentences, one section each, within size limits.

Pure functions, no I/O. Two limits apply to every passage: `max_chars` on its
text, and `max_tokens` on the text actually embedded (context header plus
passage), counted with the model's own tokenizer so nothing is truncated.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from psp_qa.reading.table_rows import flattened_rows
from psp_qa.types import Block, Document, Passage, SectionPath, Sentence

TokenCounter = Callable[[list[str]], list[int]]

SECTION_SEPARATOR = " › "
# Bump whenever passages or embedded texts change for the same input, so older indexes count as stale.
CHUNKING_VERSION = 6

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


def embedding_text(section: SectionPath, text: str, lead: str = "") -> str:
    """The text the model sees for a passage: its section path, the header row or row label it continues, then its words."""
    header = context_header(section)
    body = " ".join(text.split())
    return "\n".join(part for part in (header, " ".join(lead.split()), body) if part)


def sentence_embedding_text(section: SectionPath, sentence: str, lead: str = "") -> str:
    """A sentence with the two innermost headings ("Bollate Prison › Outcomes") as context,
    and the label of the table row it is a cell of ("Low Moss")."""
    return embedding_text(section[-2:], sentence, lead)


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
        rows = flattened_rows(doc.text, units) if kind == "table" else None
        if rows:  # a flattened table: each row packed on its own, its label carried by every piece
            for label, row in rows:
                for group in _pack(doc.text, section, row, limits, count_tokens, _reserve(label, count_tokens)):
                    passages.append(_make_passage(doc, section, group, label))
            continue
        groups = list(_pack(doc.text, section, units, limits, count_tokens))
        lead = _lead(doc.text, units) if kind in BLOCK_KINDS and len(groups) > 1 else ""
        reserve = _reserve(lead, count_tokens)
        if reserve > limits.max_tokens // 4:  # a header row that would crowd out the rows is not repeated
            lead = ""
        elif lead:  # pack again, leaving room to repeat the header in every piece after the first
            groups = list(_pack(doc.text, section, units, limits, count_tokens, reserve))
        for number, group in enumerate(groups):
            passages.append(_make_passage(doc, section, group, lead if number else ""))
    return passages


BLOCK_KINDS = ("table", "code")  # kept whole where they fit, split by rows where they do not
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$")


def _reserve(lead: str, count_tokens: TokenCounter) -> int:
    """Tokens to keep free in each passage for a repeated lead."""
    return count_tokens([lead])[0] + 1 if lead else 0


def _lead(text: str, rows: list[Sentence]) -> str:
    """What a piece of a split block repeats: a Markdown table's header row (and rule), or a code fence line."""
    first = text[rows[0].start : rows[0].end]
    if first.startswith(("```", "~~~")):
        return first
    if first.startswith("|"):
        second = text[rows[1].start : rows[1].end] if len(rows) > 1 else ""
        return f"{first}\n{second}" if _TABLE_RULE.match(second) else first
    return ""


def _sections(blocks: tuple[Block, ...], text: str) -> Iterator[tuple[SectionPath, str, int, int]]:
    """Runs of adjacent blocks that share a section; a table is its own run.

    Blocks with text between them (a repeated heading) are separate runs, so
    that text never ends up inside a passage.
    """
    run: list[Block] = []
    for block in blocks:
        apart = bool(run) and not text[run[-1].end : block.start].isspace() and block.start > run[-1].end
        whole = block.kind in BLOCK_KINDS or (bool(run) and run[0].kind in BLOCK_KINDS)
        if run and (block.section != run[0].section or whole or apart):
            yield run[0].section, run[0].kind, run[0].start, run[-1].end
            run = []
        run.append(block)
    if run:
        yield run[0].section, run[0].kind, run[0].start, run[-1].end


def _units(text: str, start: int, end: int, kind: str) -> list[Sentence]:
    """The pieces a passage is packed from: sentences, or rows for a table or code block."""
    if kind in BLOCK_KINDS:
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
    reserve: int = 0,
) -> Iterator[list[Sentence]]:
    """Fill passages with whole units; split a unit only if it alone is too big.

    `reserve` tokens are kept free in every passage, for a repeated header row.
    """
    header_tokens = count_tokens([context_header(section)])[0] if section else 0
    budget = limits.max_tokens - header_tokens - 3 - reserve  # [CLS], [SEP] and the header's newline
    if budget < 16:
        raise ValueError(f"section heading too long to leave room for text: {section[-1][:60]}")
    pieces, token_counts = _fitting_pieces(text, units, limits.max_chars, budget, count_tokens)
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


# Units are tokenized this many at a time: the tokenizer's memory grows with the text of one call.
TOKENIZER_BATCH = 256


class _Measure:
    """Token counts of spans of one text, each span counted once, in bounded tokenizer calls."""

    def __init__(self, text: str, count_tokens: TokenCounter) -> None:
        self.text, self.count_tokens = text, count_tokens
        self.known: dict[tuple[int, int], int] = {}

    def many(self, spans: list[Sentence]) -> list[int]:
        missing = list(dict.fromkeys((s.start, s.end) for s in spans if (s.start, s.end) not in self.known))
        for first in range(0, len(missing), TOKENIZER_BATCH):
            batch = missing[first : first + TOKENIZER_BATCH]
            self.known.update(zip(batch, self.count_tokens([self.text[a:b] for a, b in batch])))
        return [self.known[(s.start, s.end)] for s in spans]

    def one(self, start: int, end: int) -> int:
        return self.many([Sentence(start, end)])[0]


def _fitting_pieces(
    text: str, units: list[Sentence], max_chars: int, budget: int, count_tokens: TokenCounter
) -> tuple[list[Sentence], list[int]]:
    """The units, each split if it alone is too big, and their token counts.

    A unit longer than `max_chars` is split without being tokenized whole, and
    no tokenizer call sees more than `TOKENIZER_BATCH` texts of at most
    `max_chars` each, so time and memory stay linear in the text's length
    whatever its shape (one 12 MB line, or a million ". ").
    """
    measure = _Measure(text, count_tokens)
    measure.many([u for u in units if u.end - u.start <= max_chars])
    pieces: list[Sentence] = []
    for unit in units:
        if unit.end - unit.start <= max_chars and measure.one(unit.start, unit.end) <= budget:
            pieces.append(unit)
        else:
            pieces.extend(_split_unit(text, unit, max_chars, budget, measure))
    return pieces, measure.many(pieces)


def _longest(lo: int, hi: int, fits: Callable[[int], bool], guess: int) -> int:
    """The largest i in [lo, hi] with fits(i), given fits(lo) and that fits holds up to some point.

    The search starts at `guess` (the previous piece's answer) and widens by
    doubling, so text of even texture costs about two calls a piece, and any
    text at most a logarithmic number.
    """
    guess = min(max(guess, lo), hi)
    if fits(guess):
        lo, step = guess, 1
        while lo < hi:
            probe = min(hi, lo + step)
            if not fits(probe):
                hi = probe - 1
                break
            lo, step = probe, step * 2
    else:
        hi, step = guess - 1, 1
        while hi > lo:
            probe = max(lo, hi - step)
            if fits(probe):
                lo = probe
                break
            hi, step = probe - 1, step * 2
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _split_unit(text: str, unit: Sentence, max_chars: int, budget: int, measure: _Measure) -> list[Sentence]:
    """Split an over-long sentence at word boundaries into the longest pieces within both limits."""
    words = [
        (unit.start + a, unit.start + b)
        for a, b in (m.span() for m in re.finditer(r"\S+", text[unit.start : unit.end]))
    ]
    ends = [end for _, end in words]
    pieces: list[Sentence] = []
    first, length = 0, 1
    while first < len(words):
        start = words[first][0]
        # The last word that keeps the piece within max_chars, found without the tokenizer.
        cap = bisect.bisect_right(ends, start + max_chars, lo=first) - 1
        if cap < first or measure.one(start, words[first][1]) > budget:
            pieces.extend(_split_word(start, words[first][1], max_chars, budget, measure))
            first += 1
            continue

        def fits(last: int, start: int = start) -> bool:
            return measure.one(start, words[last][1]) <= budget

        last = _longest(first, cap, fits, first + length - 1)
        pieces.append(Sentence(start, words[last][1]))
        first, length = last + 1, last - first + 1
    return pieces


def _split_word(start: int, end: int, max_chars: int, budget: int, measure: _Measure) -> list[Sentence]:
    """Cut one over-long "word" (a URL, a run of symbols or CJK) into the longest pieces that fit."""
    pieces = []
    size = 1
    while start < end:

        def fits(chars: int, start: int = start) -> bool:
            return measure.one(start, start + chars) <= budget

        size = _longest(1, min(max_chars, end - start), fits, size)  # a single character always fits
        pieces.append(Sentence(start, start + size))
        start += size
    return pieces


def _make_passage(doc: Document, section: SectionPath, group: list[Sentence], lead: str = "") -> Passage:
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
        lead=lead,
    )
