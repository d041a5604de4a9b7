"""The chat page (Gradio Blocks): ask and follow up, read cited sources, browse, add documents.

Answers are rendered by `webhtml` into escaped HTML rather than through a
Markdown chat widget, so passages stay text and the sources can carry
highlights, "show in context" and clickable citation markers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no telemetry

import gradio as gr  # noqa: E402

from psp_qa.config import MAX_QUESTION_CHARS  # noqa: E402
from psp_qa.errors import IngestError, PspQaError, QuestionError  # noqa: E402
from psp_qa.web.api import MAX_HISTORY_TURNS  # noqa: E402
from psp_qa.web.assets import (  # noqa: E402
    CONTENTS_JS,
    CONVERSATION_HTML,
    CONVERSATION_JS,
    DOWNLOAD_JS,
    SIDE_HEAD_HTML,
    TOOLS_HTML,
    TOOLS_JS,
)  # fmt: skip
from psp_qa.web.live import FeedbackLog, LiveEngine, megabytes, uploaded_file  # noqa: E402
from psp_qa.web.markup import (  # noqa: E402
    INTRO_HTML,
    drawn_sections,
    esc,
    plural,
    render_conversation,
    render_documents,
    render_section,
    render_toc,
    render_turn,
)  # fmt: skip
from psp_qa.web.transcript import export_name, transcript_html, transcript_markdown  # noqa: E402

EXAMPLES = (
    "What made Bollate succeed?",
    "What challenges did the Bollate project face?",
    "How many focus groups were held?",
    "What guarantee did the Big Lottery Fund provide to investors?",
    "What lessons were learned from the Strategic PSPs?",
)
TITLE_HTML = (
    '<a class="skip-link" href="#question">Skip to the question box</a>'
    "<h1>Ask the Strategic Public Social Partnership model report</h1>"
    "<p>Answers are the report's own sentences, with the passages they come from. Everything stays on this computer.</p>"
)
READER_INTRO = '<p class="intro">Choose a section above to read it here.</p>'
# The conversation lives in the visitor's browser (localStorage), never on the server. The key only
# obfuscates what Gradio stores; it is no secret, and fixed so a restarted server can read it back.
STORAGE_KEY, STORAGE_OBFUSCATION = "psp-qa-conversation", "psp-qa-local-conversation"
MAX_HISTORY_CHARS = 600_000  # the turns sent with each question stay well under a request's 1 MiB


def capped(turns: list[dict]) -> list[dict]:
    """The latest turns, at most as many as the API takes and small enough to send with a question."""
    turns = turns[-MAX_HISTORY_TURNS:]
    sizes = [len(json.dumps(turn, ensure_ascii=False)) for turn in turns]
    total = sum(sizes) + len(turns) + 1
    while len(turns) > 1 and total > MAX_HISTORY_CHARS:
        total -= sizes.pop(0) + 1
        turns = turns[1:]
    return turns


def _is_turn(turn: object) -> bool:
    """A turn as this page stores it; anything else from the browser's storage is dropped."""
    if not isinstance(turn, dict) or not isinstance(turn.get("question"), str):
        return False
    quotes, passages = turn.get("quotes", []), turn.get("passages", [])
    return (
        isinstance(quotes, list)
        and isinstance(passages, list)
        and all(isinstance(q, dict) and isinstance(q.get("text"), str) and isinstance(q.get("citation"), int)
                for q in quotes)
        and all(isinstance(p, dict) and isinstance(p.get("rank"), int) and isinstance(p.get("text", ""), str)
                and isinstance(p.get("id"), str) and isinstance(p.get("section", []), list) for p in passages)
    )  # fmt: skip


def restored(turns: object) -> list[dict]:
    """The well-formed turns of what the browser kept: a JSON text (as the page stores it) or a list."""
    if isinstance(turns, str):
        try:
            turns = json.loads(turns)
        except ValueError:
            return []
    return capped([t for t in turns if _is_turn(t)]) if isinstance(turns, list) else []


def stored(turns: list[dict]) -> str:
    """The turns as one JSON text: the browser copies its state on every update, and one string is cheap to copy
    where a tree of a thousand values is not (it was a third of the time from Enter to the answer)."""
    return json.dumps(turns, ensure_ascii=False, separators=(",", ":"))


def shown(mode: str, html: str) -> str:
    """What the conversation panel is told to draw: append one turn, replace them all (load, new conversation),
    or show a notice under them until the next answer.

    Only the new turn crosses the wire and the page; the panel's script adds it under the earlier ones,
    instead of Gradio comparing the whole conversation, node by node, on every answer.
    """
    return json.dumps({"mode": mode, "html": html}, ensure_ascii=False)


