"""The server: start to first answer, then 20 clients for 30 s against POST /api/ask.

    .venv/bin/python -m bench.serve [--clients 20] [--seconds 30] [--starts 3]

`psp-qa serve` on 127.0.0.1 and a free port, over the bundled report's index.
Memory is the server's VmRSS after a short warm-up at full concurrency
(threads and caches allocated) and again after the timed run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from bench.common import (
    DEV_QUESTIONS,
    PSP_QA,
    WORK,
    Row,
    child_env,
    current_rss_mb,
    ensure_report_index,
    fmt_ms,
    fmt_seconds,
    median,
    percentile,
    save_rows,
)
from bench.load import ask_once, free_port, run_load, wait_for_health

TARGET_P95 = 1.0
TARGET_GROWTH = 0.10
WARM_UP_SECONDS = 5


def conversations() -> list[list[str]]:
    lines = DEV_QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["turns"] for line in lines if line.strip()]


def start_server(corpus: Path, index: Path, port: int) -> subprocess.Popen:
    """`psp-qa serve` in the background; its stderr goes to bench/.work/serve-<port>.log."""
    command = [PSP_QA, "serve", "--host", "127.0.0.1", "--port", str(port), "--corpus", corpus, "--index", index]
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / f"serve-{port}.log").open("w") as log:
        return subprocess.Popen([str(c) for c in command], env=child_env(), stdout=subprocess.DEVNULL, stderr=log)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def time_to_first_answer(corpus: Path, index: Path) -> tuple[float, float]:
    """(seconds until /api/health answers, seconds until the first ask has returned), from process start."""
    port = free_port()
    start = time.perf_counter()
    server = start_server(corpus, index, port)
    try:
        health = wait_for_health(port, timeout=300, alive=server)
        answer = ask_once(port, "What made Bollate succeed?")
        first = time.perf_counter() - start
    finally:
        stop(server)
    if not answer.get("quotes"):
        raise RuntimeError(f"the first answer has no quotes: {answer}")
    return health, first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args(argv)
    corpus, index = ensure_report_index()
    starts = [time_to_first_answer(corpus, index) for _ in range(args.starts)]
    health_s, first_s = median([s[0] for s in starts]), median([s[1] for s in starts])

    port = free_port()
    server = start_server(corpus, index, port)
    try:
        wait_for_health(port, timeout=300, alive=server)
        ask_once(port, "What made Bollate succeed?")
        rss_first = current_rss_mb(server.pid)
        talks = conversations()
        run_load(port, talks, args.clients, WARM_UP_SECONDS, args.max_requests, seed=1)
        rss_before = current_rss_mb(server.pid)
        result = run_load(port, talks, args.clients, args.seconds, args.max_requests, seed=2)
        rss_after = current_rss_mb(server.pid)
    finally:
        stop(server)
    growth = rss_after / rss_before - 1
    p95 = percentile(result.latencies, 95) if result.latencies else float("inf")
    command = (f".venv/bin/python -m bench.serve --clients {args.clients} --seconds {args.seconds:g} "
               f"--max-requests {args.max_requests}")  # fmt: skip
    errors = sorted(set(result.errors))[:3]
    rows = [
        Row("server start to first answer (`psp-qa serve` until /api/health answers and one ask returns)", "none",
            f"{fmt_seconds(first_s)} (health after {fmt_seconds(health_s)}; median of {args.starts} starts)",
            "report", ".venv/bin/python -m bench.serve"),
        Row(f"load: {args.clients} clients x {args.seconds:g} s on POST /api/ask (dev conversations, with history)",
            "none (targets in errors and seconds)",
            f"{result.requests} requests, {result.throughput:.1f} answers/s, {fmt_ms(result.latencies)}, "
            f"{len(result.errors)} errors{' ' + str(errors) if errors else ''}",
            f"0 errors, p95 ≤ {TARGET_P95:g} s", command, passed=not result.errors and p95 <= TARGET_P95),
        Row("load: server memory after the run vs before it", "server RSS before the timed run (after a 5 s warm-up)",
            f"{rss_before:.0f} MB -> {rss_after:.0f} MB ({growth:+.1%}); {rss_first:.0f} MB after the first answer",
            f"growth ≤ {TARGET_GROWTH:.0%}", command, ratio=rss_after / rss_before, passed=growth <= TARGET_GROWTH),
    ]  # fmt: skip
    save_rows("serve", rows, {"starts": starts, "latencies": result.latencies, "errors": result.errors,
                              "rss_mb": {"first": rss_first, "before": rss_before, "after": rss_after}})  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
