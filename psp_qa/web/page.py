"""The chat page (Gradio Blocks): ask and follow up, read cited sources, browse, add documents.

Answers are rendered by `webhtml` into escaped HTML rather than through a
Markdown chat widget, so passages stay text and the sources can carry
highlights, "show in context" and clickable citation markers.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported: no telemetry

import gradio as gr  # noqa: E402

from psp_qa.config import MAX_QUESTION_CHARS  # noqa: E402
from psp_qa.errors import IngestError, PspQaError, QuestionError  # noqa: E402
from psp_qa.web.assets import CONTENTS_JS, CONVERSATION_JS  # noqa: E402
from psp_qa.web.live import FeedbackLog, LiveEngine, megabytes, uploaded_file  # noqa: E402
from psp_qa.web.markup import INTRO_HTML, drawn_sections, esc, render_conversation, render_section, render_toc  # noqa: E402
from psp_qa.web.transcript import transcript_html, transcript_markdown  # noqa: E402

EXAMPLES = (
    "What made Bollate succeed?",
    "What challenges did the Bollate project face?",
    "How many focus groups were held?",
    "What guarantee did the Big Lottery Fund provide to investors?",
    "What lessons were learned from the Strategic PSPs?",
)
TITLE_HTML = (
    "<h1>Ask the Strategic Public Social Partnership model report</h1>"
    "<p>Answers are the report's own sentences, with the passages they come from. Everything stays on this computer.</p>"
)
READER_INTRO = '<p class="intro">Choose a section above to read it here.</p>'


class Transcripts:
    """Downloadable copies of each conversation, in a private temporary folder."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="psp-qa-transcripts-"))
        atexit.register(shutil.rmtree, self.root, True)

    def write(self, turns: list[dict]) -> tuple[str, str]:
        self._prune()
        folder = self.root / uuid.uuid4().hex
        folder.mkdir()
        markdown = folder / "psp-qa-conversation.md"
        markdown.write_text(transcript_markdown(turns), encoding="utf-8")
        printable = folder / "psp-qa-conversation.html"
        printable.write_text(transcript_html(turns), encoding="utf-8")
        return str(markdown), str(printable)

    def _prune(self, age: float = 3600.0) -> None:
        cutoff = time.time() - age
        for folder in list(self.root.iterdir()):
            try:
                if folder.stat().st_mtime < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
            except FileNotFoundError:
                pass  # another request pruned it first


