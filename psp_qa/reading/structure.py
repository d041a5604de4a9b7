"""Recover a document's section structure from plain text and Markdown.

Plain text has no markup, so headings are read from the cues reports use:
numbered headings (`4.`, `4.1`), `Appendix N - ...`, and short title lines
that stand directly before prose. A short title line that repeats under many
topics ("Outcomes", "Challenges") is nested under the topic before it.
Table and figure captions start a table block that runs until the next heading.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from psp_qa.reading.captions import is_caption
from psp_qa.types import Block, SectionPath

_NON_SPACE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"\n(?=[ \t]*\n)")  # the newline that ends a paragraph
_FOOTNOTE_MARKER = re.compile(r"\s*\[\d+\]")
# "4. Title" or "4.1 Title"; a bare "4 Title" is too often a table cell ("4 Interviews").
_NUMBERED_HEADING = re.compile(r"^(\d+\.|\d+(?:\.\d+){1,3}\.?)\s+(?=[A-Z])")
_APPENDIX_HEADING = re.compile(r"^(?:Appendix|Annex|Annexe|Chapter)\s+[A-Z0-9]{1,3}\b")
_PROSE_END = re.compile(r"""[.!?:]["'”’)\]]*(?:\s*\[\d+\])?\s*$""")

MAX_TITLE_CHARS = 100
MIN_PROSE_CHARS = 80
MIN_UNPUNCTUATED_PROSE_CHARS = 400  # long enough to be running text even without a final stop
MAX_HEADING_RUN = 3  # a longer run of short lines is a table, not nested headings


def clean_heading(text: str) -> str:
    """Heading text for display: one line, no footnote markers."""
    text = _FOOTNOTE_MARKER.sub("", text)
    return " ".join(text.split()).rstrip(":").strip()


@dataclass
class _Paragraph:
    start: int
    end: int
    text: str

    @property
    def is_short(self) -> bool:
        return "\n" not in self.text and len(self.text) <= MAX_TITLE_CHARS

    @property
    def is_title_like(self) -> bool:
        text = self.text
        return (
            self.is_short
            and text[0].isupper()
            and not text.rstrip().endswith((".", ";", ",", ":"))
            and re.search(r"[A-Za-z]{2}", text) is not None
            and len(text.split()) <= 16
        )

    @property
    def is_prose(self) -> bool:
        """Running text a heading can stand before."""
        if len(self.text) >= MIN_UNPUNCTUATED_PROSE_CHARS:
            return True
        return len(self.text) >= MIN_PROSE_CHARS and _PROSE_END.search(self.text) is not None

    @property
    def is_caption(self) -> bool:
        return self.is_short and is_caption(self.text)

    def numbered_level(self) -> int | None:
        """Level of a numbered or appendix heading, or None.

        A heading may end in a full stop ("15. Disclaimer of Warranty.") when it
        reads as a title, not a sentence: see `_titled_with_stop`.
        """
        if not self.is_short or (self.text.rstrip().endswith(".") and not _titled_with_stop(self.text)):
            return None
        if _APPENDIX_HEADING.match(self.text):
            return 1
        match = _NUMBERED_HEADING.match(self.text)
        return match.group(1).rstrip(".").count(".") + 1 if match else None


MAX_STOPPED_TITLE_WORDS = 10


def _titled_with_stop(text: str) -> bool:
    """A numbered line ending in its only full stop, whose longer words are all capitalised.

    "15. Disclaimer of Warranty." is a heading; "2. Send the form by May." is a list item.
    """
    words = _NUMBERED_HEADING.sub("", text.strip()).rstrip(".").split()
    return (
        0 < len(words) <= MAX_STOPPED_TITLE_WORDS
        and not re.search(r"[.;:!?]", " ".join(words))
        and all(word[0].isupper() for word in words if len(word) >= 5 and word[0].isalpha())
    )


def paragraphs(text: str) -> list[_Paragraph]:
    """Runs of text between blank lines, found without a repeated regex group.

    (A pattern such as `\\S(?:.|\\n(?!...))*` keeps a backtracking record per
    character: about 115 MB for a 1 MB line.)
    """
    found = []
    position = 0
    while (first := _NON_SPACE.search(text, position)) is not None:
        brk = _BLANK_LINE.search(text, first.start())
        end = brk.start() if brk else len(text)
        body = text[first.start() : end].rstrip()  # a block never ends in the newline before the next paragraph
        found.append(_Paragraph(first.start(), first.start() + len(body), body))
        position = end
    return found


def _shares_bigram(a: str, b: str) -> bool:
    def bigrams(text: str) -> set[tuple[str, str]]:
        words = re.findall(r"[a-z]+", text.lower())
        return set(zip(words, words[1:]))

    return bool(bigrams(a) & bigrams(b))


