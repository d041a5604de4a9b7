"""A load generator for POST /api/ask: N client threads, a time limit and a request cap, stdlib only.

Each client walks through the development conversations in its own order,
sending each turn with the earlier questions of its conversation as history,
over one keep-alive connection. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field

HOST = "127.0.0.1"


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_health(port: int, timeout: float, alive: subprocess.Popen | None = None, poll: float = 0.05) -> float:
    """Seconds until GET /api/health answers 200; an error if the server exits or `timeout` passes."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if alive is not None and alive.poll() is not None:
            raise RuntimeError(f"the server exited with code {alive.returncode} before answering")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(poll)
    raise TimeoutError(f"no /api/health on port {port} after {timeout} s")


def ask_once(port: int, question: str, history: list | None = None, timeout: float = 60) -> dict:
    body = json.dumps({"question": question, "history": history or []}).encode()
    request = urllib.request.Request(f"http://{HOST}:{port}/api/ask", data=body,
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def run_load(
    port: int, conversations: list[list[str]], clients: int, seconds: float, max_requests: int, seed: int = 0
) -> LoadResult:
    """`clients` threads asking for `seconds` or until `max_requests` are sent, whichever is first."""
    result = LoadResult()
    lock = threading.Lock()
    sent = 0
    deadline = time.perf_counter() + seconds

    def claim() -> bool:
        nonlocal sent
        with lock:
            if sent >= max_requests or time.perf_counter() >= deadline:
                return False
            sent += 1
            return True

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            while True:
                conversation = rng.choice(conversations)
                history: list[str] = []
                for question in conversation:
                    if not claim():
                        return
                    latency, error = _post(connection, question, history)
                    with lock:
                        (result.errors.append(error) if error else result.latencies.append(latency))
                    if error:
                        connection.close()
                        connection = http.client.HTTPConnection(HOST, port, timeout=30)
                    history.append(question)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    result.seconds = time.perf_counter() - start
    return result


def _post(connection: http.client.HTTPConnection, question: str, history: list[str]) -> tuple[float, str]:
    body = json.dumps({"question": question, "history": history})
    start = time.perf_counter()
    try:
        connection.request("POST", "/api/ask", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException) as exc:
        return 0.0, f"{type(exc).__name__}: {exc}"
    latency = time.perf_counter() - start
    if response.status != 200:
        return latency, f"HTTP {response.status}: {payload[:200]!r}"
    if not json.loads(payload).get("question"):
        return latency, "answer without a question field"
    return latency, ""
