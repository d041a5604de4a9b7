"""A million passages at the index layer: approximate vector search, and BM25 over matching text.

    .venv/bin/python -m bench.million [--rows 1000000]

Vectors come from bench.synthetic (clustered, 384-d, normalised); each has a
passage of the report's sentences chosen by its topic. `vectors.build` is given
a limit below the row count, so it builds what psp-qa would build at that size.
Recall@10 is measured against an exact search of the same vectors.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import Row, current_rss_mb, fmt_ms, fmt_seconds, load_rows, percentile, save_rows
from bench.synthetic import ClusteredVectors, recall_at, topic_texts

QUERIES = 300
TARGET_P95 = 0.050
TARGET_RECALL = 0.95


def timed_searches(index, queries: np.ndarray, k: int) -> tuple[list[float], np.ndarray]:
    from psp_qa.indexing import vectors

    times, found = [], []
    for query in queries:
        start = time.perf_counter()
        _, rows = vectors.search(index, query, k)
        times.append(time.perf_counter() - start)
        found.append(rows[:10])
    return times, np.array(found)


def report_sentences() -> list[str]:
    from bench.common import REPORT
    from psp_qa.reading.chunking import split_sentences

    text = REPORT.read_text(encoding="utf-8")
    return [" ".join(text[s.start : s.end].split()) for s in split_sentences(text)]


def hnsw_comparison(matrix: np.ndarray, queries: np.ndarray, rows: int) -> dict:
    """What HNSW (M=32, efConstruction=80, efSearch=128: psp-qa's earlier settings) costs on the first `rows`."""
    import faiss

    if not rows:
        return {}
    subset = np.ascontiguousarray(matrix[:rows])
    exact = faiss.IndexFlatIP(subset.shape[1])
    exact.add(subset)
    _, truth = exact.search(queries, 10)
    del exact
    start = time.perf_counter()
    index = faiss.IndexHNSWFlat(subset.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 80
    index.add(subset)
    build_seconds = time.perf_counter() - start
    index.hnsw.efSearch = 128
    times, found = timed_searches(index, queries, 10)
    size_mb = faiss.serialize_index(index).nbytes / 2**20
    return {"rows": rows, "build_seconds": round(build_seconds, 1), "size_mb": round(size_mb),
            "recall_at_10": round(recall_at(found, truth), 4), "search": fmt_ms(times)}  # fmt: skip


def measure_vectors(rows: int, extra: dict, hnsw_rows: int = 0) -> list[Row]:
    import faiss

    from psp_qa.indexing import vectors

    generator = ClusteredVectors()
    matrix, topics = generator.sample(rows, seed=1)
    queries, _ = generator.sample(QUERIES, seed=2)
    np.save(_topics_file(rows), topics)
    del topics
    gc.collect()
    exact = faiss.IndexFlatIP(matrix.shape[1])
    exact.add(matrix)
    _, truth = exact.search(queries, 10)  # batched, all cores: the reference answer
    exact_times, _ = timed_searches(exact, queries[:60], 10)
    del exact
    gc.collect()

    rss_before = current_rss_mb()
    start = time.perf_counter()
    index = vectors.build(matrix, exact_search_limit=rows - 1)
    build_seconds = time.perf_counter() - start
    index_mb = current_rss_mb() - rss_before
    described = vectors.describe(index)
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent / ".work") as folder:
        path = Path(folder) / "million.faiss"
        vectors.write(index, path)
        disk_mb = path.stat().st_size / 2**20
        start = time.perf_counter()
        index = vectors.read(path)
        read_seconds = time.perf_counter() - start
    times, found = timed_searches(index, queries, 10)
    deep_times, _ = timed_searches(index, queries, 400)  # retrieval asks sentence indexes for 400
    recall = recall_at(found, truth)
    sweep = {}
    for probes in (8, 16, 32, 64, 128):
        index.nprobe = probes
        sweep_times, sweep_found = timed_searches(index, queries, 10)
        sweep[probes] = {"recall_at_10": round(recall_at(sweep_found, truth), 4),
                         "p95_ms": round(percentile(sweep_times, 95) * 1000, 2)}  # fmt: skip
    extra["hnsw_comparison"] = hnsw_comparison(matrix, queries, hnsw_rows)
    extra.update({"vector_index": described, "exact_single_query": fmt_ms(exact_times), "probe_sweep": sweep,
                  "read_seconds": round(read_seconds, 2), "index_mb_on_disk": round(disk_mb),
                  "index_mb_in_memory": round(index_mb)})  # fmt: skip
    command = f".venv/bin/python -m bench.million --rows {rows}"
    p95 = percentile(times, 95)
    return [
        Row(f"{rows:,} vectors: approximate search p95 (k=10)", "none (target in ms)",
            f"{fmt_ms(times)}; k=400: {fmt_ms(deep_times)}; exact scan: {fmt_ms(exact_times)}; "
            f"{described['type']} {described}", f"≤ {TARGET_P95 * 1000:.0f} ms", command,
            passed=p95 <= TARGET_P95),
        Row(f"{rows:,} vectors: recall@10 of the approximate index vs exact", "exact FAISS search, same vectors",
            f"{recall:.3f} over {QUERIES} queries", f"≥ {TARGET_RECALL}", command, passed=recall >= TARGET_RECALL),
        Row(f"{rows:,} vectors: build time and memory", "none (report)",
            f"build {fmt_seconds(build_seconds)}; index {index_mb:.0f} MB in memory, {disk_mb:.0f} MB on disk; "
            f"read back in {fmt_seconds(read_seconds)}; for comparison, HNSW on the first rows: "
            f"{extra['hnsw_comparison'] or 'not measured'}", "report", command),
    ]  # fmt: skip


def _topics_file(rows: int) -> Path:
    folder = Path(__file__).parent / ".work"
    folder.mkdir(exist_ok=True)
    return folder / f"million-topics-{rows}.npy"


def measure_keywords(rows: int, extra: dict) -> list[Row]:
    from bench.common import dev_questions
    from psp_qa.indexing.keywords import KeywordIndex, keyword_tokens

    topics = np.load(_topics_file(rows))
    texts = topic_texts(topics, report_sentences(), seed=3)
    del topics
    rss_before = current_rss_mb()
    start = time.perf_counter()
    keywords = KeywordIndex.build(texts)
    build_seconds = time.perf_counter() - start
    del texts
    gc.collect()
    memory_mb = current_rss_mb() - rss_before
    questions = dev_questions()
    times = []
    for question in questions * 5:
        start = time.perf_counter()
        scores = keywords.scores(keyword_tokens(question))
        np.argpartition(-scores, 100)[:100]  # what retrieval does with them: the top 100
        times.append(time.perf_counter() - start)
    extra["bm25_build_seconds"] = round(build_seconds, 1)
    command = f".venv/bin/python -m bench.million --rows {rows} --only keywords"
    return [
        Row(f"{rows:,} passages: BM25 query p95 (score all, take top 100)", "none (target in ms)",
            f"{fmt_ms(times)}; build {fmt_seconds(build_seconds)}, about {memory_mb:.0f} MB",
            f"≤ {TARGET_P95 * 1000:.0f} ms", command, passed=percentile(times, 95) <= TARGET_P95),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["vectors", "keywords"])
    parser.add_argument("--hnsw-rows", type=int, default=100_000, help="also build HNSW on this many rows (0: no)")
    args = parser.parse_args(argv)
    extra: dict = {"rows": args.rows}
    rows: list[Row] = []
    if args.only in (None, "vectors"):
        rows += measure_vectors(args.rows, extra, args.hnsw_rows)
        gc.collect()
    if args.only in (None, "keywords"):
        rows += measure_keywords(args.rows, extra)
    if args.only:  # keep the other part's rows from the last run
        saved = load_rows("million") or {"rows": [], "extra": {}}
        kept = [Row(**r) for r in saved["rows"] if ("BM25" in r["figure"]) == (args.only == "vectors")]
        rows, extra = rows + kept, saved["extra"] | extra
    save_rows("million", rows, extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
