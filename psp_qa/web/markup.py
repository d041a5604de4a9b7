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
from psp_qa.web.row_tables import RowLayout, lone_row
from psp_qa.web.tables import Span, table_of

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


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 passage', '2 passages'."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def short_crumbs(section: Iterable[str]) -> str:
    """The last two levels of a section path as HTML, the whole path on hover."""
    path = list(section)
    shown = SECTION_SEPARATOR.join(path[-2:]) or "(no section)"
    lead = "… › " if len(path) > 2 else ""
    return f'<span class="crumbs" title="{esc(crumbs(path))}">{esc(lead)}{esc(shown)}</span>'


# A document's own footnote mark, "[19]" or "[19, 20]": shown small and muted, never like a citation.
_FOOTNOTE = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]")


def footnoted(escaped: str) -> str:
    """Escaped text with the document's footnote marks as muted superscripts."""
    return _FOOTNOTE.sub(r'<sup class="fn" title="footnote \1 of the document">[\1]</sup>', escaped)


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
    return _marked(text, 0, len(text), quote_spans(text, quotes))


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """text[start:end], escaped, with the parts inside `spans` marked."""
    out, cursor = [], start
    for left, right in spans:
        left, right = max(left, start), min(right, end)
        if left >= right:
            continue
        out.append(footnoted(esc(text[cursor:left])))
        out.append(f"<mark>{footnoted(esc(text[left:right]))}</mark>")
        cursor = right
    out.append(footnoted(esc(text[cursor:end])))
    return "".join(out)


def passage_body(text: str, quotes: Iterable[str] = (), lead: str = "", row: RowLayout | None = None) -> str:
    """A passage as HTML: its rows and cells if it is a table (see tables.py), else its text; quotes marked.

    `lead` is the header a piece of a split table or code block repeats (`Passage.lead`): it heads the
    table when it is one, and is shown above the text otherwise, so the piece reads on its own.
    `row` lays out a flattened table's row passage with its table's header (see row_tables.py).
    """
    spans = quote_spans(text, quotes)
    if row is not None:
        return _row_body(text, spans, row)
    table = table_of(text, lead)
    if table is None:
        note = f'<span class="lead" title="repeated from the start of the block">{esc(lead)}</span>\n' if lead else ""
        return note + _marked(text, 0, len(text), spans)

    def cell(span: tuple[int, int], tag: str) -> str:
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{scope}>{_marked(text, span[0], span[1], spans)}</{tag}>"

    parts = [f'<p class="table-note">{_marked(text, s, e, spans)}</p>' for s, e in table.preamble]
    parts.append('<div class="table-wrap"><table class="cells">')
    if table.header:
        parts.append("<thead><tr>" + "".join(cell(span, "th") for span in table.header) + "</tr></thead>")
    elif table.header_text:
        heads = "".join(f'<th scope="col">{esc(head)}</th>' for head in table.header_text)
        parts.append(f'<thead class="lead" title="repeated from the start of the table"><tr>{heads}</tr></thead>')
    rows = "".join("<tr>" + "".join(cell(span, "td") for span in row) + "</tr>" for row in table.rows)
    parts.append(f"<tbody>{rows}</tbody></table></div>")
    return "".join(parts)


