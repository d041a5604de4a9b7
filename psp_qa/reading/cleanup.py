"""Page text clean-up shared by the readers: running headers and footers, compatibility characters,
words hyphenated at line ends, stray spaces inside words.

The decisions about words use the document as its own dictionary: a word it
writes elsewhere is a word, a compound it writes with a hyphen keeps it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LINE_END_BREAK = re.compile(r"([^\W\d_]+)-$")
_LINE_START_WORD = re.compile(r"^([^\W\d_]+)(\S*)")  # the word and the punctuation after it
_LINE_END_DASH = re.compile(r"[^\W_][–—]$")
_LINE_START_TOKEN = re.compile(r"^[^\W_]\S*")
_SPACED_HYPHEN = re.compile(r"\b([^\W\d_]{4,})- ([^\W\d_]{4,})\b")
_SPLIT_PAIR = re.compile(r"\b([^\W\d_]+) ([^\W\d_]+)\b")
_SPLIT_PAIR_AHEAD = re.compile(r"\b([^\W\d_]+) (?=([^\W\d_]+)\b)")  # every pair, overlapping
_NUMBER_EDGE = re.compile(r"^\W*(\d{1,4})\W*(?:\s|$)|(?:^|\s)\W*(\d{1,4})\W*$")

MIN_PAGES = 3


def fold_compatibility(text: str) -> str:
    """NFKC: ligatures ("ﬁ" -> "fi") and presentation forms become the letters a reader types."""
    return unicodedata.normalize("NFKC", text)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_unprintable(text: str) -> str:
    """Text without private-use characters (icon glyphs, a font's own symbols) or control characters (what
    pypdf gives for a TeX math symbol without a Unicode map: NUL for a minus): no question can name them,
    and a terminal or a page shows them as garbage."""
    text = _CONTROL.sub("", text)
    return text if text.isascii() else "".join(ch for ch in text if unicodedata.category(ch) != "Co")


_BROKEN_WORD = re.compile(r"[^\W\d_]+-\n[^\W\d_]+")


class Vocabulary:
    """How often the document writes each word (lower case), hyphenated compounds included.

    Words broken at a line end are left out: they are what the vocabulary is asked about.
    """

    def __init__(self, pages: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        for text in pages:
            text = _BROKEN_WORD.sub(" ", text).lower()
            self.counts.update(_WORD.findall(text))
            self.pairs.update(pair.groups() for pair in _SPLIT_PAIR_AHEAD.finditer(text))

    def __getitem__(self, word: str) -> int:
        return self.counts[word.lower()]

    def joined(self, head: str, tail: str) -> str:
        """A word broken after `head`-: hyphen kept when the document writes the compound that way,
        or when both halves are words it uses and the joined form is not; joined otherwise."""
        hyphenated, closed = f"{head}-{tail}", f"{head}{tail}"
        if self[closed]:
            return closed
        if self[hyphenated] or (self[head] and self[tail] and len(head) > 2 and len(tail) > 2):
            return hyphenated
        return closed


def join_line_ends(lines: list[str], vocabulary: Vocabulary) -> list[str]:
    """A word hyphenated at a line end is moved whole onto the first line, as `Vocabulary.joined` decides;
    so is a number or word broken after an en or em dash set without spaces ("AD 2018–" / "23–51 was")."""
    out = [line.rstrip() for line in lines]
    for i in range(len(out) - 1):
        head = _LINE_END_BREAK.search(out[i])
        tail = _LINE_START_WORD.match(out[i + 1].lstrip())
        if head and tail:
            rest = out[i + 1].lstrip()[tail.end() :]
            out[i] = out[i][: head.start()] + vocabulary.joined(head.group(1), tail.group(1)) + tail.group(2)
            out[i + 1] = rest.lstrip() if rest[:1] == " " else rest
            continue
        token = _LINE_START_TOKEN.match(out[i + 1].lstrip())
        if _LINE_END_DASH.search(out[i]) and token:
            out[i] += token.group()
            rest = out[i + 1].lstrip()[token.end() :]
            out[i + 1] = rest.lstrip() if rest[:1] == " " else rest
    return out


def repair_words(text: str, vocabulary: Vocabulary) -> str:
    """Within a line: "centre- village" is judged as a line-end break would be, and "th e" is joined
    when the document writes "the" often, one piece is a letter or two, and neither piece is ever
    written anywhere but in this pair."""

    def spaced_hyphen(match: re.Match) -> str:
        head, tail = match.groups()
        if vocabulary[f"{head}-{tail}"] or vocabulary[head + tail] or (vocabulary[head] and vocabulary[tail]):
            return vocabulary.joined(head, tail)
        return match.group()

    def split_pair(match: re.Match) -> str:
        head, tail = match.groups()
        together = vocabulary.pairs[(head.lower(), tail.lower())]
        stray = min(len(head), len(tail)) <= 2 and vocabulary[head] <= together and vocabulary[tail] <= together
        return head + tail if stray and vocabulary[head + tail] >= 3 else match.group()

    text = _SPACED_HYPHEN.sub(spaced_hyphen, text)
    return _SPLIT_PAIR.sub(split_pair, text)


def margin_lines(pages: list[list[str]]) -> list[set[int]]:
    """Indexes of each page's running header and footer lines.

    A margin line is found in the same place (first two or last two lines) on
    most pages, or on most odd or most even pages (running heads that differ
    left and right); digits are folded so "Page 3" and "Page 4" count as the
    same line. A line in such a place that starts or ends with the page's
    number, counted with the same offset on most pages, is one too, whatever
    else it says ("15 1.5. KOMPAKTHEIT", "-2- Instructions for Form 1040NR").
    Only those places are judged: a body line that happens to look like a
    footer (a bare "31" in a table when the footer is a bare page number) stays.
    Lines are counted once per distinct page: a PDF that prints one page eight
    times repeats its first and last lines because it repeats everything.
    """
    found: list[set[int]] = [set() for _ in pages]
    if len(pages) < MIN_PAGES:
        return found
    slotted = [_margin_slots(lines) for lines in pages]
    distinct = _distinct_pages(pages)
    frequent = _frequent_lines(pages, slotted, distinct)
    for parity in (0, 1):
        frequent |= _frequent_lines(pages, slotted, [n for n in distinct if n % 2 == parity])
    numbered = _numbered_slots(pages, slotted)
    slugs = _slugs([pages[n] for n in distinct])
    for number, (lines, slots) in enumerate(zip(pages, slotted, strict=True)):
        for i, slot in slots.items():
            if (slot, _fold_digits(lines[i])) in frequent or (slot, _edge_number(lines[i]) - number) in numbered:
                found[number].add(i)
        found[number].update(i for i, line in enumerate(lines) if _slug_key(line) in slugs)
    return found


MIN_GUTTER_LINES = 5


def line_number_lines(lines: list[str]) -> set[int]:
    """Indexes of a line-number gutter: five or more lines in a row that are bare numbers counting from 1
    ("1" to "25" down a court transcript's margin, which pypdf reads as a column of its own). A column of
    years or other figures does not start at 1 and stays."""
    found: set[int] = set()
    run: list[int] = []
    previous = -1
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        number = int(text) if text.isdigit() and len(text) <= 4 else None
        if number is None or number != previous + 1:
            found.update(run if len(run) >= MIN_GUTTER_LINES else ())
            run = []
        if number is not None and (run or number == 1):
            run.append(i)
        previous = number if number is not None else -1
    found.update(run if len(run) >= MIN_GUTTER_LINES else ())
    return found


def _distinct_pages(pages: list[list[str]]) -> list[int]:
    """Indexes of the pages whose lines are not those of an earlier page."""
    seen: set[tuple[str, ...]] = set()
    distinct = []
    for number, lines in enumerate(pages):
        if tuple(lines) not in seen:
            seen.add(tuple(lines))
            distinct.append(number)
    return distinct


def _slugs(pages: list[list[str]]) -> set[str]:
    """Lines full of numbers that recur on most pages wherever they fall: print-shop slugs and timestamps
    ("VerDate Sep<11>2014 16:21 Aug 05, 2020 Jkt 250001 ..."), which a page's reading order can put mid-text."""
    counts = Counter(key for lines in pages for key in {_slug_key(line) for line in lines} if key)
    return {key for key, count in counts.items() if count >= max(MIN_PAGES, len(pages) * 0.6)}


def _slug_key(line: str) -> str:
    """A line with three or more numbers, digits folded, up to its first 60 characters ("" for other lines)."""
    return _fold_digits(line)[:60] if len(re.findall(r"\d+", line)) >= 3 else ""


def _frequent_lines(pages: list[list[str]], slotted: list[dict[int, str]], numbers: list[int]) -> set[tuple[str, str]]:
    if len(numbers) < MIN_PAGES:
        return set()
    counts: Counter[tuple[str, str]] = Counter()
    for number in numbers:
        counts.update({(slot, _fold_digits(pages[number][i])) for i, slot in slotted[number].items()})
    return {key for key, count in counts.items() if count >= max(MIN_PAGES, len(numbers) * 0.5)}


def _numbered_slots(pages: list[list[str]], slotted: list[dict[int, str]]) -> set[tuple[str, int]]:
    """(slot, page number minus page index) pairs that hold on most pages of one parity."""
    counts: Counter[tuple[str, int, int]] = Counter()
    for number, (lines, slots) in enumerate(zip(pages, slotted, strict=True)):
        for i, slot in slots.items():
            value = _edge_number(lines[i])
            if value >= 0:
                counts[(slot, value - number, number % 2)] += 1
    half = (len(pages) + 1) // 2
    return {(slot, offset) for (slot, offset, _), count in counts.items() if count >= max(MIN_PAGES - 1, half * 0.5)}


def _edge_number(line: str) -> int:
    """The number a short line starts or ends with ("15 1.5. KOMPAKTHEIT" -> 15), or -1."""
    text = line.strip()
    if len(text) > 100:
        return -1
    match = _NUMBER_EDGE.search(text)
    if not match:
        return -1
    return int(match.group(1) or match.group(2))


def _margin_slots(lines: list[str]) -> dict[int, str]:
    """Line index -> "top0", "top1", "bottom0", "bottom1" for a page's outermost non-blank lines."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    slots = {i: f"top{n}" for n, i in enumerate(content[:2])}
    slots.update({i: f"bottom{n}" for n, i in enumerate(reversed(content[-2:]))})
    return slots


def _fold_digits(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())