def build_page(live: LiveEngine, feedback: FeedbackLog) -> gr.Blocks:
    transcripts = Transcripts()

    def ask(text: str, turns: list[dict]):
        if not isinstance(text, str) or not text.strip():
            return (gr.skip(),) * 6
        try:
            answer = live.engine.ask(text, history=turns)
        except QuestionError as exc:
            gr.Warning(str(exc))
            return (gr.skip(),) * 6
        turn = answer.to_dict()
        turns = [*turns, turn]
        outline = live.outline
        markdown, printable = transcripts.write(turns)
        return (
            render_conversation(turns, outline), turns, "", render_toc(outline, drawn_sections(turn)),
            gr.DownloadButton(value=markdown, interactive=True), gr.DownloadButton(value=printable, interactive=True),
        )  # fmt: skip

    def new_conversation():
        return (INTRO_HTML, [], "", render_toc(live.outline), gr.DownloadButton(value=None, interactive=False),
                gr.DownloadButton(value=None, interactive=False))  # fmt: skip

    def vote(turns: list[dict], evt: gr.EventData, request: gr.Request):
        data = evt._data if isinstance(evt._data, dict) else {}
        number, value = data.get("turn"), data.get("vote")
        if not isinstance(number, int) or not 1 <= number <= len(turns) or value not in ("up", "down"):
            return gr.skip()
        feedback.record(turns[number - 1], value, place=f"{request.session_hash}:{number}")
        turns = list(turns)
        turns[number - 1] = {**turns[number - 1], "vote": value}
        return turns

    def read(turns: list[dict], evt: gr.EventData):
        data = evt._data if isinstance(evt._data, dict) else {}
        source, path = data.get("source"), data.get("path")
        if not isinstance(source, str) or not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            return gr.skip()
        latest = turns[-1] if turns and turns[-1].get("in_scope") else {}
        quotes = [q["text"] for q in latest.get("quotes", [])]
        return render_section(live.outline, source, tuple(path), quotes)

    def add(path: str | None, turns: list[dict], progress=gr.Progress()):  # noqa: B008 (Gradio's own idiom)
        if not path:
            return gr.skip(), gr.skip(), gr.skip()
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
            return f'<p class="upload-error" role="alert">{esc(message)}</p>', gr.skip(), None
        except PspQaError as exc:
            message = f"Could not add {name}: {exc}. The index is unchanged."
            return f'<p class="upload-error" role="alert">{esc(message)}</p>', gr.skip(), None
        pages = f" from {added.pages} page{'s' if added.pages != 1 else ''}" if added.pages else ""
        message = (f"Added {added.name}: {added.passages} passages{pages}, indexed in {added.seconds:.1f} s. "
                   "Questions now search it too.")  # fmt: skip
        latest = turns[-1] if turns else None
        return (
            f'<p class="upload-ok" role="status">{esc(message)}</p>',
            render_toc(live.outline, drawn_sections(latest)),
            None,
        )

    with gr.Blocks(title="psp-qa: the Strategic PSP model report", analytics_enabled=False) as page:
        turns = gr.State([])
        gr.HTML(TITLE_HTML, elem_id="psp-title", js_on_load=None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                conversation = gr.HTML(
                    INTRO_HTML, elem_id="conversation", elem_classes=["psp-html"], js_on_load=CONVERSATION_JS,
                    max_height="68vh", min_height=120,
                )  # fmt: skip
                with gr.Row(equal_height=True):
                    question = gr.Textbox(
                        label="Your question", placeholder="Ask about the report, then follow up. Enter sends.",
                        lines=1, max_lines=6, max_length=MAX_QUESTION_CHARS, autofocus=True, scale=6,
                        elem_id="question",
                    )  # fmt: skip
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask")
                with gr.Row(elem_id="examples"):
                    examples = [gr.Button(text, size="sm", variant="secondary", min_width=60) for text in EXAMPLES]
                with gr.Row():
                    new = gr.Button("New conversation", size="sm", elem_id="new-conversation")
                    markdown = gr.DownloadButton(
                        "Download Markdown", size="sm", interactive=False, elem_id="download-md"
                    )
                    printable = gr.DownloadButton("Download printable HTML", size="sm", interactive=False,
                                                  elem_id="download-html")  # fmt: skip
            with gr.Column(scale=2, min_width=320):
                with gr.Tab("Report contents", elem_id="tab-contents"):
                    contents = gr.HTML(render_toc(live.outline), elem_id="contents", elem_classes=["psp-html"],
                                       js_on_load=CONTENTS_JS, max_height="40vh")  # fmt: skip
                    reader = gr.HTML(READER_INTRO, elem_id="reader", elem_classes=["psp-html"], js_on_load=None,
                                     max_height="45vh")  # fmt: skip
                with gr.Tab("Add a document", elem_id="tab-upload"):
                    limit = megabytes(live.engine.settings.max_file_bytes)
                    upload = gr.File(
                        label=f"Add a PDF, TXT or Markdown file (up to {limit}) to the index",
                        file_types=[".pdf", ".txt", ".md", ".markdown"], file_count="single", type="filepath",
                        elem_id="upload",
                    )  # fmt: skip
                    status = gr.HTML("", elem_id="upload-status", elem_classes=["psp-html"], js_on_load=None,
                                     min_height=48)  # fmt: skip

        answered = [conversation, turns, question, contents, markdown, printable]
        options = {"concurrency_limit": 4, "concurrency_id": "ask", "show_progress": "minimal"}
        question.submit(ask, [question, turns], answered, **options)
        send.click(ask, [question, turns], answered, **options)
        for button in examples:
            button.click(ask, [button, turns], answered, **options)
        new.click(new_conversation, None, answered, queue=False)
        conversation.vote(vote, [turns], [turns], queue=False)
        contents.read(read, [turns], [reader], queue=False)
        upload.upload(add, [upload, turns], [status, contents, upload])
        page.load(lambda: render_toc(live.outline), None, [contents], queue=False)
    return page
