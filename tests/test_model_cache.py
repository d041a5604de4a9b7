"""The checked ONNX export is cached per model (by the weights' sha256), so a build needs no torch once it exists."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from psp_qa.indexing import onnx_encoder
from psp_qa.indexing.store import load_index, read_manifest

ROOT = Path(__file__).resolve().parent.parent
HEAVY_MODULES = ("torch", "sentence_transformers", "transformers")
BUILD = f"""
HEAVY_MODULES = {HEAVY_MODULES!r}
import json, sys
from psp_qa.config import load_settings
from psp_qa.indexing.build import build_index
from psp_qa.indexing.embed import Encoder
report = build_index(load_settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2]), Encoder.from_name(None))
heavy = [m for m in HEAVY_MODULES if m in sys.modules]
print(json.dumps({{"passages": report.passages, "heavy": heavy}}))
"""


def _cache_from(report_settings, folder: Path) -> dict:
    """Fill a private cache with the session index's checked export (made by its first build)."""
    built = load_index(report_settings.index_dir).folder
    record = read_manifest(built)["query_encoder"]
    assert record["type"] == "onnx"
    onnx_encoder.store_export(built, {k: v for k, v in record.items() if k != "files"}, folder)
    return record


def test_a_build_with_the_export_cached_imports_no_torch(report_settings, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    record = _cache_from(report_settings, cache)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(
        "# Mooring\n\nThe harbour board agreed the new mooring fees for the coming season.\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "PSP_QA_CACHE_DIR": str(cache)}
    run = subprocess.run([sys.executable, "-c", BUILD, str(corpus), str(tmp_path / "index")], env=env,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["passages"] == 1 and result["heavy"] == []
    manifest = read_manifest(load_index(tmp_path / "index").folder)
    assert manifest["texts_embedded_with"] == "onnx"
    assert manifest["query_encoder"]["weights_sha256"] == record["weights_sha256"]


def test_a_damaged_cache_entry_is_not_used(report_settings, tmp_path: Path) -> None:
    record = _cache_from(report_settings, tmp_path)
    assert onnx_encoder.cached_export(record["weights_sha256"], tmp_path)["parity_min_cosine"] > 0.999
    model = tmp_path / record["weights_sha256"] / onnx_encoder.ONNX_FILE
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    assert onnx_encoder.cached_export(record["weights_sha256"], tmp_path) is None
    assert onnx_encoder.cached_export("0" * 64, tmp_path) is None


def test_a_cached_export_of_another_graph_is_made_again(report_settings, tmp_path: Path) -> None:
    """An export cached by an older psp-qa (its graph not fused) is not reused."""
    built = load_index(report_settings.index_dir).folder
    record = read_manifest(built)["query_encoder"]
    older = {k: v for k, v in record.items() if k not in ("files", "graph")}
    onnx_encoder.store_export(built, older, tmp_path)
    assert onnx_encoder.cached_export(record["weights_sha256"], tmp_path) is None
    onnx_encoder.store_export(built, {**older, "graph": record["graph"]}, tmp_path)
    assert onnx_encoder.cached_export(record["weights_sha256"], tmp_path) is not None
