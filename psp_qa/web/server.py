"""One server for the page and the API: FastAPI routes with the Gradio page mounted at /.

Private by default: it binds to 127.0.0.1, and serving on any other address
(a training room's network) needs a username and password, checked with HTTP
Basic on every request, page and API alike. No analytics, no share link, no
fonts or scripts from elsewhere.
"""

from __future__ import annotations

import atexit
import base64
import binascii
import hmac
import ipaddress
import json
import logging
import os
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # before gradio is imported anywhere

from psp_qa.config import Settings  # noqa: E402
from psp_qa.errors import PspQaError  # noqa: E402
from psp_qa.web.api import MAX_API_BODY_BYTES, api_router  # noqa: E402

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from psp_qa.engine import Engine

USER_VARIABLE, PASSWORD_VARIABLE = "PSP_QA_USER", "PSP_QA_PASSWORD"
FEEDBACK_VARIABLE = "PSP_QA_FEEDBACK_FILE"
UPLOAD_FOLDER_VARIABLE = "GRADIO_TEMP_DIR"
CACHE_SWEEP_SECONDS = 3600  # Gradio's cached uploads and downloads older than this are deleted, this often
CORPUS_WATCH_SECONDS = 5.0  # how often a running server looks for changed corpus files
# Same-origin only: a stray reference to a CDN fails in the browser instead of leaking a request.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' data: blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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


class Guard:
    """ASGI middleware: HTTP Basic when credentials are set; API bodies capped; a same-origin policy."""

    def __init__(self, app, credentials: dict[str, str], max_body: int = MAX_API_BODY_BYTES) -> None:
        self.app, self.credentials, self.max_body = app, credentials, max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.credentials and not self._authorised(headers.get("authorization", "")):
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await _respond(send, 401, {"error": "sign in with the username and password for this server"},
                                  [(b"www-authenticate", b'Basic realm="psp-qa", charset="UTF-8"')])  # fmt: skip
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_body:
                return await _respond(send, 413, {"error": f"the request body is over {self.max_body} bytes"})
            receive = await self._bounded(receive, send)
            if receive is None:
                return None
        return await self.app(scope, receive, send_with_policy(send))

    def _authorised(self, header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = self.credentials.get(user)
        return expected is not None and hmac.compare_digest(password.encode(), expected.encode())

    async def _bounded(self, receive, send):
        """Read an API body up to the cap (413 beyond it), then replay it to the route."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_body:
                await _respond(send, 413, {"error": f"the request body is over {self.max_body} bytes"})
                return None
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body, replayed = b"".join(chunks), False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay


def send_with_policy(send):
    async def wrapped(message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _ in headers}
            for name, value in ((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                                (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")):  # fmt: skip
                if name not in names:
                    headers.append((name, value))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


async def _respond(send, status: int, payload: dict, headers: list | None = None) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(headers or [])]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def build_app(
    settings: Settings,
    engine: Engine,
    credentials: dict[str, str] | None = None,
    feedback_file: Path | None = None,
    watch_interval: float = 0,
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
    page = build_page(live, FeedbackLog(feedback_file))
    page.delete_cache = (CACHE_SWEEP_SECONDS, CACHE_SWEEP_SECONDS)  # uploads and downloads age out, all go on exit
    app = gr.mount_gradio_app(
        app, page, path="/", theme=theme(), css=CSS, footer_links=[], run_history=False, ssr_mode=False,
        mcp_server=False, pwa=False, enable_monitoring=False, show_error=True,
        max_file_size=settings.max_file_bytes,
    )  # fmt: skip
    mark_launched(page)
    return Guard(app, credentials or {})


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
) -> int:
    """Check the binding, open the engine, and serve until interrupted."""
    credentials = read_credentials(auth_file)
    if not is_loopback(host) and not credentials:
        raise PspQaError(
            f"serving on {host} makes the page reachable from other computers, so it needs a password: "
            f"pass --auth-file FILE (user:password lines) or set {USER_VARIABLE} and {PASSWORD_VARIABLE}"
        )
    listener = _bind(host, port)
    private_upload_folder()
    import uvicorn

    from psp_qa.engine import Engine

    engine = Engine.open(settings)
    app = build_app(settings, engine, credentials, watch_interval=CORPUS_WATCH_SECONDS)
    shown = f"[{host}]" if ":" in host else host
    (announce or log.info)(f"psp-qa is serving at http://{shown}:{listener.getsockname()[1]}" +
             (" (sign-in required)" if credentials else "") + "; press Ctrl-C to stop")  # fmt: skip
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=3)
    uvicorn.Server(config).run(sockets=[listener])
    return 0


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
