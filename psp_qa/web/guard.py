"""The gate every request passes before the page or the API sees it (ASGI middleware).

In order: the Host must name this server (a page on another site cannot reach
a loopback server through DNS rebinding); a state-changing request from a
browser must come from this server's own pages (Origin); the password, with a
growing wait after repeated failures; bodies capped while they stream in, so a
large one is refused before it is all read. Responses get a same-origin policy.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import json
import logging
import math
import socket
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

# Same-origin only: a stray reference to a CDN fails in the browser instead of leaking a request.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' data: blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})
UPLOAD_PATH = "/gradio_api/upload"
MULTIPART_OVERHEAD = 64 * 1024  # part headers and boundaries around the one file of an upload
UNSERVED_SUFFIXES = ("/openapi.json", "/docs", "/redoc")  # API descriptions: the page has no use for them
FREE_FAILURES = 5  # wrong passwords a client may send before it has to wait
FIRST_WAIT_SECONDS, LONGEST_WAIT_SECONDS = 1.0, 300.0  # the wait doubles with each further failure
TRACKED_CLIENTS = 10_000


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name in a Host header, without port or IPv6 brackets, lower-cased ('' if it is not one)."""
    try:
        return urlsplit(f"//{header.strip()}").hostname or ""
    except ValueError:
        return ""


def is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HostRule:
    """Which Host names reach this server: the bound address, the computer's name, and loopback on loopback.

    An address literal cannot be rebound by DNS, so a server bound to every
    interface (0.0.0.0) accepts any address; a name must be this computer's.
    """

    bound: str

    def allows(self, header: str) -> bool:
        name, bound = host_name(header), self.bound.strip("[]").lower()
        if not name:
            return False
        if name == bound or name in _machine_names():
            return True
        if name in LOOPBACK_NAMES:
            return is_loopback(bound) or bound in WILDCARD_ADDRESSES
        return bound in WILDCARD_ADDRESSES and is_ip_address(name)


def _machine_names() -> frozenset[str]:
    name = socket.gethostname().lower()
    return frozenset({name, f"{name}.local"} if name else set())


def same_origin(origin: str, host: str) -> bool:
    """True if a browser's Origin header names the site in the Host header (default ports aside)."""
    try:
        theirs, ours = urlsplit(origin), urlsplit(f"//{host.strip()}")
        default = {"http": 80, "https": 443}.get(theirs.scheme)
        return bool(theirs.hostname) and theirs.hostname == ours.hostname and (theirs.port or default) == (
            ours.port or default)  # fmt: skip
    except ValueError:  # a malformed port; "null" (sandboxed frames, file:// pages) has no host
        return False


class Throttle:
    """Failed sign-ins per client address: after a few, each further attempt waits twice as long."""

    def __init__(self) -> None:
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # client -> (count, blocked until)

    def wait(self, client: str) -> float:
        """Seconds the client must still wait before its password is checked again (0 if none)."""
        _, until = self._failures.get(client, (0, 0.0))
        return max(0.0, until - time.monotonic())

    def failed(self, client: str) -> None:
        count = self._failures.pop(client, (0, 0.0))[0] + 1
        delay = (
            0.0
            if count < FREE_FAILURES
            else min(FIRST_WAIT_SECONDS * 2 ** (count - FREE_FAILURES), LONGEST_WAIT_SECONDS)
        )
        self._failures[client] = (count, time.monotonic() + delay)
        if count >= FREE_FAILURES:
            log.warning("%d wrong passwords from %s; it waits %.0f s before the next is checked", count, client, delay)
        while len(self._failures) > TRACKED_CLIENTS:
            self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)