def _row_body(text: str, spans: list[tuple[int, int]], row: RowLayout) -> str:
    """One row of a flattened table under its column names; names repeated from its first row are muted."""

    def part(value: Span | list[Span] | str) -> tuple[str, str]:  # (inner HTML, class attribute)
        if isinstance(value, str):
            return esc(value), ' class="lead"'
        return " ".join(_marked(text, s, e, spans) for s, e in (value if isinstance(value, list) else [value])), ""

    def tag(name: str, value: Span | list[Span] | str, attributes: str = "") -> str:
        inner, css = part(value)
        return f"<{name}{attributes}{css}>{inner}</{name}>"

    notes = "".join(f'<p class="table-note{" lead" if isinstance(n, str) else ""}">{part(n)[0]}</p>' for n in row.notes)
    columns = [tag("th", column, ' scope="col"') for column in row.columns]
    cells = [tag("td", cell) for cell in row.cells]
    if row.lined_up and (row.across or not columns):
        body = "<tr>" + tag("th", row.label, ' scope="row"') + "<td></td>" * (row.first_column - 1) + "".join(cells)
        body += "</tr>"
    elif row.lined_up:  # a row on its own: each column's name against its cell, narrow enough for a source
        names = [tag("th", column, ' scope="row"') for column in row.columns]
        values = [tag("td", row.label), *(["<td></td>"] * (row.first_column - 1)), *cells]
        body = "".join(f"<tr>{name}{value}</tr>" for name, value in zip(names, values))
        columns = []
    else:  # the cells in order under the label; which column each is in is not known past the first name
        if len(columns) > 2:
            rest = " / ".join(part(column)[0] for column in row.columns[1:])
            columns = [columns[0], f'<th scope="col"{part(row.columns[1])[1]}>{rest}</th>']
        cells = cells or ["<td></td>"]
        span = f' rowspan="{len(cells)}"' if len(cells) > 1 else ""
        body = "<tr>" + tag("th", row.label, ' scope="row"' + span) + cells[0] + "</tr>"
        body += "".join(f"<tr>{cell}</tr>" for cell in cells[1:])
    head = f"<thead><tr>{''.join(columns)}</tr></thead>" if columns else ""
    shape = "row" if row.lined_up and row.across else "row stacked"
    return f'{notes}<div class="table-wrap"><table class="cells {shape}">{head}<tbody>{body}</tbody></table></div>'


# ---------------------------------------------------------------- answers


def answer_points(turn: dict) -> list[dict]:
    """The answer's headed points (overview, list and comparison answers), wherever the dict carries them."""
    points = turn.get("points")
    if points is None and isinstance(turn.get("extra"), dict):
        points = turn["extra"].get("points")
    return [p for p in points if isinstance(p, dict)] if isinstance(points, list) else []


def answer_kind(turn: dict) -> str:
    kind = turn.get("kind")
    if kind is None and isinstance(turn.get("extra"), dict):
        kind = turn["extra"].get("kind")
    return kind if isinstance(kind, str) else "factual"


def _cite(number: int, rank: object) -> str:
    return (
        f'<a class="cite" href="#t{number}-s{esc(rank)}" data-target="t{number}-s{esc(rank)}" '
        f'aria-label="source {esc(rank)}">[{esc(rank)}]</a>'
    )


def _quote(number: int, text: str, rank: object, cells: list[str] | None = None) -> str:
    """A quoted sentence and its citation; a quote of a table row's cells keeps them apart, as the table does."""
    parts = _cells_quoted(text, cells or [])
    inner = _CELL_GAP.join(footnoted(esc(part)) for part in parts) if parts else footnoted(esc(text))
    return f'<span class="quote">“{inner}”</span> {_cite(number, rank)}'


_CELL_GAP = '<span class="cell-gap" title="next cell of the table"> · </span>'


def _cells_quoted(text: str, cells: list[str]) -> list[str] | None:
    """The run of a row's cells (label first) that `text` quotes, joined by spaces, or None if it is no such run."""
    said = " ".join(text.split())
    cells = [" ".join(cell.split()) for cell in cells]
    for start in range(len(cells)):
        joined = cells[start]
        for end in range(start + 1, len(cells)):
            if joined == said or not said.startswith(joined):
                break
            joined += " " + cells[end]
            if joined == said:
                return cells[start : end + 1]
    return None


def _row_cells(turn: dict, outline: Outline | None) -> dict[object, list[str]]:
    """By rank, the label and cells of each cited passage that is a flattened table's row."""
    found: dict[object, list[str]] = {}
    for passage in turn.get("passages", []):
        known = outline.passage(passage.get("id", "")) if outline is not None else None
        row = outline.rows.get(known.id) if known is not None and outline is not None else None
        if row is not None:
            label = row.label if isinstance(row.label, str) else known.text[row.label[0] : row.label[1]]
            found[passage["rank"]] = [label, *(known.text[a:b] for a, b in row.cells)]
    return found


