"""FAISS vector indexes: exact inner product for normal sizes, HNSW above a limit.

Vectors are normalised, so inner product is cosine similarity.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

HNSW_NEIGHBOURS = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def build(matrix: np.ndarray, exact_search_limit: int):
    import faiss

    dimension = matrix.shape[1]
    if matrix.shape[0] > exact_search_limit:
        index = faiss.IndexHNSWFlat(dimension, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dimension)
    index.add(np.ascontiguousarray(matrix, dtype=np.float32))
    return index


def describe(index) -> dict:
    import faiss

    if isinstance(index, faiss.IndexHNSWFlat):
        return {"type": "hnsw", "neighbours": HNSW_NEIGHBOURS, "ef_search": index.hnsw.efSearch}
    return {"type": "flat"}


def write(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def read(path: Path):
    import faiss

    index = faiss.read_index(str(path))
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def search(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, rows) of the k nearest vectors; rows are -1 where fewer exist."""
    k = max(1, min(k, index.ntotal))
    scores, rows = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    return scores[0], rows[0]
