"""Warm answers: `engine.ask` (retrieval + answer, no cache) against sentence-transformers encoding the question.

    .venv/bin/python -m bench.warm [--repeats 6]

Subject and baselines each live in their own worker process, loaded and warmed
up; the coordinator has them answer all development questions in turn, one
pass at a time, in alternating order (ABC CBA ...). Separate processes, because
in one process onnxruntime's and torch's worker threads slow each other down.

The baseline is sentence-transformers with torch's default threads and with one
thread; the faster of the two counts (on a busy 2-core machine torch's default
OpenMP team can take 0.5 s for one question instead of 12 ms, which would
flatter the ratio).

Before each timed ask the engine forgets the question vectors it keeps (answering/queries.py):
every pass asks the same questions, and a vector kept from the last pass would skip the model.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import PYTHON, ROOT, Row, child_env, dev_questions, ensure_report_index, fmt_ms, percentile, save_rows

TARGET_P50, TARGET_P95 = 1.0, 1.5
WORKERS = {"ask": ["ask"], "encode, torch default threads": ["encode"], "encode, torch 1 thread": ["encode", "1"]}
BASELINES = ("encode, torch default threads", "encode, torch 1 thread")


def worker(kind: str, threads: str | None, corpus: str, index: str) -> None:
    """Answer `go` lines on stdin with one timed pass over the dev questions, as JSON on stdout."""
    questions = dev_questions()
    if kind == "ask":
        from bench.common import settings_for
        from psp_qa.engine import Engine

        engine = Engine.open(settings_for(corpus, index), refresh=False)
        call = engine.ask
        # Each pass asks the same questions again: the vectors kept from the last pass must not answer them.
        fresh = engine.queries.forget
    else:
        import torch

        from psp_qa.indexing.embed import Encoder

        if threads:
            torch.set_num_threads(int(threads))
        encoder = Encoder.from_name(None)
        call = lambda question: encoder.encode([question])  # noqa: E731
        fresh = lambda: None  # noqa: E731
    for question in questions[:5]:
        call(question)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "profile" and kind == "ask":
            print(json.dumps(breakdown(engine, questions)), flush=True)
            continue
        times = []
        for question in questions:
            fresh()
            start = time.perf_counter()
            call(question)
            times.append(time.perf_counter() - start)
        print(json.dumps(times), flush=True)


def breakdown(engine, questions: list[str]) -> dict[str, float]:
    """Median milliseconds per ask in question encoding, the rest of retrieval, and the answer."""
    retriever = engine.retriever
    encode, search = retriever.encode, retriever.search
    spent: dict[str, list[float]] = {"encode": [], "search": [], "ask": []}

    def timed(name: str, call):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            result = call(*args, **kwargs)
            spent[name].append(time.perf_counter() - start)
            return result

        return wrapper

    retriever.encode, retriever.search = timed("encode", encode), timed("search", search)
    per_ask: list[dict[str, float]] = []  # one ask may search more than once (a comparison's sides, a follow-up)
    try:
        for question in questions:
            engine.queries.forget()
            before = {name: len(times) for name, times in spent.items()}
            timed("ask", engine.ask)(question)
            per_ask.append({name: sum(times[before[name] :]) for name, times in spent.items()})
    finally:
        retriever.encode, retriever.search = encode, search
    middle = sorted(per_ask, key=lambda ask: ask["ask"])[len(per_ask) // 2]
    return {"question encoding (onnxruntime)": middle["encode"] * 1000,
            "rest of retrieval (faiss, BM25, fusion)": (middle["search"] - middle["encode"]) * 1000,
            "answer (quotes, scope)": (middle["ask"] - middle["search"]) * 1000}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    corpus, index = ensure_report_index()
    if args.worker:
        worker(args.worker[0], args.worker[1] if len(args.worker) > 1 else None, str(corpus), str(index))
        return 0
    processes = {
        name: subprocess.Popen(
            [str(PYTHON), "-m", "bench.warm", "--worker", *spec],
            cwd=ROOT,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for name, spec in WORKERS.items()
    }
    try:
        for name, process in processes.items():
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError(f"worker {name} did not start")
        times: dict[str, list[float]] = {name: [] for name in processes}
        names = list(processes)
        for round_number in range(args.repeats):
            for name in names if round_number % 2 == 0 else names[::-1]:
                processes[name].stdin.write("go\n")
                processes[name].stdin.flush()
                times[name].extend(json.loads(processes[name].stdout.readline()))
        processes["ask"].stdin.write("profile\n")
        processes["ask"].stdin.flush()
        steps = json.loads(processes["ask"].stdout.readline())
    finally:
        for process in processes.values():
            process.stdin.close()
            process.wait(timeout=60)
    baseline = min(BASELINES, key=lambda n: percentile(times[n], 50))
    other = next(n for n in BASELINES if n != baseline)
    p50 = percentile(times["ask"], 50) / percentile(times[baseline], 50)
    p95 = percentile(times["ask"], 95) / percentile(times[baseline], 95)
    command = ".venv/bin/python -m bench.warm"
    samples = f"{len(times['ask'])} answers ({len(times['ask']) // args.repeats} dev questions x {args.repeats})"
    shown_steps = ", ".join(f"{k} {v:.1f} ms" for k, v in steps.items())
    rows = [
        Row("warm answer p50: `engine.ask` (retrieval + answer, no cache)",
            "sentence-transformers encoding the same question, warm (faster of torch default threads / 1 thread)",
            f"ask {fmt_ms(times['ask'])} vs {baseline} {fmt_ms(times[baseline])} ({other}: {fmt_ms(times[other])}); "
            f"{samples}", f"p50 ≤ {TARGET_P50} x", command, ratio=p50, passed=p50 <= TARGET_P50),
        Row("warm answer p95", "as above", f"median ask split: {shown_steps}", f"p95 ≤ {TARGET_P95} x", command,
            ratio=p95, passed=p95 <= TARGET_P95),
    ]  # fmt: skip
    save_rows("warm", rows, {"seconds": times, "baseline": baseline, "steps_ms": steps})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
