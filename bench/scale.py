"""Many reports: a synthetic library of 100 documents, really embedded; then adding one more.

    .venv/bin/python -m bench.scale [--documents 100] [--repeats 2]

1. Build the library's index from nothing (model loaded), then encode exactly
   the texts it embedded with bare sentence-transformers, batch 32.
2. Index size on disk; a fresh serving process (Engine.open as `psp-qa serve`
   does): its RSS and warm query p50/p95 over the development questions.
3. Approximate search on these real vectors: the sentence index as IVF against
   exact search (recall@10 and latency), the evidence for `exact_search_limit`.
4. Incremental update: add document 101 to the 100 and rebuild, against
   building document 101 alone from nothing; interleaved. Every text already
   in the index must be reused, not embedded again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np

from bench.build import embedded_texts, timed_build
from bench.common import (
    DEV_QUESTIONS,
    PYTHON,
    WORK,
    Row,
    fastest_torch_threads,
    fmt_ms,
    fmt_seconds,
    interleaved,
    load_rows,
    measure_child,
    median,
    save_rows,
    settings_for,
)
from bench.library import write_library
from bench.synthetic import recall_at

TARGET_INCREMENTAL = 1.5
LIBRARY = WORK / "library"
ALONE = WORK / "library-one"

SERVING = """
import json, sys, time
from pathlib import Path
from psp_qa.config import load_settings
from psp_qa.engine import Engine
start = time.perf_counter()
engine = Engine.open(load_settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2]))
opened = time.perf_counter() - start
lines = Path(sys.argv[3]).read_text(encoding="utf-8").splitlines()
questions = [json.loads(line)["turns"][0] for line in lines if line.strip()]
for question in questions[:3]:
    engine.ask(question)
times = []
for _ in range(4):
    for question in questions:
        start = time.perf_counter()
        engine.ask(question)
        times.append(time.perf_counter() - start)
status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
from psp_qa.indexing import vectors
kinds = {"passages": vectors.describe(engine.index.passage_index), "sentences": vectors.describe(engine.index.sentence_index)}
print(json.dumps({"open": opened, "times": times, "rss_mb": int(status["VmRSS"].split()[0]) / 1024,
                  "vector_index": kinds}))
"""


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def all_keys(build_dir: Path) -> set[bytes]:
    keys: set[bytes] = set()
    for kind in ("passage", "sentence", "section", "vocabulary"):
        keys.update(np.load(build_dir / f"{kind}_keys.npy", allow_pickle=False).tolist())
    return keys


def new_text_count(build_dir: Path, previous: set[bytes]) -> int:
    """Distinct texts of a build that were not in the previous build: what must be embedded."""
    return len(all_keys(build_dir) - previous)


def approximate_on_real_vectors(build_dir: Path, extra: dict) -> Row:
    """The library's sentence vectors as an IVF index: recall@10 and latency against exact search."""
    from psp_qa.indexing import vectors

    matrix = np.load(build_dir / "sentence_vectors.npy")
    queries = np.load(build_dir / "passage_vectors.npy")
    queries = queries[np.random.default_rng(5).choice(len(queries), min(300, len(queries)), replace=False)]
    exact = vectors.build(matrix, exact_search_limit=len(matrix))
    approximate = vectors.build(matrix, exact_search_limit=0)
    results = {}
    for name, index in (("exact", exact), ("ivf", approximate)):
        times, found = [], []
        for query in queries:
            start = time.perf_counter()
            _, rows = vectors.search(index, query, 10)
            times.append(time.perf_counter() - start)
            found.append(rows)
        results[name] = (times, np.array(found))
    truth = results["exact"][1]
    recall = recall_at(results["ivf"][1], truth)
    described = vectors.describe(approximate)
    sweep = {}
    for probes in (16, 32, 64, 128):
        approximate.nprobe = probes
        _, found = approximate.search(queries, 10)
        sweep[probes] = round(recall_at(found, truth), 4)
    extra["real_vectors"] = {"rows": len(matrix), "ivf": described, "recall_by_probes": sweep}
    return Row(f"real vectors: IVF over the library's {len(matrix):,} sentence vectors (queries: {len(queries)} passage vectors)",
               "exact FAISS search of the same vectors", f"recall@10 {recall:.3f}; exact {fmt_ms(results['exact'][0])}, "
               f"IVF {described} {fmt_ms(results['ivf'][0])}; recall by probes {sweep}", "≥ 0.95 (information: drives exact_search_limit)",
               ".venv/bin/python -m bench.scale", passed=recall >= 0.95)  # fmt: skip