def _paragraphs_by_source(number: int, quotes: list[dict], rows: dict[object, list[str]]) -> str:
    """Quotes in paragraphs, a new one where the next quote comes from another passage.

    Sentences of one passage read on as the report wrote them; a sentence from elsewhere
    run into them would read as if it followed on, which it does not.
    """
    runs: list[list[dict]] = []
    for quote in quotes:
        if runs and runs[-1][-1]["citation"] == quote["citation"]:
            runs[-1].append(quote)
        else:
            runs.append([quote])
    quoted = [[_quote(number, q["text"], q["citation"], rows.get(q["citation"])) for q in run] for run in runs]
    return "".join("<p>" + " ".join(run) + "</p>" for run in quoted)


def _points_html(number: int, turn: dict, points: list[dict], rows: dict[object, list[str]]) -> str:
    """Headed points: a list for overviews and lists, one column per side for a comparison.

    A comparison's sides sit side by side where the answer is wide, one above the other where it is
    narrow (a laptop's answer column, a phone), each quote on a line of its own. Items of a list drawn
    from several groups of the report (its Italian, Dutch and UK case studies) are shown under their groups.
    """
    passages = turn.get("passages", [])

    def rank_of(index: object) -> object:
        if isinstance(index, int) and 1 <= index <= len(passages):
            return passages[index - 1]["rank"]
        return index

    def quotes_of(point: dict, each: str = "{}", between: str = " ") -> str:
        quotes = [q for q in point.get("quotes") or [] if isinstance(q, dict)]
        if not quotes:  # a side of a comparison the documents do not cover
            return each.format('<span class="uncovered">The documents do not say.</span>')
        shown = [
            _quote(number, q.get("text", ""), rank_of(q.get("passage")), rows.get(rank_of(q.get("passage"))))
            for q in quotes
        ]
        return between.join(each.format(quote) for quote in shown)

    if answer_kind(turn) == "comparison":
        sides = "".join(
            f'<div class="side"><p class="point-head">{esc(p.get("heading"))}</p>{quotes_of(p, "<p>{}</p>", "")}</div>'
            for p in points
        )
        return f'<div class="compare">{sides}</div>'
    parts = []
    for group, members in _groups(points):
        items = "".join(
            f'<li><span class="point-head">{esc(p.get("heading"))}{_where(p, group)}</span> {quotes_of(p)}</li>'
            for p in members
        )
        parts.append(
            (f'<p class="group-head">{esc(group[-1])}</p>' if group else "") + f'<ul class="points">{items}</ul>'
        )
    return "".join(parts)


def _section_of(point: dict) -> tuple[str, ...]:
    section = point.get("section")
    return tuple(str(title) for title in section) if isinstance(section, list) else ()


def _groups(points: list[dict]) -> list[tuple[tuple[str, ...], list[dict]]]:
    """Points in runs by the section they fall under, one level below the sections all of them share.

    Only when that splits them into several groups, one at least holding more than one point:
    otherwise (one group, or a group per point) the headings say it all, and the list is one run.
    """
    sections = [_section_of(p) for p in points]
    shared = 0
    while sections and all(len(s) > shared + 1 for s in sections) and len({s[shared] for s in sections}) == 1:
        shared += 1
    keys = [s[: shared + 1] if len(s) > shared + 1 else () for s in sections]
    runs: list[tuple[tuple[str, ...], list[dict]]] = []
    for key, point in zip(keys, points):
        if runs and runs[-1][0] == key:
            runs[-1][1].append(point)
        else:
            runs.append((key, [point]))
    if len(runs) < 2 or len(runs) == len(points) or not all(keys):
        return [((), points)]
    return runs