def _heading_roles(paras: list[_Paragraph]) -> dict[int, str]:
    """Map paragraph index to "numbered", "container", "topic" or "caption"."""
    roles: dict[int, str] = {}
    for i, para in enumerate(paras):
        if para.numbered_level() is not None:
            roles[i] = "numbered"
        elif para.is_caption:
            roles[i] = "caption"
    for i, para in enumerate(paras):
        if i in roles or not para.is_title_like:
            continue
        following = paras[i + 1] if i + 1 < len(paras) else None
        if following is None or not following.is_prose or (i + 1) in roles:
            continue
        roles[i] = "topic"
        # Walk back over the short lines before this topic heading.
        run = []
        j = i - 1
        # A one-sentence paragraph ends the run: it is text, not a heading or a table cell.
        while j >= 0 and paras[j].is_short and not paras[j].is_prose and roles.get(j) != "numbered":
            run.append(j)
            j -= 1
        if len(run) + 1 <= MAX_HEADING_RUN and all(paras[k].is_title_like and roles.get(k) != "caption" for k in run):
            for k in run:
                roles[k] = "container"
    return roles


def structure_plain_text(text: str) -> tuple[Block, ...]:
    paras = paragraphs(text)
    roles = _heading_roles(paras)
    topic_counts = Counter(clean_heading(paras[i].text) for i, r in roles.items() if r == "topic")
    generic = {title for title, count in topic_counts.items() if count >= 2}

    numbered: list[str] = []
    containers: list[str] = []
    pending_containers: list[str] = []
    topic: str | None = None
    subtopic: str | None = None
    in_table = False
    blocks: list[Block] = []

    def path() -> SectionPath:
        parts = [*numbered, *containers, *([topic] if topic else []), *([subtopic] if subtopic else [])]
        return tuple(parts)

    short_run = 0
    for i, para in enumerate(paras):
        role = roles.get(i)
        if role == "numbered":
            level = para.numbered_level() or 1
            # "15. Disclaimer of Warranty." is cited without the full stop that closes it.
            numbered = [*numbered[: level - 1], clean_heading(para.text).removesuffix(".")]
            containers, pending_containers, topic, subtopic, in_table = [], [], None, None, False
            short_run = 0
            continue
        if role == "container":
            pending_containers.append(clean_heading(para.text))
            continue
        if role == "topic":
            title = clean_heading(para.text)
            if title in generic and topic is not None and not pending_containers:
                subtopic = title
            else:
                if pending_containers:
                    containers = _place_containers(containers, pending_containers)
                topic, subtopic = title, None
            pending_containers, in_table, short_run = [], False, 0
            continue
        # Content paragraph.
        if role == "caption":
            in_table = True
        elif para.is_prose:
            in_table = False
        short_run = short_run + 1 if para.is_short and not para.is_prose else 0
        if short_run > MAX_HEADING_RUN:
            in_table = True
        kind = "table" if in_table else "prose"
        if short_run == MAX_HEADING_RUN + 1 and blocks and blocks[-1].section == path():
            # The short lines before this one were the start of a caption-less table.
            blocks = _retag_tail_as_table(blocks, paras[i - MAX_HEADING_RUN].start)
        blocks.append(Block(para.start, para.end, path(), kind))
    return tuple(_merge_adjacent(blocks, text))


def _place_containers(current: list[str], new: list[str]) -> list[str]:
    """Decide where new grouping headings sit among the current ones.

    A heading that shares a phrase with a current one ("Italian case studies",
    "Netherland case studies") replaces it at the same depth; otherwise the new
    headings replace the innermost ones.
    """
    for depth, existing in enumerate(current):
        if _shares_bigram(existing, new[0]):
            return [*current[:depth], *new]
    depth = max(0, len(current) - len(new))
    return [*current[:depth], *new]


def _retag_tail_as_table(blocks: list[Block], from_offset: int) -> list[Block]:
    return [Block(b.start, b.end, b.section, "table") if b.start >= from_offset else b for b in blocks]


def _merge_adjacent(blocks: list[Block], text: str) -> list[Block]:
    """Join the rows of one table into a block; a caption starts a new table."""
    merged: list[Block] = []
    for block in blocks:
        last = merged[-1] if merged else None
        starts_table = is_caption(text[block.start : block.start + 20])
        if last and last.section == block.section and last.kind == block.kind == "table" and not starts_table:
            merged[-1] = Block(last.start, block.end, last.section, "table")
        else:
            merged.append(block)
    return merged