def sample_texts(corpus: Path, count: int = 96) -> list[str]:
    """Some of the library's text, in passage- and sentence-sized pieces, to choose torch's threads with."""
    text = next(corpus.glob("*.md")).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if len(p) > 200]
    return [p[:1000] for p in paragraphs[: count // 4]] + [p[:150] for p in paragraphs[: count - count // 4]]


def serve_with_limit(settings, encoder, corpus: Path, extra_doc: Path, documents: int, limit: int, extra: dict) -> Row:
    """Rebuild (reusing every vector) with a lower exact_search_limit, then serve from it: the approximate path."""
    from dataclasses import replace

    lowered = replace(settings, retrieval=replace(settings.retrieval, exact_search_limit=limit))
    if extra_doc.exists():  # change the corpus either way, so that the build runs
        extra_doc.unlink()
    else:
        write_library(corpus, range(documents + 1, documents + 2))
    seconds, built, _ = timed_build(lowered, encoder, force=False)
    if built.up_to_date:
        raise RuntimeError("the library index did not rebuild")
    served = serving(corpus, lowered.index_dir)
    agreement = answer_agreement(lowered, encoder)
    extra["serving_lowered_limit"] = {k: v for k, v in served.items() if k != "times"} | {"agreement": agreement}
    return Row(f"library of {built.documents} with exact_search_limit={limit:,}: warm query latency and answers",
               "the same index searched exactly (answers)",
               f"warm ask {fmt_ms(served['times'])}; vectors: {served['vector_index']}; serving RSS "
               f"{served['rss_mb']:.0f} MB; against exact search: {agreement}; rebuild reusing all vectors but "
               f"{built.embedded}: {fmt_seconds(seconds)}", "report",
               f".venv/bin/python -m bench.scale --compare-limit {limit}")  # fmt: skip


def answer_agreement(settings, encoder) -> str:
    """The dev questions answered from the index as built, and from exact indexes over the same stored vectors."""
    from dataclasses import replace

    from psp_qa.engine import Engine
    from psp_qa.indexing import vectors
    from psp_qa.indexing.store import load_index

    index = load_index(settings.index_dir)
    exact = replace(index, **{
        f"{kind}_index": vectors.build(np.load(index.folder / f"{kind}_vectors.npy"), exact_search_limit=2**62)
        for kind in ("passage", "sentence")
    })  # fmt: skip
    built, searched_exactly = Engine(settings, encoder, index), Engine(settings, encoder, exact)
    questions = [json.loads(line)["turns"][0] for line in DEV_QUESTIONS.read_text().splitlines() if line.strip()]
    same_top = same_quotes = overlap = 0
    for question in questions:
        a, b = built.ask(question), searched_exactly.ask(question)
        same_top += a.hits[0].passage.id == b.hits[0].passage.id
        same_quotes += [q.text for q in a.quotes] == [q.text for q in b.quotes]
        overlap += len({h.passage.id for h in a.hits} & {h.passage.id for h in b.hits}) / max(1, len(b.hits))
    times = {"as built": [], "exact": []}
    for round_number in range(4):
        for question in questions:
            pair = [("as built", built), ("exact", searched_exactly)]
            for name, engine in pair if round_number % 2 == 0 else pair[::-1]:
                start = time.perf_counter()
                engine.ask(question)
                times[name].append(time.perf_counter() - start)
    n = len(questions)
    return (f"same first passage {same_top}/{n}, same quotes {same_quotes}/{n}, top-5 overlap {overlap / n:.2f}; "
            f"in one process, interleaved: ask {fmt_ms(times['as built'])} as built vs {fmt_ms(times['exact'])} "
            "with exact indexes")  # fmt: skip


def serving(corpus: Path, index: Path) -> dict:
    run = measure_child([PYTHON, "-c", SERVING, corpus, index, DEV_QUESTIONS], timeout=1800)
    if run.returncode:
        raise RuntimeError(run.stderr[-2000:])
    return json.loads(run.stdout.strip().splitlines()[-1])


def incremental_row(args, settings, encoder, corpus: Path, extra_doc: Path, extra: dict) -> Row:
    """Add document N+1 to the library and rebuild, against building it alone; interleaved."""
    from psp_qa.indexing.store import current_build

    extra_doc.unlink(missing_ok=True)
    timed_build(settings, encoder, force=False)  # the library of N, whatever state it was left in
    shutil.rmtree(ALONE, ignore_errors=True)
    write_library(ALONE / "corpus", range(args.documents + 1, args.documents + 2))
    one = settings_for(ALONE / "corpus", ALONE / "index")
    previous = all_keys(current_build(settings.index_dir))
    checks: list[str] = []

    def add_one() -> float:
        write_library(corpus, range(args.documents + 1, args.documents + 2))
        seconds, added, _ = timed_build(settings, encoder, force=False)
        expected = new_text_count(added.build_dir, previous)
        if added.embedded != expected:
            checks.append(f"embedded {added.embedded}, but only {expected} texts were new")
        extra["incremental"] = {"embedded": added.embedded, "reused": added.reused, "new_texts": expected}
        extra_doc.unlink()
        timed_build(settings, encoder, force=False)  # back to the N, untimed
        return seconds

    def alone() -> float:
        shutil.rmtree(ALONE / "index", ignore_errors=True)
        seconds, built, _ = timed_build(one, encoder, force=True)
        extra["alone_embedded"] = built.embedded
        return seconds

    times = interleaved({"add": add_one, "alone": alone}, args.repeats)
    add_s, alone_s = median(times["add"]), median(times["alone"])
    extra["incremental_seconds"], extra["alone_seconds"] = times["add"], times["alone"]
    inc = extra["incremental"]
    return Row(
        f"incremental: add one report to {args.documents}",
        "building that one report alone, from nothing",
        f"{fmt_seconds(add_s)} vs {fmt_seconds(alone_s)} (medians of {args.repeats}); embedded {inc['embedded']} "
        f"new texts, reused {inc['reused']:,}; alone embeds {extra['alone_embedded']}; "
        f"re-embedded: {'; '.join(checks) or 'nothing'}",
        f"≤ {TARGET_INCREMENTAL} x, nothing re-embedded",
        f".venv/bin/python -m bench.scale --documents {args.documents} --incremental-only",
        ratio=add_s / alone_s,
        passed=add_s / alone_s <= TARGET_INCREMENTAL and not checks,
    )


def partial_run(args, settings, encoder, corpus: Path, extra_doc: Path) -> int:
    """Redo the incremental or the --compare-limit row of an earlier full run, on its library."""
    saved = load_rows("scale")
    if saved is None:
        raise SystemExit("run `python -m bench.scale` first")
    extra = saved["extra"]
    if args.incremental_only:
        fastest_torch_threads(encoder, sample_texts(corpus))
        row, marker = incremental_row(args, settings, encoder, corpus, extra_doc, extra), "incremental:"
    else:
        row = serve_with_limit(settings, encoder, corpus, extra_doc, args.documents, args.compare_limit, extra)
        marker = "exact_search_limit="
    rows = [Row(**r) for r in saved["rows"]]
    position = next((i for i, r in enumerate(rows) if marker in r.figure), len(rows))
    rows[position : position + 1] = [row]
    save_rows("scale", rows, extra)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--compare-limit", type=int, default=50_000, help="also serve with this exact_search_limit")
    parser.add_argument("--compare-only", action="store_true", help="only the compare-limit step, on the library")
    parser.add_argument("--incremental-only", action="store_true", help="only the incremental step, on the library")
    args = parser.parse_args(argv)
    from psp_qa.indexing.embed import Encoder

    encoder = Encoder.from_name(None)
    corpus, index = LIBRARY / "corpus", LIBRARY / "index"
    extra_doc = corpus / f"synthetic-report-{args.documents + 1:03d}.md"
    if args.compare_only or args.incremental_only:
        return partial_run(args, settings_for(corpus, index), encoder, corpus, extra_doc)
    extra_doc.unlink(missing_ok=True)
    write_library(corpus, range(1, args.documents + 1))
    threads = fastest_torch_threads(encoder, sample_texts(corpus))
    shutil.rmtree(index, ignore_errors=True)
    settings = settings_for(corpus, index)
    print(f"building the library of {args.documents} documents", flush=True)
    build_s, report, stages = timed_build(settings, encoder)
    texts = embedded_texts(report.build_dir)
    print(f"built in {build_s:.0f} s; encoding its {len(texts)} texts", flush=True)
    start = time.perf_counter()
    encoder.encode(texts, batch_size=32)
    encode_s = time.perf_counter() - start
    del texts
    size_mb = folder_mb(report.build_dir)
    extra: dict = {"torch_threads": threads, "build_seconds": build_s, "encode_seconds": encode_s, "stages": stages,
                   "passages": report.passages, "sentences": report.sentences, "embedded": report.embedded}  # fmt: skip

    served = serving(corpus, index)
    extra["serving"] = {k: v for k, v in served.items() if k != "times"}
    real_row = approximate_on_real_vectors(report.build_dir, extra)

    print("incremental update", flush=True)
    incremental = incremental_row(args, settings, encoder, corpus, extra_doc, extra)
    ratio = build_s / encode_s
    serve_times = served["times"]
    command = f".venv/bin/python -m bench.scale --documents {args.documents}"
    rows = [
        Row(f"library of {args.documents} synthetic reports: index build from nothing (model loaded)",
            "bare sentence-transformers encoding of the same texts, batch 32 (measured right after)",
            f"{fmt_seconds(build_s)} vs {fmt_seconds(encode_s)}; {report.passages:,} passages, "
            f"{report.sentences:,} sentences, {report.embedded:,} texts embedded; torch threads {threads}",
            "report (≤ 1.15 x for one report)",
            command, ratio=ratio),
        Row(f"library of {args.documents}: index size, serving RSS, warm query latency", "none",
            f"{size_mb:.0f} MB on disk; serving process {served['rss_mb']:.0f} MB RSS "
            f"(opened in {fmt_seconds(served['open'])}); warm ask {fmt_ms(serve_times)} "
            f"over {len(serve_times)} answers; vectors: {served['vector_index']}", "report", command),
        real_row,
        incremental,
    ]  # fmt: skip
    if args.compare_limit:
        rows.append(serve_with_limit(settings, encoder, corpus, extra_doc, args.documents, args.compare_limit, extra))
    save_rows("scale", rows, extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