def _where(point: dict, group: tuple[str, ...]) -> str:
    """The levels between a point's group and its own heading ("Finland"), muted after the heading."""
    levels = _section_of(point)[len(group) :] if group else ()
    if levels and levels[-1] == point.get("heading"):
        levels = levels[:-1]
    return f' <span class="point-where">({esc(SECTION_SEPARATOR.join(levels))})</span>' if levels else ""


def cited_ranks(turn: dict) -> set:
    """The ranks of the passages an answer quotes, in its flat quotes or in its points."""
    ranks = {quote["citation"] for quote in turn.get("quotes", [])}
    passages = turn.get("passages", [])
    for point in answer_points(turn):
        for quote in point.get("quotes", []):
            index = quote.get("passage") if isinstance(quote, dict) else None
            if isinstance(index, int) and 1 <= index <= len(passages):
                ranks.add(passages[index - 1]["rank"])
    return ranks


def suggestions(turn: dict, count: int = 3) -> list[str]:
    """Questions about the nearest sections, for an answer the documents do not cover."""
    found: list[str] = []
    for passage in turn.get("passages", []):
        section = [str(title) for title in passage.get("section") or []]
        if not section:
            continue
        topic = f"{section[-1]} in {section[-2]}" if len(section) > 1 else section[-1]
        question = f"What does the report say about {topic}?"
        if question and question not in found:
            found.append(question)
    return found[:count]


def render_turn(number: int, turn: dict, outline: Outline | None, interactive: bool = True) -> str:
    """One question and its answer; `number` makes element ids unique on the page."""
    cited = cited_ranks(turn)
    passages = turn.get("passages", [])
    points = answer_points(turn)
    rows = _row_cells(turn, outline)
    kind = answer_kind(turn)
    answered = bool(turn.get("in_scope") and (turn.get("quotes") or points))
    parts = [
        f'<article class="turn kind-{esc(kind)}" id="t{number}" data-turn="{number}" aria-labelledby="t{number}-q">',
        f'<div class="question"><span class="who">Question {number}</span>'
        f'<p id="t{number}-q">{esc(turn.get("question"))}</p></div>',
        '<div class="reply"><div class="reply-main">',
    ]
    # A follow-up made standalone: what was searched for is not what was typed. Under a notice it comes
    # straight after it, since it says what the report was found not to cover.
    searched = f'<p class="searched">Searched for: <q>{esc(turn.get("standalone_question"))}</q></p>'
    searched = searched if _rewritten(turn) else ""
    if answered and points:
        parts.append(f'<div class="answer">{_points_html(number, turn, points, rows)}</div>{searched}')
    elif answered:
        parts.append(f'<div class="answer">{_paragraphs_by_source(number, turn["quotes"], rows)}</div>{searched}')
    else:
        notice = turn.get("notice") or "The report does not seem to cover this."
        parts.append(f'<p class="notice" role="status">{esc(notice)}</p>{searched}')
        asks = suggestions(turn) if interactive else []
        if asks:
            buttons = "".join(f'<li><button type="button" class="suggest">{esc(q)}</button></li>' for q in asks)
            parts.append(f'<div class="suggestions"><p>You could ask:</p><ul>{buttons}</ul></div>')
    if interactive:
        parts.append(_feedback(number, turn.get("vote"), copy=answered))
    parts.append("</div>")
    main = [p for p in passages if p["rank"] in cited] if answered else []
    rest = [p for p in passages if p not in main]
    if main:
        parts.append('<section class="sources" aria-label="Sources"><h3 class="sources-title">Sources</h3>')
        parts.extend(render_source(number, p, turn, outline, interactive) for p in main)
        parts.append("</section>")
    if rest and (interactive or not main):
        label = f"Other passages found ({len(rest)})" if main else f"Nearest passages, weak matches ({len(rest)})"
        parts.append(f'<details class="more"{"" if interactive else " open"}><summary>{esc(label)}</summary>')
        parts.extend(render_source(number, p, turn, outline, interactive) for p in rest)
        parts.append("</details>")
    parts.append("</div></article>")
    return "".join(parts)