_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
# A setext heading: a one-line paragraph underlined with = (level 1) or - (level 2). The blank line (or
# the start of the body) before it is checked where it is used: front matter may end just before it.
_MD_SETEXT = re.compile(
    r"^[ \t]{0,3}(?![-*+][ \t]|\d+[.)][ \t])([^\s#|>][^\n]*)\n[ \t]{0,3}(=+|-+)[ \t]*$", re.MULTILINE
)
# A fenced code block runs to its closing fence (or the end of the text); "# ..." inside it is code.
_MD_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,}).*?(?:^[ \t]{0,3}\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
# YAML front matter: "---" on the first line, to the next "---" or "..." line.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def front_matter(text: str) -> tuple[int, str]:
    """Where the body starts after YAML front matter (0 if there is none), and its `title` ("" if none)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return 0, ""
    title = _FRONT_MATTER_TITLE.search(match.group(1) or "")
    value = title.group(1) if title else ""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return match.end(), clean_heading(value)


def structure_markdown(text: str) -> tuple[Block, ...]:
    """Markdown headings (ATX and setext) are headings; tables and fenced code blocks stay whole blocks.

    Front matter is not body text; its title, if any, is the section of the
    text before the first heading.
    """
    body_start, title = front_matter(text)
    fences = [m.span() for m in _MD_FENCE.finditer(text, body_start)]
    fence_starts = [a for a, _ in fences]

    def in_fence(offset: int) -> bool:
        at = bisect.bisect_right(fence_starts, offset) - 1
        return at >= 0 and offset < fences[at][1]

    boundaries = [(m.start(), m.end(), len(m.group(1)), clean_heading(m.group(2)))
                  for m in _MD_HEADING.finditer(text, body_start) if not in_fence(m.start())]  # fmt: skip
    for match in _MD_SETEXT.finditer(text, body_start):
        if (
            _after_blank_line(text, match.start(), body_start)
            and not in_fence(match.start(1))
            and not in_fence(match.start(2))
        ):
            level = 1 if match.group(2)[0] == "=" else 2
            boundaries.append((match.start(1), match.end(), level, clean_heading(match.group(1))))
    boundaries.sort()
    stack: list[tuple[int, str]] = []  # (level, title) of the open headings
    paths: list[SectionPath] = [(title,) if title else ()]
    for _, _, level, heading in boundaries:
        # A heading closes every open heading at its level or deeper; levels may be skipped ("##" first).
        stack = [*(item for item in stack if item[0] < level), (level, heading)]
        paths.append(tuple(t for _, t in stack))
    positions = [body_start, *[b[1] for b in boundaries]]
    ends = [b[0] for b in boundaries] + [len(text)]
    blocks: list[Block] = []
    for start, end, cursor_path in zip(positions, ends, paths):
        blocks.extend(_markdown_blocks(text, start, end, cursor_path, fences, fence_starts))
    return tuple(_merge_adjacent(blocks, text))


def _after_blank_line(text: str, line_start: int, body_start: int) -> bool:
    """Whether the line at `line_start` opens the body or follows a blank line (so it starts a paragraph)."""
    if line_start <= body_start:
        return True
    previous = text.rfind("\n", body_start, line_start - 1)
    return not text[max(previous + 1, body_start) : line_start - 1].strip()


def _markdown_blocks(
    text: str, start: int, end: int, section: SectionPath, fences: list[tuple[int, int]], starts: list[int]
) -> list[Block]:
    """Paragraphs of text[start:end], with each fenced code block in it as one "code" block.

    `starts` are the fences' start offsets, in order: only the fences of this stretch are visited.
    """
    blocks: list[Block] = []
    cursor = start
    for fence_start, fence_end in fences[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]:
        blocks.extend(_paragraph_blocks(text, cursor, fence_start, section))
        code_end = min(fence_end, end)
        if text[fence_start:code_end].strip():
            blocks.append(Block(fence_start, fence_start + len(text[fence_start:code_end].rstrip()), section, "code"))
        cursor = code_end
    blocks.extend(_paragraph_blocks(text, cursor, end, section))
    return blocks


def _paragraph_blocks(text: str, start: int, end: int, section: SectionPath) -> list[Block]:
    blocks = []
    for para in paragraphs(text[start:end]):
        kind = "table" if para.text.lstrip().startswith("|") else "prose"
        blocks.append(Block(start + para.start, start + para.end, section, kind))
    return blocks


def blocks_from_headings(text: str, headings: list[tuple[int, int, tuple[str, ...]]]) -> tuple[Block, ...]:
    """Blocks for text whose headings are known (a PDF's): (start, end, section path) each."""
    blocks: list[Block] = []
    cursor, section = 0, ()
    for start, end, path in sorted(headings):
        if start > cursor and text[cursor:start].strip():
            blocks.extend(_body_blocks(text, cursor, start, section))
        cursor, section = end, tuple(clean_heading(p) for p in path)
    if text[cursor:].strip():
        blocks.extend(_body_blocks(text, cursor, len(text), section))
    return tuple(blocks)


def _body_blocks(text: str, start: int, end: int, section: SectionPath) -> list[Block]:
    """The text under one heading: prose, and each table a block of its own, from its caption ("Table 1:
    ...", with the header row that may follow on its line) to the next paragraph of prose. So the caption
    and header row are not packed with the prose before them, apart from the rows."""
    blocks: list[Block] = []
    open_start, open_kind, last_end = start, "prose", start
    for para in paragraphs(text[start:end]):
        first_line = para.text.split("\n", 1)[0]
        caption = is_caption(first_line) and first_line.lstrip()[:3].lower() == "tab"
        caption = caption and len(first_line) <= MAX_TITLE_CHARS
        kind = "table" if caption else "prose" if open_kind == "table" and para.is_prose else open_kind
        if caption or kind != open_kind:  # a table starts (or ends): the open block ends
            if text[open_start : start + para.start].strip():
                blocks.append(Block(open_start, last_end, section, open_kind))
            open_start, open_kind = start + para.start, kind
        last_end = start + para.end
    if text[open_start:end].strip():
        blocks.append(Block(open_start, end, section, open_kind))
    return blocks
