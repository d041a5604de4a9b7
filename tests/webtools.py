"""Real servers and a real browser for the web tests.

`psp-qa serve` runs in a subprocess on a free port, exactly as a person starts
it; Chromium is Debian's, driven by Playwright. One corpus server is shared by
the whole session (the page and API tests), started on first use.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

# A corpus document that tries to run script in the page, through HTML and a Markdown link.
HOSTILE_NAME = "harbour-notes.md"
HOSTILE_DOCUMENT = """# Harbour notes <script>alert("toc")</script>

## The <img src=x onerror="alert(4)"> Pineapple Cooperative

The Zanzibar Pineapple Cooperative sells fruit at the harbour market every Tuesday. Its members wrote <script>alert(1)</script> on the notice board. A picture <img src=x onerror=alert(2)> hangs by the door. The cooperative links to [its ledger](javascript:alert(3)) from its website.

The ledger of the Zanzibar Pineapple Cooperative is audited every spring by volunteers from the harbour.
"""


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    corpus: Path
    index: Path
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_index(report_settings, folder: Path, extra: dict[str, str] | None = None) -> tuple[Path, Path]:
    """A private corpus and index: the session's built report index, plus extra documents."""
    corpus, index = folder / "corpus", folder / "index"
    shutil.copytree(report_settings.corpus_dir, corpus)
    shutil.copytree(report_settings.index_dir, index, ignore=shutil.ignore_patterns(".lock"))
    for name, text in (extra or {}).items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus, index


def start_server(corpus: Path, index: Path, *args: str, host: str = "127.0.0.1", env: dict | None = None,
                 auth: tuple[str, str] | None = None, timeout: float = 180, scheme: str = "http") -> Server:  # fmt: skip
    """`psp-qa serve` on a free port, returned once /api/health answers."""
    port = free_port()
    log = index.parent / f"server-{port}.log"
    command = [sys.executable, "-m", "psp_qa.cli", "serve", "--corpus", str(corpus), "--index", str(index),
               "--host", host, "--port", str(port), *args]  # fmt: skip
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    with log.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=environment,
                                   cwd=index.parent)  # fmt: skip
    server = Server(f"{scheme}://127.0.0.1:{port}", process, corpus, index, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"psp-qa serve exited with {process.returncode}:\n{server.output()}")
        try:
            if httpx.get(f"{server.url}/api/health", auth=auth, timeout=2, verify=False).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    server.stop()
    raise AssertionError(f"psp-qa serve did not answer within {timeout} s:\n{server.output()}")


_shared: Server | None = None


def shared_server(report_settings, tmp_path_factory) -> Server:
    """The session's corpus server: the report and the hostile document."""
    global _shared
    if _shared is None or _shared.process.poll() is not None:
        corpus, index = copy_index(report_settings, tmp_path_factory.mktemp("web"), {HOSTILE_NAME: HOSTILE_DOCUMENT})
        _shared = start_server(corpus, index)
    return _shared


def stop_shared() -> None:
    if _shared is not None:
        _shared.stop()
