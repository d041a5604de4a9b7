"""A conversation to take away: Markdown, and an HTML file that prints well.

Both hold every question, its answer and each passage the answer cites (or,
when the report does not cover a question, the weak matches), with section
and page. Document text is escaped for the format, so a passage never turns
into a link, a heading or a script in whatever opens the file.
"""

from __future__ import annotations

import datetime as dt
import re

from psp_qa.web.markup import cited_pages_label, cited_ranks, crumbs, esc, render_turn

TITLE = "Questions to the Strategic Public Social Partnership model report"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def export_name(turns: list[dict], suffix: str, today: dt.date | None = None, words: int = 6) -> str:
    """A file name people can find again: date and the first words of the first question."""
    today = today or dt.date.today()
    question = turns[0].get("question", "") if turns else ""
    slug = "-".join(re.findall(r"[a-z0-9]+", question.lower())[:words])[:60].strip("-")
    return f"psp-qa-{today:%Y-%m-%d}" + (f"-{slug}" if slug else "") + suffix


def md_escape(text: str) -> str:
    """Text that Markdown shows as itself: no links, emphasis, HTML or entities."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _cited(turn: dict) -> list[dict]:
    ranks = cited_ranks(turn)
    if turn.get("in_scope") and ranks:
        return [p for p in turn.get("passages", []) if p["rank"] in ranks]
    return list(turn.get("passages", []))


def _source_line(passage: dict) -> str:
    page = cited_pages_label(passage)
    where = crumbs(passage.get("section", [])) + (f", {page}" if page else "")
    return f"{where} ({passage.get('source')})"


def transcript_markdown(turns: list[dict], now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now().astimezone()
    lines = [
        f"# {TITLE}",
        "",
        f"Exported from psp-qa on {now:%Y-%m-%d %H:%M}. Answers are sentences quoted from the documents; "
        "the number after each quote cites the source listed under it.",
    ]
    for number, turn in enumerate(turns, start=1):
        lines += ["", f"## {number}. {md_escape(turn.get('question', ''))}", ""]
        if turn.get("standalone_question") and turn["standalone_question"] != turn.get("question"):
            lines += [f"*Searched for:* {md_escape(turn['standalone_question'])}", ""]
        if turn.get("in_scope") and turn.get("quotes"):
            answer = " ".join(f"“{md_escape(q['text'])}” [{q['citation']}]" for q in turn["quotes"])
            lines += [f"> {answer}", "", "### Sources"]
        else:
            notice = turn.get("notice") or "The report does not seem to cover this."
            lines += [f"> {md_escape(notice)}", "", "### Nearest passages (weak matches)"]
        for passage in _cited(turn):
            lines += ["", f"**[{passage['rank']}]** {md_escape(_source_line(passage))}", ""]
            for paragraph in passage.get("text", "").splitlines():
                if paragraph.strip():
                    lines.append(f"> {md_escape(paragraph.strip())}")
                    lines.append(">")
            if lines[-1] == ">":
                lines.pop()
    return "\n".join(lines) + "\n"


PRINT_CSS = """
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto; color: #111; }
h1 { font-size: 1.5em; } .meta { color: #444; font-size: .9em; }
.turn { border-top: 1px solid #999; padding-top: .8em; margin-top: 1.2em; break-inside: avoid-page; }
.question p { font-weight: bold; font-size: 1.1em; margin: .2em 0; } .who { color: #555; font-size: .8em; }
.answer .quote { font-style: italic; } .cite { color: inherit; text-decoration: none; font-weight: bold; }
.notice { font-style: italic; } .searched { font-size: .8em; color: #555; }
.point-head, .group-head { font-weight: bold; } .point-where { color: #444; font-weight: normal; }
.compare { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2em; } .side p { margin: .3em 0; }
.sources h4 { margin: .8em 0 .3em; } .source { margin: .6em 0; break-inside: avoid; }
.source-head { font-size: .85em; } .source-head .file, .source-head .page { color: #444; margin-left: .4em; }
.passage { margin: .3em 0 .3em 1em; padding-left: .8em; border-left: 3px solid #bbb; white-space: pre-line; }
mark { background: #fff3a0; } @media print { body { margin: 0; } a { color: inherit; } }
"""


def transcript_html(turns: list[dict], now: dt.datetime | None = None) -> str:
    """A standalone page: no scripts, and a policy that forbids loading anything."""
    now = now or dt.datetime.now().astimezone()
    body = "".join(render_turn(number, turn, None, interactive=False) for number, turn in enumerate(turns, start=1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{esc(TITLE)}</title><style>{PRINT_CSS}</style></head><body>"
        f'<h1>{esc(TITLE)}</h1><p class="meta">Exported from psp-qa on {now:%Y-%m-%d %H:%M}. '
        "Answers are sentences quoted from the documents; the number after each quote cites its source.</p>"
        f"{body}</body></html>\n"
    )
