"""Vector indexes: exact up to `exact_search_limit`, IVF above it, and what retrieval needs from both.

Real FAISS on clustered vectors (the shape of sentence embeddings), at a small
scale: 20,000 vectors with a limit of 10,000 builds a real IVF in seconds.
"""

from __future__ import annotations

import shutil

import faiss
import numpy as np
import pytest

from psp_qa.indexing import vectors

DIMENSION = 384


def clustered(rows: int, seed: int) -> np.ndarray:
    """Unit vectors in 50 areas of 100 topics, each topic varying in its own 16-dimensional subspace.

    Shaped like bench/synthetic.py: hard enough that probing one IVF cell loses
    most neighbours, as with real sentence embeddings.
    """
    areas, topics, rank = 50, 100, 16
    shape = np.random.default_rng(7)  # the same topics for every sample
    centres = np.repeat(_unit(shape.standard_normal((areas, DIMENSION), dtype=np.float32)), topics, axis=0)
    centres = _unit(centres + 1.2 * shape.standard_normal(centres.shape, dtype=np.float32) / np.sqrt(DIMENSION))
    bases = shape.standard_normal((len(centres), rank, DIMENSION), dtype=np.float32) / np.sqrt(rank * DIMENSION)
    rng = np.random.default_rng(1000 + seed)
    chosen = rng.integers(0, len(centres), size=rows)
    out = np.empty((rows, DIMENSION), dtype=np.float32)
    for first in range(0, rows, 4096):
        part = chosen[first : first + 4096]
        spread = np.einsum("nr,nrd->nd", rng.standard_normal((len(part), rank), dtype=np.float32), bases[part])
        noise = 0.02 * rng.standard_normal((len(part), DIMENSION), dtype=np.float32)
        out[first : first + len(part)] = _unit(centres[part] + spread + noise)
    return out


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def recall_at_10(index, queries: np.ndarray, truth: np.ndarray) -> float:
    found = [vectors.search(index, query, 10)[1] for query in queries]
    return float(np.mean([len(set(f.tolist()) & set(t.tolist())) / 10 for f, t in zip(found, truth, strict=True)]))


@pytest.fixture(scope="module")
def large() -> np.ndarray:
    return clustered(20_000, seed=1)


@pytest.fixture(scope="module")
def queries() -> np.ndarray:
    return clustered(200, seed=2)


@pytest.fixture(scope="module")
def truth(large, queries) -> np.ndarray:
    return np.argsort(-(queries @ large.T), axis=1, kind="stable")[:, :10]


@pytest.fixture(scope="module")
def approximate(large):
    return vectors.build(large, exact_search_limit=10_000)


@pytest.mark.parametrize(("rows", "limit", "kind"), [(500, 500, "flat"), (501, 500, "ivf"), (100, 0, "ivf")])
def test_the_limit_decides_exact_or_approximate(rows, limit, kind):
    index = vectors.build(clustered(rows, seed=3), exact_search_limit=limit)
    assert vectors.describe(index)["type"] == kind
    assert index.ntotal == rows


def test_exact_search_is_exact(queries):
    matrix = clustered(3_000, seed=4)
    index = vectors.build(matrix, exact_search_limit=3_000)
    for query in queries[:20]:
        scores, rows = vectors.search(index, query, 5)
        expected = np.argsort(-(matrix @ query), kind="stable")[:5]
        assert set(rows.tolist()) == set(expected.tolist())
        assert np.allclose(scores, matrix[rows] @ query, atol=1e-5)


def test_ivf_shape_follows_the_row_count(approximate, large):
    described = vectors.describe(approximate)
    assert described == {"type": "ivf", "lists": vectors.ivf_lists(len(large)), "probes": approximate.nprobe}
    assert described["lists"] * vectors.IVF_MIN_ROWS_PER_LIST <= len(large)  # enough points to train each cell
    assert vectors.IVF_MIN_PROBES <= described["probes"] < described["lists"]  # a real subset of cells
    assert vectors.ivf_lists(1_000_000) == 4000 and vectors.ivf_probes(4000) == 200