def _rewritten(turn: dict) -> bool:
    def plain(text: object) -> str:
        return " ".join(str(text or "").split()).casefold().rstrip("?.! ")

    return bool(turn.get("standalone_question")) and plain(turn.get("standalone_question")) != plain(
        turn.get("question")
    )


def render_source(number: int, passage: dict, turn: dict, outline: Outline | None, interactive: bool = True) -> str:
    rank = passage["rank"]
    quotes = [q["text"] for q in turn.get("quotes", []) if q["citation"] == rank]
    for point in answer_points(turn):
        for quote in point.get("quotes", []):
            if isinstance(quote, dict) and quote.get("passage") == passages_index(turn, rank):
                quotes.append(quote.get("text", ""))
    weak = " weak" if passage.get("weak") else ""
    page = cited_pages_label(passage)
    head = (
        f'<div class="source-head"><span class="rank">[{esc(rank)}]</span> {short_crumbs(passage.get("section", []))}'
        + (f' <span class="page">{esc(page)}</span>' if page else "")
        + f' <span class="file">{esc(passage.get("source"))}</span></div>'
    )
    known = outline.passage(passage["id"]) if outline is not None else None
    lead = passage.get("lead") or (known.lead if known is not None else "")
    row = outline.rows.get(known.id) if known is not None else None
    text = known.text if row is not None else passage.get("text", "").strip()
    if known is None and lead:  # a transcript, or a passage gone from the index: the row on its own
        section = tuple(passage.get("section") or ())
        row = lone_row(Passage(passage["id"], passage.get("source", ""), section, 0, len(text), text, lead=lead))
    body = f'<blockquote class="passage">{passage_body(text, quotes, lead, row)}</blockquote>'
    context = _context(passage, quotes, outline) if interactive and outline is not None else ""
    return f'<div class="source{weak}" id="t{number}-s{esc(rank)}" tabindex="-1">{head}{body}{context}</div>'


def passages_index(turn: dict, rank: object) -> int | None:
    """The 1-based position of a passage in the answer's list, as `points` quotes refer to it."""
    for index, passage in enumerate(turn.get("passages", []), start=1):
        if passage.get("rank") == rank:
            return index
    return None


def _context(passage: dict, quotes: list[str], outline: Outline) -> str:
    """The neighbouring passages of the same source, folded away until asked for."""
    before, after = outline.neighbours(passage["id"])
    source = passage.get("source", "")
    pieces = ['<details class="context"><summary>Show in context</summary>']
    if not before:
        pieces.append(f'<p class="edge">Start of {esc(source)}.</p>')
    pieces.extend(_context_piece(p, "before", outline) for p in before)
    this = outline.passage(passage["id"])
    text, lead = (this.text, this.lead) if this is not None else (passage.get("text", ""), "")
    row = outline.rows.get(passage["id"])
    pieces.append(f'<div class="ctx ctx-this">{passage_body(text, quotes, lead, row)}</div>')
    pieces.extend(_context_piece(p, "after", outline) for p in after)
    if not after:
        pieces.append(f'<p class="edge">End of {esc(source)}.</p>')
    pieces.append("</details>")
    return "".join(pieces)


def _context_piece(passage: Passage, where: str, outline: Outline) -> str:
    page = pages_label(*passage.cited_pages)
    label = crumbs(passage.section) + (f", {page}" if page else "")
    body = passage_body(passage.text, (), passage.lead, outline.rows.get(passage.id))
    return f'<div class="ctx ctx-{where}"><p class="ctx-label">{esc(label)}</p>{body}</div>'


