"""Answers, contents and sections as HTML for the web page and the printable transcript.

Passages and questions are text, never markup: everything that comes from a
document or a person goes through `esc` (or `highlighted`, which escapes too)
before it is put into HTML. The only tags in the output are the ones written here.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from psp_qa.reading.chunking import SECTION_SEPARATOR
from psp_qa.types import Passage
from psp_qa.web.outline import Outline, SectionNode

INTRO_HTML = (
    '<div class="intro"><p>Ask a question about the report in plain English, or pick an example below. '
    "Every answer is made of the report's own sentences, each marked with the source it comes from.</p></div>"
)
_THUMB = (
    '<svg class="thumb" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">'
    '<path fill="currentColor" d="M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79'
    "-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05"
    'c.09-.23.14-.47.14-.73v-2z"/></svg>'
)


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def crumbs(section: Iterable[str]) -> str:
    return SECTION_SEPARATOR.join(section) or "(no section)"


def pages_label(page: int | str | None, page_end: int | str | None = None) -> str:
    if page is None:
        return ""
    return f"p. {page}" if page_end in (None, page) else f"pp. {page}–{page_end}"


def cited_pages_label(passage: dict) -> str:
    """The pages of a passage as the API gives it: the printed labels where the document has them."""
    return pages_label(
        passage.get("page_label") or passage.get("page"), passage.get("page_end_label") or passage.get("page_end")
    )


def quote_spans(text: str, quotes: Iterable[str]) -> list[tuple[int, int]]:
    """Where each quote sits in the passage; quotes are whitespace-collapsed, the passage is not."""
    spans = []
    for quote in quotes:
        words = quote.split()
        if not words:
            continue
        match = re.search(r"\s+".join(re.escape(word) for word in words), text)
        if match:
            spans.append(match.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlighted(text: str, quotes: Iterable[str] = ()) -> str:
    """The passage, escaped, with its quoted sentences inside <mark>."""
    out, cursor = [], 0
    for start, end in quote_spans(text, quotes):
        out.append(esc(text[cursor:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out)


# ---------------------------------------------------------------- answers


def render_turn(number: int, turn: dict, outline: Outline | None, interactive: bool = True) -> str:
    """One question and its answer; `number` makes element ids unique on the page."""
    cited = {quote["citation"] for quote in turn.get("quotes", [])}
    passages = turn.get("passages", [])
    parts = [
        f'<article class="turn" id="t{number}" data-turn="{number}">',
        f'<div class="question"><span class="who">Question {number}</span><p>{esc(turn.get("question"))}</p></div>',
        '<div class="reply">',
    ]
    if turn.get("in_scope") and turn.get("quotes"):
        quotes = " ".join(
            f'<span class="quote">“{esc(q["text"])}”</span> '
            f'<a class="cite" href="#t{number}-s{q["citation"]}" data-target="t{number}-s{q["citation"]}" '
            f'aria-label="source {q["citation"]}">[{q["citation"]}]</a>'
            for q in turn["quotes"]
        )
        parts.append(f'<p class="answer">{quotes}</p>')
    else:
        notice = turn.get("notice") or "The report does not seem to cover this."
        parts.append(f'<p class="notice" role="status">{esc(notice)}</p>')
    parts.append(f'<p class="searched">Searched for: <q>{esc(turn.get("standalone_question"))}</q></p>')
    main = [p for p in passages if p["rank"] in cited] if cited else passages
    rest = [p for p in passages if p not in main]
    heading = "Sources" if cited else "Nearest passages (weak matches)"
    parts.append(f'<section class="sources" aria-label="{heading}"><h4>{heading}</h4>')
    parts.extend(render_source(number, p, turn, outline, interactive) for p in main)
    parts.append("</section>")
    if rest and interactive:
        parts.append(f'<details class="more"><summary>Other passages found ({len(rest)})</summary>')
        parts.extend(render_source(number, p, turn, outline, interactive) for p in rest)
        parts.append("</details>")
    if interactive:
        parts.append(_feedback(number, turn.get("vote")))
    parts.append("</div></article>")
    return "".join(parts)


def render_source(number: int, passage: dict, turn: dict, outline: Outline | None, interactive: bool = True) -> str:
    rank = passage["rank"]
    quotes = [q["text"] for q in turn.get("quotes", []) if q["citation"] == rank]
    weak = " weak" if passage.get("weak") else ""
    page = cited_pages_label(passage)
    head = (
        f'<div class="source-head"><span class="rank">[{rank}]</span> '
        f'<span class="crumbs">{esc(crumbs(passage.get("section", [])))}</span>'
        + (f' <span class="page">{esc(page)}</span>' if page else "")
        + f' <span class="file">{esc(passage.get("source"))}</span></div>'
    )
    body = f'<blockquote class="passage">{highlighted(passage.get("text", ""), quotes)}</blockquote>'
    context = _context(passage, quotes, outline) if interactive and outline is not None else ""
    return f'<div class="source{weak}" id="t{number}-s{rank}" tabindex="-1">{head}{body}{context}</div>'


def _context(passage: dict, quotes: list[str], outline: Outline) -> str:
    """The neighbouring passages of the same source, folded away until asked for."""
    before, after = outline.neighbours(passage["id"])
    source = passage.get("source", "")
    pieces = ['<details class="context"><summary>Show in context</summary>']
    if not before:
        pieces.append(f'<p class="edge">Start of {esc(source)}.</p>')
    pieces.extend(_context_piece(p, "before") for p in before)
    this = outline.passage(passage["id"])
    text = this.text if this is not None else passage.get("text", "")
    pieces.append(f'<div class="ctx ctx-this">{highlighted(text, quotes)}</div>')
    pieces.extend(_context_piece(p, "after") for p in after)
    if not after:
        pieces.append(f'<p class="edge">End of {esc(source)}.</p>')
    pieces.append("</details>")
    return "".join(pieces)


def _context_piece(passage: Passage, where: str) -> str:
    page = pages_label(*passage.cited_pages)
    label = crumbs(passage.section) + (f", {page}" if page else "")
    return f'<div class="ctx ctx-{where}"><p class="ctx-label">{esc(label)}</p>{esc(passage.text)}</div>'


def _feedback(number: int, vote: str | None) -> str:
    buttons = []
    for value, label in (("up", "Helpful"), ("down", "Not helpful")):
        pressed = "true" if vote == value else "false"
        buttons.append(
            f'<button type="button" class="vote vote-{value}" data-turn="{number}" data-vote="{value}" '
            f'aria-pressed="{pressed}" aria-label="{label}: answer {number}">{_THUMB} {label}</button>'
        )
    status = "Thank you: noted on this computer." if vote else ""
    return (
        f'<div class="feedback" role="group" aria-label="Feedback on answer {number}">'
        f"<span>Was this useful?</span> {' '.join(buttons)} "
        f'<span class="vote-status" aria-live="polite">{status}</span></div>'
    )


def render_conversation(turns: list[dict], outline: Outline | None) -> str:
    if not turns:
        return INTRO_HTML
    return (
        '<div class="conversation">'
        + "".join(render_turn(number, turn, outline) for number, turn in enumerate(turns, start=1))
        + "</div>"
    )


# ---------------------------------------------------------------- contents and sections


def drawn_sections(turn: dict | None) -> set[tuple[str, tuple[str, ...]]]:
    """(source, section path) of the passages an answer cites."""
    if not turn or not turn.get("in_scope"):
        return set()
    cited = {quote["citation"] for quote in turn.get("quotes", [])}
    return {(p["source"], tuple(p["section"])) for p in turn.get("passages", []) if p["rank"] in cited}


def render_toc(outline: Outline, drawn: set[tuple[str, tuple[str, ...]]] = frozenset()) -> str:
    """Each source's section tree; sections the latest answer drew on are marked."""
    on_path = {(source, path[:depth]) for source, path in drawn for depth in range(len(path) + 1)}
    parts = ['<nav class="toc" aria-label="Table of contents">']
    if drawn:
        parts.append('<p class="toc-key"><span class="drawn-mark">●</span> the latest answer drew on this section</p>')
    for source in outline.sources:
        root = outline.trees[source]
        parts.append(
            f'<details class="toc-source" open><summary>{esc(source)} '
            f'<span class="count">({root.passages} passages)</span></summary>'
        )
        parts.append(_toc_list(source, root, drawn, on_path))
        parts.append("</details>")
    parts.append("</nav>")
    return "".join(parts)