def test_ivf_finds_what_exact_search_finds(approximate, queries, truth):
    assert recall_at_10(approximate, queries, truth) >= 0.95


def test_the_recall_test_can_fail(approximate, queries, truth):
    """With one cell probed, the same data loses neighbours: the recall above is earned by the probe count."""
    probes = approximate.nprobe
    approximate.nprobe = 1
    try:
        assert recall_at_10(approximate, queries, truth) < 0.8
    finally:
        approximate.nprobe = probes


def test_ivf_keeps_vectors_readable_by_row(approximate, large):
    """Retrieval reads stored vectors back by row (retrieve._reconstruct)."""
    for row in (0, 777, len(large) - 1):
        assert np.allclose(approximate.reconstruct(row), large[row])


def test_write_and_read_round_trip(approximate, queries, tmp_path):
    path = tmp_path / "vectors.faiss"
    vectors.write(approximate, path)
    loaded = vectors.read(path)
    assert vectors.describe(loaded) == vectors.describe(approximate)
    for query in queries[:10]:
        assert np.array_equal(vectors.search(loaded, query, 10)[1], vectors.search(approximate, query, 10)[1])
    assert np.allclose(loaded.reconstruct(5), approximate.reconstruct(5))


def test_a_grown_index_keeps_the_previous_cells_until_it_has_grown_too_far(approximate, large, queries, tmp_path):
    """Adding rows reuses the trained cells (no k-means); growing past a quarter more cells trains afresh."""
    path = tmp_path / "previous.faiss"
    vectors.write(approximate, path)
    cells = approximate.quantizer.reconstruct_n(0, approximate.nlist)
    grown = np.concatenate([large, clustered(1_000, seed=6)])
    reused = vectors.build(grown, exact_search_limit=10_000, previous=path)
    assert np.array_equal(reused.quantizer.reconstruct_n(0, reused.nlist), cells)
    assert reused.ntotal == len(grown) and np.allclose(reused.reconstruct(len(grown) - 1), grown[-1])
    truth = np.argsort(-(queries @ grown.T), axis=1, kind="stable")[:, :10]
    assert recall_at_10(reused, queries, truth) >= 0.95

    much_larger = np.concatenate([grown, clustered(20_000, seed=8)])  # √2 as many cells
    retrained = vectors.build(much_larger, exact_search_limit=10_000, previous=path)
    assert retrained.nlist == vectors.ivf_lists(len(much_larger)) != approximate.nlist


def test_search_clamps_k_and_leaves_threads_alone(queries):
    index = vectors.build(clustered(7, seed=5), exact_search_limit=100)
    threads = faiss.omp_get_max_threads()
    scores, rows = vectors.search(index, queries[0], 50)
    assert sorted(rows.tolist()) == list(range(7)) and len(scores) == 7
    assert faiss.omp_get_max_threads() == threads


def test_a_build_above_the_limit_records_ivf_and_still_answers(report_settings, encoder, tmp_path):
    """An index over the limit, built by build.py: the manifest says IVF and the answer is unchanged."""
    from dataclasses import replace

    from psp_qa.engine import Engine
    from psp_qa.indexing.build import build_index
    from psp_qa.indexing.store import read_manifest

    shutil.copytree(report_settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(report_settings.index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    (tmp_path / "corpus" / "note.md").write_text("# Note\n\nA short note so that the index is rebuilt.\n")
    settings = replace(report_settings, corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    low = replace(settings, retrieval=replace(settings.retrieval, exact_search_limit=50))
    report = build_index(low, encoder)
    assert report.embedded < 20  # only the note: everything else came from the earlier build
    assert read_manifest(report.build_dir)["vector_index"]["type"] == "ivf"
    engine = Engine.open(low, refresh=False)
    assert vectors.describe(engine.index.sentence_index)["type"] == "ivf"
    exact = Engine.open(report_settings, refresh=False).ask("What made Bollate succeed?")
    approximate = engine.ask("What made Bollate succeed?")
    assert approximate.in_scope and [q.text for q in approximate.quotes] == [q.text for q in exact.quotes]