class Guard:
    """ASGI middleware: Host and Origin checks, HTTP Basic, body limits, and a same-origin policy."""

    def __init__(self, app, credentials: dict[str, str], hosts: HostRule, max_body: int, max_upload: int) -> None:
        self.app, self.credentials, self.hosts = app, credentials, hosts
        self.max_body, self.max_upload = max_body, max_upload + MULTIPART_OVERHEAD
        self.throttle = Throttle()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, message, extra = refusal
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await respond(send, status, {"error": message}, extra)
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        if scope["path"].endswith(UNSERVED_SUFFIXES):
            return await respond(send, 404, {"error": "not found"})
        limit = self.max_upload if scope["path"] == UPLOAD_PATH else self.max_body
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return await respond(send, 413, {"error": f"the request body is over {limit} bytes"})
        if scope["path"] == UPLOAD_PATH:
            return await self._streamed(scope, receive, send, limit, headers.get("content-type", ""))
        receive = await self._bounded(receive, send, limit)
        if receive is not None:
            await self.app(scope, receive, send_with_policy(send))

    def _refusal(self, scope, headers: dict[str, str]) -> tuple[int, str, list] | None:
        """(status, message, headers) for a request that goes no further, or None."""
        host = headers.get("host", "")
        if not self.hosts.allows(host):
            log.warning("refused a request for host %r (DNS rebinding, or a name this server does not answer to)", host)
            return 403, "this server does not answer to that host name", []
        origin = headers.get("origin")
        changes_state = scope["type"] == "websocket" or scope.get("method", "GET") not in SAFE_METHODS
        if changes_state and (
            (origin is not None and not same_origin(origin, host)) or headers.get("sec-fetch-site") == "cross-site"
        ):
            log.warning("refused a %s %s from another site (%s)", scope.get("method", "websocket"), scope["path"],
                        origin)  # fmt: skip
            return 403, "requests from other sites are refused", []
        if not self.credentials:
            return None
        client = (scope.get("client") or ("unknown", 0))[0]
        header = headers.get("authorization", "")
        if header:
            wait = self.throttle.wait(client)
            if wait > 0:
                return 429, f"too many wrong passwords; try again in {math.ceil(wait)} s", [
                    (b"retry-after", str(math.ceil(wait)).encode())]  # fmt: skip
            if self._authorised(header):
                self.throttle.succeeded(client)
                return None
            self.throttle.failed(client)
        return 401, "sign in with the username and password for this server", [
            (b"www-authenticate", b'Basic realm="psp-qa", charset="UTF-8"')]  # fmt: skip

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

    async def _bounded(self, receive, send, limit: int):
        """Read a body up to the limit (413 beyond it), then replay it to the route."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > limit:
                await respond(send, 413, {"error": f"the request body is over {limit} bytes"})
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

    async def _streamed(self, scope, receive, send, limit: int, content_type: str) -> None:
        """Pass an upload through as it arrives, stopping it at the size limit or at a second file.

        Parts of a multipart body are separated by `--boundary`, which by the
        format never occurs inside a part: one file means two delimiters.
        """
        _, _, boundary = content_type.partition("boundary=")
        delimiter = b"--" + boundary.split(";")[0].strip().strip('"').encode("latin-1")
        size, seen, tail, refused = 0, 0, b"", False

        async def guarded_receive():
            nonlocal size, seen, tail, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                size += len(body)
                window = tail + body
                seen += window.count(delimiter) if len(delimiter) > 2 else 0
                tail = window[-(len(delimiter) - 1) :] if len(delimiter) > 1 else b""
                if size > limit or seen > 2:
                    refused = True
                    status, text = (413, f"the upload is over {limit} bytes") if size > limit else (
                        400, "send one file per upload")  # fmt: skip
                    await respond(send, status, {"error": text})
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message) -> None:
            if not refused:  # once refused, the answer has been sent
                await send(message)

        try:
            await self.app(scope, guarded_receive, send_with_policy(guarded_send))
        except Exception:
            if not refused:
                raise  # a refused upload ends in the route's disconnect error, which is expected


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


async def respond(send, status: int, payload: dict, headers: list | None = None) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(headers or [])]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})