def _feedback(number: int, vote: str | None, copy: bool = True) -> str:
    """Copy, thumbs, and an optional one-line reason that is sent with the vote."""
    buttons = []
    for value, label in (("up", "Helpful"), ("down", "Not helpful")):
        pressed = "true" if vote == value else "false"
        buttons.append(
            f'<button type="button" class="vote vote-{value}" data-turn="{number}" data-vote="{value}" '
            f'aria-pressed="{pressed}" aria-label="{label}: answer {number}">{_THUMB} {label}</button>'
        )
    status = "Thank you: noted on this computer." if vote else ""
    copy_button = (
        f'<button type="button" class="copy" data-turn="{number}" aria-label="Copy answer {number} with its sources">'
        "Copy</button>"
        if copy
        else ""
    )
    return (
        f'<div class="feedback" role="group" aria-label="Feedback on answer {number}">{copy_button}'
        f"<span>Was this useful?</span> {' '.join(buttons)} "
        f'<form class="reason" hidden><label>Why? (optional) <input type="text" maxlength="200" '
        f'name="reason" autocomplete="off"></label> <button type="submit">Send</button></form>'
        f'<span class="vote-status" aria-live="polite">{status}</span></div>'
    )


def render_conversation(turns: list[dict], outline: Outline | None) -> str:
    """Every turn, numbered from 1, or the introduction when there is none."""
    if not turns:
        return INTRO_HTML
    return "".join(render_turn(number, turn, outline) for number, turn in enumerate(turns, start=1))


# ---------------------------------------------------------------- contents and sections


def drawn_sections(turn: dict | None) -> set[tuple[str, tuple[str, ...]]]:
    """(source, section path) of the passages an answer cites."""
    if not turn or not turn.get("in_scope"):
        return set()
    cited = cited_ranks(turn)
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
            f'<span class="count">({plural(root.passages, "passage")})</span></summary>'
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
        f'<p class="crumbs-line">{esc(source)}{esc(SECTION_SEPARATOR) + short_crumbs(path[:-1]) if len(path) > 1 else ""}</p>',
        f"<h3>{esc(title)}</h3>",
    ]
    current, table = tuple(path), ""
    for passage in passages:
        if passage.section != current:
            current = passage.section
            parts.append(f"<h4>{esc(crumbs(current[len(path) :]))}</h4>")
        page = pages_label(*passage.cited_pages)
        page_html = f'<span class="page">{esc(page)}</span> ' if page else ""
        row = outline.rows.get(passage.id)
        if row is not None:  # reading on from the row before, its header is just above
            row, table = row.in_table(row.table == table), row.table
        else:
            table = ""
        body = passage_body(passage.text, quotes, passage.lead, row)
        parts.append(f'<div class="passage-text">{page_html}{body}</div>')
    parts.append("</article>")
    return "".join(parts)


# ---------------------------------------------------------------- documents


def render_documents(documents: list[dict], skipped: list[tuple[str, str]]) -> str:
    """What the index holds (name, passages, pages, when added) and what it skipped, with why."""
    rows = "".join(
        f'<tr><th scope="row">{esc(d["name"])}</th><td>{esc(plural(d["passages"], "passage"))}</td>'
        f"<td>{esc(plural(d['pages'], 'page') if d.get('pages') else '–')}</td><td>{esc(d.get('added') or '–')}</td></tr>"
        for d in documents
    )
    parts = [
        '<section class="documents" aria-labelledby="documents-title">',
        f'<h2 id="documents-title">In the index ({plural(len(documents), "document")})</h2>',
        '<table class="doc-table"><thead><tr><th scope="col">Document</th><th scope="col">Passages</th>'
        f'<th scope="col">Pages</th><th scope="col">Added</th></tr></thead><tbody>{rows}</tbody></table>',
    ]
    if skipped:
        items = "".join(f"<li><strong>{esc(name)}</strong>: {esc(reason)}</li>" for name, reason in skipped)
        parts.append(f'<h3>Skipped ({plural(len(skipped), "file")})</h3><ul class="skipped">{items}</ul>')
    parts.append("</section>")
    return "".join(parts)
