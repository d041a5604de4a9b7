"""FAISS vector indexes: exact inner product up to a size limit, inverted lists (IVF) above it.

Vectors are normalised, so inner product is cosine similarity.

Above `exact_search_limit` rows, an exact scan costs too much per question
(about 0.08 µs per vector on this 2-core machine: 83 ms at a million), so the
index becomes an IVF: k-means cells (4·√N of them), of which each search scans
the 5 % nearest the question. IVF rather than HNSW: at a million clustered
vectors on 2 cores it built in 69 s against HNSW's 190 s (M=32), found 100 %
of the exact top 10 against HNSW's 97 %, and answers in 3 ms; its one knob,
the share of cells probed, trades recall for time in a way that is easy to
measure (BENCHMARKS.md). Indexes built earlier with HNSW are still read.

Every search runs on the calling thread only: a single question is too small
to share, and FAISS's OpenMP team spins on busy cores (measured: 75 ms instead
of 12 ms for one exact search of 100k vectors on a loaded 2-core machine).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

IVF_LISTS_PER_ROOT = 4  # cells = 4·√N
IVF_MIN_ROWS_PER_LIST = 39  # fewer training points per cell than this and k-means is unreliable
IVF_TRAINING_ROWS_PER_LIST = 64  # k-means trains on a fixed sample, not on everything
IVF_MIN_PROBES = 32
# Cells scanned per search, as a share of all cells: on real sentence vectors (83,624, 1,157 cells)
# 2.8 % gave recall@10 0.976 and 5.5 % gave 0.993, so 5 % it is; at a million rows that is 200
# cells, about 50,000 vectors, a few milliseconds.
IVF_PROBE_SHARE = 1 / 20
HNSW_EF_SEARCH = 128  # for indexes built by earlier versions


def ivf_lists(rows: int) -> int:
    return max(1, min(round(IVF_LISTS_PER_ROOT * math.sqrt(rows)), rows // IVF_MIN_ROWS_PER_LIST))


def ivf_probes(lists: int) -> int:
    return min(lists, max(IVF_MIN_PROBES, math.ceil(lists * IVF_PROBE_SHARE)))


def build(matrix: np.ndarray, exact_search_limit: int, previous: Path | None = None):
    """An exact index for up to `exact_search_limit` rows, an IVF index above it.

    An IVF index reuses the cells of `previous` (the same index in the last
    build) while their number still suits the row count: k-means is most of the
    cost of adding one report to a large library, and the cells of nearly the
    same vectors serve as well.
    """
    import faiss

    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    rows, dimension = matrix.shape
    if rows <= exact_search_limit:
        index = faiss.IndexFlatIP(dimension)
        index.add(matrix)
        return index
    lists = ivf_lists(rows)
    index = _reusable_cells(previous, lists, dimension)
    if index is None:
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
        sample_size = min(rows, lists * IVF_TRAINING_ROWS_PER_LIST)
        sample = np.sort(np.random.default_rng(0).choice(rows, size=sample_size, replace=False))
        index.train(matrix[sample])
    index.add(matrix)
    index.nprobe = ivf_probes(lists)
    index.make_direct_map()  # retrieval reads stored vectors back by row
    return index


def _reusable_cells(previous: Path | None, lists: int, dimension: int):
    """The previous IVF index emptied, if its cell count is within a quarter of `lists`; else None."""
    import faiss

    if previous is None or not previous.is_file():
        return None
    try:
        index = faiss.read_index(str(previous))
    except RuntimeError:
        return None
    if not isinstance(index, faiss.IndexIVFFlat) or index.d != dimension:
        return None
    if not 0.8 * lists <= index.nlist <= 1.25 * lists:
        return None  # grown or shrunk too far: train afresh
    index.reset()
    return index


def describe(index) -> dict:
    import faiss

    if isinstance(index, faiss.IndexIVFFlat):
        return {"type": "ivf", "lists": int(index.nlist), "probes": int(index.nprobe)}
    if isinstance(index, faiss.IndexHNSWFlat):
        return {"type": "hnsw", "ef_search": int(index.hnsw.efSearch)}
    return {"type": "flat"}


def write(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def read(path: Path):
    import faiss

    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexIVFFlat):
        index.nprobe = ivf_probes(index.nlist)
        if index.direct_map.type == faiss.DirectMap.NoMap:
            index.make_direct_map()
    elif hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def search(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, rows) of the k nearest vectors; rows are -1 where fewer exist."""
    import faiss

    k = max(1, min(k, index.ntotal))
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # per calling thread (OpenMP ICVs are thread-local)
    try:
        scores, rows = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    finally:
        faiss.omp_set_num_threads(threads)
    return scores[0], rows[0]