def _toc_list(source: str, node: SectionNode, drawn: set, on_path: set) -> str:
    if not node.children:
        return ""
    items = []
    for child in node.children.values():
        here = (source, child.path)
        classes = "drawn" if here in drawn else ("on-path" if here in on_path else "")
        mark = (
            '<span class="drawn-mark" title="The latest answer drew on this section">●</span> ' if here in drawn else ""
        )
        path = esc(json.dumps(list(child.path), ensure_ascii=False))
        label = f"Read {crumbs(child.path)}" + (" (the latest answer drew on it)" if here in drawn else "")
        items.append(
            f'<li class="{classes}">{mark}<button type="button" class="toc-open" data-source="{esc(source)}" '
            f'data-path="{path}" aria-label="{esc(label)}">{esc(child.title)}</button>'
            f"{_toc_list(source, child, drawn, on_path)}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def render_section(outline: Outline, source: str, path: tuple[str, ...], quotes: Iterable[str] = ()) -> str:
    """The text of a section and its subsections, in reading order."""
    passages = outline.section_passages(source, path)
    if not passages:
        return '<p class="reader-empty">That section is not in the index any more.</p>'
    quotes = list(quotes)
    title = path[-1] if path else source
    parts = [
        f'<article class="reader" aria-label="{esc(title)}">',
        f'<p class="crumbs">{esc(source)}{esc(SECTION_SEPARATOR + crumbs(path)) if path else ""}</p>',
        f"<h3>{esc(title)}</h3>",
    ]
    current = tuple(path)
    for passage in passages:
        if passage.section != current:
            current = passage.section
            parts.append(f"<h4>{esc(crumbs(current[len(path) :]))}</h4>")
        page = pages_label(*passage.cited_pages)
        page_html = f'<span class="page">{esc(page)}</span> ' if page else ""
        parts.append(f'<p class="passage-text">{page_html}{highlighted(passage.text, quotes)}</p>')
    parts.append("</article>")
    return "".join(parts)
