"""One server for the page and the API: FastAPI routes with the Gradio page mounted at /.

Private by default: it binds to 127.0.0.1, and serving on any other address
(a training room's network) needs a username and password, checked with HTTP
Basic on every request, page and API alike. No analytics, no share link, no
fonts or scripts from elsewhere.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import signal
import socket
import ssl
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported anywhere

from psp_qa.config import Settings  # noqa: E402
from psp_qa.errors import PspQaError  # noqa: E402
from psp_qa.web.api import MAX_API_BODY_BYTES, api_router  # noqa: E402
from psp_qa.web.guard import Guard, HostRule, is_loopback  # noqa: E402

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from psp_qa.engine import Engine

USER_VARIABLE, PASSWORD_VARIABLE = "PSP_QA_USER", "PSP_QA_PASSWORD"
FEEDBACK_VARIABLE = "PSP_QA_FEEDBACK_FILE"
UPLOAD_FOLDER_VARIABLE = "GRADIO_TEMP_DIR"
CACHE_SWEEP_SECONDS = 3600  # Gradio's cached uploads and downloads older than this are deleted, this often
CORPUS_WATCH_SECONDS = 5.0  # how often a running server looks for changed corpus files


def read_credentials(auth_file: Path | None, environ: dict | None = None) -> dict[str, str]:
    """user -> password, from `user:password` lines of a file, or PSP_QA_USER and PSP_QA_PASSWORD."""
    environ = os.environ if environ is None else environ
    credentials: dict[str, str] = {}
    if auth_file is not None:
        try:
            lines = Path(auth_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise PspQaError(f"cannot read the auth file {auth_file} ({exc})") from exc
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            user, colon, password = line.partition(":")
            if not colon or not user.strip() or not password:
                raise PspQaError(f"{auth_file} line {number}: expected user:password")
            credentials[user.strip()] = password
        if not credentials:
            raise PspQaError(f"the auth file {auth_file} has no user:password line")
    user, password = environ.get(USER_VARIABLE), environ.get(PASSWORD_VARIABLE)
    if bool(user) != bool(password):
        raise PspQaError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")
    if user and password:
        credentials[user] = password
    return credentials


def build_app(
    settings: Settings,
    engine: Engine,
    credentials: dict[str, str] | None = None,
    feedback_file: Path | None = None,
    watch_interval: float = 0,
    host: str = "127.0.0.1",
):
    """The ASGI app: /api/* routes and the page, behind the guard."""
    import gradio as gr
    from fastapi import FastAPI

    from psp_qa.web.assets import CSS, theme
    from psp_qa.web.live import FeedbackLog, LiveEngine
    from psp_qa.web.page import build_page

    live = LiveEngine(engine)
    if watch_interval:
        live.watch_corpus(watch_interval)
    feedback_file = feedback_file or Path(os.environ.get(FEEDBACK_VARIABLE) or settings.index_dir / "feedback.jsonl")
    app = FastAPI(title="psp-qa", docs_url=None, redoc_url=None, openapi_url=None)  # the docs page loads a CDN
    app.include_router(api_router(live))
    for path in API_DESCRIPTIONS:  # before the page is mounted, so these routes win over Gradio's own
        app.add_api_route(path, not_served, methods=["GET"], include_in_schema=False)
    page = build_page(live, FeedbackLog(feedback_file))
    page.delete_cache = (CACHE_SWEEP_SECONDS, CACHE_SWEEP_SECONDS)  # uploads and downloads age out, all go on exit
    app = gr.mount_gradio_app(
        app, page, path="/", theme=theme(), css=CSS, footer_links=[], run_history=False, ssr_mode=False,
        mcp_server=False, pwa=False, enable_monitoring=False, show_error=True,
        max_file_size=settings.max_file_bytes,
    )  # fmt: skip
    mark_launched(page)
    return Guard(app, credentials or {}, HostRule(host), MAX_API_BODY_BYTES, settings.max_file_bytes)


# Gradio describes every page event at /gradio_api/info, for its "Use via API" page and client libraries. The page
# never reads it (the documented API is /api/*), so it is not served: it would only map the page's inner calls.
API_DESCRIPTIONS = ("/gradio_api/info", "/gradio_api/info/")


def not_served():
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": "not found"}, status_code=404)


def mark_launched(page) -> None:
    """Set what `Blocks.launch()` sets and `gr.mount_gradio_app` does not.

    Gradio checks that a file named in an API call came from its upload route
    (`processing_utils._check_allowed`) only once `has_launched` is set; before
    that any readable path is copied in. `is_running` keeps the event stream's
    heartbeats going and stops SVG paths being trusted as the app's own icons.
    """
    page.has_launched = True
    page.is_running = True


def serve(
    settings: Settings,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth_file: Path | None = None,
    announce: Callable[[str], None] | None = None,
    certfile: Path | None = None,
    keyfile: Path | None = None,
) -> int:
    """Check the binding, open the engine, and serve until interrupted."""
    credentials = read_credentials(auth_file)
    if not is_loopback(host) and not credentials:
        raise PspQaError(
            f"serving on {host} makes the page reachable from other computers, so it needs a password: "
            f"pass --auth-file FILE (user:password lines) or set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )
    tls = check_tls(certfile, keyfile)
    if not is_loopback(host) and not tls:
        log.warning("warning: without --certfile and --keyfile, passwords cross the network in clear "
                    "(anyone on it can read them); see the README for a self-signed certificate")  # fmt: skip
    listener = _bind(host, port)
    private_upload_folder()
    import uvicorn

    from psp_qa.engine import Engine

    engine = Engine.open(settings)
    app = build_app(settings, engine, credentials, watch_interval=CORPUS_WATCH_SECONDS, host=host)
    shown = f"[{host}]" if ":" in host else host
    scheme = "https" if tls else "http"
    (announce or log.info)(f"psp-qa is serving at {scheme}://{shown}:{listener.getsockname()[1]}" +
             (" (sign-in required)" if credentials else "") + "; press Ctrl-C to stop")  # fmt: skip
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=3,
                            ssl_certfile=certfile, ssl_keyfile=keyfile)  # fmt: skip
    # uvicorn shuts down on SIGTERM, then raises it again; without a handler of ours the process would die
    # there, before atexit removes the server's own temporary folders.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def check_tls(certfile: Path | None, keyfile: Path | None) -> bool:
    """True if HTTPS is asked for, with both files readable and a key that matches the certificate."""
    if certfile is None and keyfile is None:
        return False
    if certfile is None or keyfile is None:
        raise PspQaError("HTTPS needs both --certfile and --keyfile")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except (OSError, ssl.SSLError) as exc:
        raise PspQaError(f"cannot use the certificate {certfile} with the key {keyfile} ({exc})") from exc
    return True


def private_upload_folder() -> Path:
    """Gradio's upload and download cache for this server alone, removed when it stops.

    Without it every Gradio app on the computer shares one folder under the
    system temp directory, which nothing ever empties. GRADIO_TEMP_DIR, if set,
    is the user's choice and is kept (Gradio still deletes its own files on exit).
    """
    chosen = os.environ.get(UPLOAD_FOLDER_VARIABLE)
    if chosen:
        return Path(chosen)
    folder = Path(tempfile.mkdtemp(prefix="psp-qa-gradio-"))
    atexit.register(shutil.rmtree, folder, True)
    os.environ[UPLOAD_FOLDER_VARIABLE] = str(folder)  # read by Gradio when the page and app are built
    return folder


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the model loads so a busy port fails fast and clearly."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(128)
    except OSError as exc:
        raise PspQaError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another with --port") from exc
    return listener
