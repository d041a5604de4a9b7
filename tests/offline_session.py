"""A whole psp-qa session under an audit hook that records every outbound connection.

Run as a script by test_offline.py: `python tests/offline_session.py CORPUS INDEX REPORT_JSON`.
Python raises an audit event for every socket connect and name lookup, from
any library, so a connection psp-qa, gradio, huggingface or torch tried to make
shows up here even if it failed.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

attempts: list[str] = []


def _is_local(host: object) -> bool:
    text = str(host)
    return text in ("localhost", "::1", "") or text.startswith("127.") or text.startswith("/")


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else address
        if not _is_local(host):
            attempts.append(f"connect {address!r}")
    elif event == "socket.getaddrinfo" and not _is_local(args[0]):
        attempts.append(f"lookup {args[0]!r}")


sys.addaudithook(_audit)


def main(corpus: Path, index: Path, report: Path) -> None:
    import socket

    import httpx
    import uvicorn

    sys.path.insert(0, str(Path(__file__).parent))
    from pdfs import text_pdf

    from psp_qa.config import load_settings
    from psp_qa.engine import Engine
    from psp_qa.web.live import LiveEngine
    from psp_qa.web.server import build_app
    from psp_qa.web.transcript import transcript_html, transcript_markdown

    settings = load_settings(corpus_dir=corpus, index_dir=index)
    (corpus / "extra-notes.md").write_text("# Extra notes\n\nThe harbour cooperative met on Tuesday.\n")
    live = LiveEngine(Engine.open(settings))  # start: the index is refreshed for the new file
    upload = index.parent / "upload.pdf"
    upload.write_bytes(text_pdf(["A first page.", "The lighthouse keepers' guild counts forty members."]))
    live.add_document(upload, "guild.pdf")
    first = live.engine.ask("What made Bollate succeed?").to_dict()
    second = live.engine.ask("What challenges did it face?", history=[first]).to_dict()
    transcript_markdown([first, second])
    transcript_html([first, second])

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(build_app(settings, live.engine), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(200):
            try:
                if client.get("/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        page = client.get("/")
        asked = client.post("/api/ask", json={"question": "How many lighthouse keepers are in the guild?"})
        statuses = [page.status_code, asked.status_code]
    server.should_exit = True
    thread.join(timeout=20)
    report.write_text(json.dumps({"attempts": attempts, "statuses": statuses,
                                  "guild_cited": "guild.pdf" in asked.text}))  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