def documents(live: LiveEngine) -> str:
    """The documents panel: each indexed document and each skipped file, with why."""
    index, outline = live.engine.index, live.outline
    corpus_dir = live.engine.settings.corpus_dir
    rows = []
    for name in outline.sources:
        items = outline.by_source[name]
        pages = [p.page_end or p.page for p in items if p.page is not None]
        try:
            added = dt.datetime.fromtimestamp((corpus_dir / name).stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        except OSError:
            added = ""
        rows.append({"name": name, "passages": len(items), "pages": max(pages) if pages else None, "added": added})
    manifest = index.manifest
    skipped = [(e["file"], e["reason"]) for e in manifest.get("skipped", []) if isinstance(e, dict)]
    skipped += [
        (n, e["error"]) for n, e in manifest.get("corpus", {}).items() if isinstance(e, dict) and e.get("error")
    ]
    return render_documents(rows, sorted(set(skipped)))


def build_page(live: LiveEngine, feedback: FeedbackLog) -> gr.Blocks:
    def ask(text: str, turns: list[dict]):
        if not isinstance(text, str) or not text.strip():
            return (gr.skip(),) * 6
        turns = restored(turns)
        try:
            answer = live.engine.ask(text, history=turns)
        except QuestionError as exc:  # said in the conversation: a toast needs the queue, which this event skips
            notice = f'<p class="ask-notice" role="alert">This question cannot be asked: {esc(exc)}.</p>'
            return (shown("notice", notice), *(gr.skip(),) * 5)
        turn = answer.to_dict()
        before = drawn_sections(turns[-1]) if turns else None
        kept = capped([*turns, turn])
        outline = live.outline
        drawn = drawn_sections(turn)
        if len(kept) == len(turns) + 1:
            drawing = shown("append", render_turn(len(kept), turn, outline))
        else:  # the oldest turn was dropped, so every turn is numbered anew
            drawing = shown("replace", render_conversation(kept, outline))
        enable = gr.skip() if turns else gr.Button(interactive=True)
        return (
            drawing, stored(kept), "", gr.skip() if drawn == before else render_toc(outline, drawn), enable, enable,
        )  # fmt: skip

    def restore(turns: list[dict]):
        turns = restored(turns)
        latest = turns[-1] if turns else None
        return (shown("replace", render_conversation(turns, live.outline)), stored(turns),
                render_toc(live.outline, drawn_sections(latest)), gr.Button(interactive=bool(turns)),
                gr.Button(interactive=bool(turns)), documents(live))  # fmt: skip

    def new_conversation():
        return (shown("replace", INTRO_HTML), "[]", "", render_toc(live.outline), gr.Button(interactive=False),
                gr.Button(interactive=False))  # fmt: skip

    def export(turns: list[dict], kind: str) -> str:
        """One transcript, built when it is asked for and handed to the browser: nothing is written to disk."""
        turns = restored(turns)
        if not turns:
            return ""
        if kind == "html":
            text, mime = transcript_html(turns), "text/html"
        else:
            text, mime = transcript_markdown(turns), "text/markdown"
        name = export_name(turns, ".html" if kind == "html" else ".md")
        return json.dumps({"name": name, "type": mime, "text": text})

    def vote(turns: list[dict], evt: gr.EventData, request: gr.Request):
        turns = restored(turns)
        data = evt._data if isinstance(evt._data, dict) else {}
        number, value, reason = data.get("turn"), data.get("vote"), data.get("reason", "")
        if not isinstance(number, int) or not 1 <= number <= len(turns) or value not in ("up", "down"):
            return gr.skip()
        reason = reason if isinstance(reason, str) else ""  # FeedbackLog.record folds and trims it
        feedback.record(turns[number - 1], value, place=f"{request.session_hash}:{number}", reason=reason)
        turns = list(turns)
        turns[number - 1] = {**turns[number - 1], "vote": value}
        return stored(turns)

    def read(turns: list[dict], evt: gr.EventData):
        turns = restored(turns)
        data = evt._data if isinstance(evt._data, dict) else {}
        source, path = data.get("source"), data.get("path")
        if not isinstance(source, str) or not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            return gr.skip()
        latest = turns[-1] if turns and turns[-1].get("in_scope") else {}
        quotes = [q["text"] for q in latest.get("quotes", [])]
        return render_section(live.outline, source, tuple(path), quotes)

    def add(path: str | None, turns: list[dict], progress=gr.Progress()):  # noqa: B008 (Gradio's own idiom)
        turns = restored(turns)
        if not path:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        name = Path(path).name

        def report(stage: str, done: int, total: int) -> None:
            """One bar per indexing stage (reading, embedding..., writing), as the index reports them."""
            progress(done / total if total else 1.0, desc=f"Indexing {name}: {stage}")

        progress(0.0, desc=f"Checking {name}")
        try:
            received = uploaded_file(path, page.GRADIO_CACHE, page.upload_file_set)
            added = live.add_document(received, name, progress=report)
        except IngestError as exc:
            message = f"Could not add {exc.path}: {exc.reason}. The file was not kept and the index is unchanged."
            return f'<p class="upload-error" role="alert">{esc(message)}</p>', gr.skip(), None, gr.skip()
        except PspQaError as exc:
            message = f"Could not add {name}: {exc}. The index is unchanged."
            return f'<p class="upload-error" role="alert">{esc(message)}</p>', gr.skip(), None, gr.skip()
        pages = f" from {plural(added.pages, 'page')}" if added.pages else ""
        message = (f"Added {added.name}: {plural(added.passages, 'passage')}{pages}, indexed in {added.seconds:.1f} s. "
                   "Questions now search it too.")  # fmt: skip
        latest = turns[-1] if turns else None
        return (
            f'<p class="upload-ok" role="status">{esc(message)}</p>',
            render_toc(live.outline, drawn_sections(latest)),
            None,
            documents(live),
        )

    with gr.Blocks(title="psp-qa: the Strategic PSP model report", analytics_enabled=False, fill_height=True,
                   fill_width=True) as page:  # fmt: skip
        turns = gr.BrowserState("[]", storage_key=STORAGE_KEY, secret=STORAGE_OBFUSCATION)
        with gr.Row(elem_id="psp-shell", equal_height=False):
            with gr.Column(elem_id="psp-main", scale=3, min_width=300):
                gr.HTML(TITLE_HTML, elem_id="psp-title", js_on_load=None)
                # Before the conversation in the page's order (so Tab reaches it first); drawn below it.
                with gr.Row(elem_id="ask-row", equal_height=True):
                    question = gr.Textbox(
                        label="Your question", placeholder="Ask about the report. Enter sends.",
                        lines=1, max_lines=4, max_length=MAX_QUESTION_CHARS, autofocus=True, scale=6,
                        elem_id="question", min_width=160,
                    )  # fmt: skip
                    send = gr.Button("Ask", variant="primary", scale=0, min_width=72, elem_id="ask")
                # The template never changes, so Gradio never redraws the panel: its script draws what `shown` says.
                conversation = gr.HTML(shown("replace", INTRO_HTML), html_template=CONVERSATION_HTML,
                                       elem_id="conversation", elem_classes=["psp-html"], js_on_load=CONVERSATION_JS,
                                       autoscroll=False)  # fmt: skip
                with gr.Row(elem_id="examples"):
                    examples = [gr.Button(text, size="sm", variant="secondary", min_width=60) for text in EXAMPLES]
                with gr.Row(elem_id="toolbar"):
                    new = gr.Button("New conversation", size="sm", elem_id="new-conversation", min_width=60)
                    markdown = gr.Button("Download Markdown", size="sm", interactive=False, elem_id="download-md",
                                         min_width=60)  # fmt: skip
                    printable = gr.Button("Download printable HTML", size="sm", interactive=False,
                                          elem_id="download-html", min_width=60)  # fmt: skip
                gr.HTML(TOOLS_HTML, elem_id="view-tools", js_on_load=TOOLS_JS, container=False)
            with gr.Column(elem_id="psp-side", scale=2, min_width=280):
                gr.HTML(SIDE_HEAD_HTML, elem_id="side-head", js_on_load=None, container=False)
                with gr.Tab("Report contents", elem_id="tab-contents"):
                    contents = gr.HTML(render_toc(live.outline), elem_id="contents", elem_classes=["psp-html"],
                                       js_on_load=CONTENTS_JS)  # fmt: skip
                    reader = gr.HTML(READER_INTRO, elem_id="reader", elem_classes=["psp-html"], js_on_load=None)
                with gr.Tab("Documents", elem_id="tab-upload"):
                    limit = megabytes(live.engine.settings.max_file_bytes)
                    upload = gr.File(
                        label=f"Add a PDF, TXT or Markdown file (up to {limit}) to the index",
                        file_types=[".pdf", ".txt", ".md", ".markdown"], file_count="single", type="filepath",
                        elem_id="upload",
                    )  # fmt: skip
                    status = gr.HTML("", elem_id="upload-status", elem_classes=["psp-html"], js_on_load=None,
                                     min_height=24)  # fmt: skip
                    listing = gr.HTML(documents(live), elem_id="documents", elem_classes=["psp-html"], js_on_load=None)

        exported = gr.Textbox(visible="hidden", elem_id="exported", label="Exported transcript")

        answered = [conversation, turns, question, contents, markdown, printable]
        # Not through Gradio's queue: one request and its reply, instead of a join, an event stream and four
        # status messages (each of which makes the browser copy the outputs' state). Asking takes milliseconds.
        options = {"queue": False, "show_progress": "minimal", "show_progress_on": [conversation]}
        question.submit(ask, [question, turns], answered, **options)
        send.click(ask, [question, turns], answered, **options)
        for button in examples:
            button.click(ask, [button, turns], answered, **options)
        new.click(new_conversation, None, answered, queue=False)
        for button, kind in ((markdown, "md"), (printable, "html")):
            button.click(lambda t, k=kind: export(t, k), [turns], [exported], queue=False).then(
                None, [exported], None, js=DOWNLOAD_JS
            )
        conversation.vote(vote, [turns], [turns], queue=False)
        contents.read(read, [turns], [reader], queue=False)
        upload.upload(add, [upload, turns], [status, contents, upload, listing], show_progress_on=[status])
        page.load(restore, [turns], [conversation, turns, contents, markdown, printable, listing], queue=False)
    return page
