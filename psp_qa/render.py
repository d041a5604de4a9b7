"""Answers as plain text for the terminal, and as Markdown for transcripts."""

from __future__ import annotations

import textwrap

from psp_qa.reading.chunking import SECTION_SEPARATOR
from psp_qa.types import Answer, Passage


def citation_label(passage: Passage) -> str:
    """ "Appendix 2 › ... › Outcomes, p. 12 (report.pdf)"."""
    where = SECTION_SEPARATOR.join(passage.section) or "(no section)"
    page, page_end = passage.cited_pages
    if page is not None:
        pages = f"p. {page}" if page_end in (None, page) else f"pp. {page}–{page_end}"
        where += f", {pages}"
    return f"{where} ({passage.source})"


def answer_as_text(answer: Answer, width: int = 100) -> str:
    lines = []
    if answer.standalone_question != answer.question:
        lines.append(f"(searched: {answer.standalone_question})")
    if answer.in_scope and answer.points:
        for point in answer.points:
            body = " ".join(f"{q.text} [{q.citation}]" for q in point.quotes) or "(not covered)"
            lines.append(textwrap.fill(f"- {point.heading}: {body}", width, subsequent_indent="  "))
        if answer.notice:
            lines.append(answer.notice)
    elif answer.in_scope:
        lines.append(textwrap.fill(answer.text, width))
    else:
        lines.append(answer.notice)
    lines.append("")
    label = "Sources" if answer.in_scope else "Nearest passages (weak matches)"
    lines.append(f"{label}:")
    for hit in answer.hits:
        lines.append(f"[{hit.rank}] {citation_label(hit.passage)}")
        body = " ".join(hit.passage.text.split())
        lines.append(textwrap.indent(textwrap.fill(textwrap.shorten(body, 400, placeholder=" …"), width - 4), "    "))
    return "\n".join(lines)
