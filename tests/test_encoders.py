"""The ONNX encoder against sentence-transformers, and what `psp-qa ask` loads.

The index is embedded, and questions are encoded, by the ONNX export of the
model; these tests hold it to the model it came from.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from psp_qa.cli import main
from psp_qa.config import load_settings
from psp_qa.engine import Engine
from psp_qa.indexing.build import build_index
from psp_qa.indexing.embed import Encoder
from psp_qa.indexing.onnx_encoder import PARITY_MIN_COSINE, OnnxEncoder
from psp_qa.indexing.store import load_index, read_manifest
from psp_qa.reading.chunking import embedding_text, sentence_embedding_text

HEAVY_MODULES = ("torch", "sentence_transformers", "transformers", "sklearn", "gradio")


def spread(items: list, count: int) -> list:
    return items[:: max(1, len(items) // count)][:count]


def test_onnx_matches_sentence_transformers_on_200_report_texts(report_settings, encoder: Encoder) -> None:
    index = load_index(report_settings.index_dir)
    passages = spread(index.passages, 100)
    texts = [embedding_text(p.section, p.text) for p in passages]
    texts += spread([sentence_embedding_text(p.section, s) for p in index.passages for s in p.sentence_texts()], 100)
    assert len(texts) == 200
    onnx = OnnxEncoder(index.folder, encoder.max_seq_length)
    cosines = np.sum(onnx.encode(texts) * encoder.encode(texts), axis=1)
    assert cosines.min() >= PARITY_MIN_COSINE, texts[int(cosines.argmin())][:80]


def test_batching_by_length_keeps_each_text_in_its_place(report_settings, encoder: Encoder) -> None:
    index = load_index(report_settings.index_dir)
    texts = ["Bollate", *(p.text for p in spread(index.passages, 12)), "What made Bollate succeed?"]
    onnx = OnnxEncoder(index.folder, encoder.max_seq_length)
    together = onnx.encode(texts, batch_size=4)
    alone = np.stack([onnx.encode([text])[0] for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_the_index_is_embedded_by_the_checked_onnx_encoder(report_settings, encoder: Encoder) -> None:
    index = load_index(report_settings.index_dir)
    manifest = index.manifest
    assert manifest["texts_embedded_with"] == "onnx"
    record = manifest["query_encoder"]
    assert record["type"] == "onnx" and record["parity_texts"] == 64
    assert record["parity_min_cosine"] >= PARITY_MIN_COSINE
    # what the index holds is what sentence-transformers would have given
    stored = np.load(index.folder / "passage_vectors.npy")[:20]
    reference = encoder.encode([embedding_text(p.section, p.text, p.lead) for p in index.passages[:20]])
    assert np.sum(stored * reference, axis=1).min() >= PARITY_MIN_COSINE


def test_ask_loads_no_torch(report_settings) -> None:
    check = (
        "import contextlib, io, json, sys\n"
        "from psp_qa.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    code = main(['ask', 'What made Bollate succeed?', '--corpus', sys.argv[1], '--index', sys.argv[2]])\n"
        f"print(json.dumps({{'exit': code, 'answer': out.getvalue(), 'heavy': [m for m in {HEAVY_MODULES!r} "
        "if m in sys.modules]}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", check, str(report_settings.corpus_dir), str(report_settings.index_dir)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["exit"] == 0 and "Bollate" in result["answer"]
    assert result["heavy"] == []


def test_a_model_that_cannot_be_exported_is_used_through_sentence_transformers(
    tmp_path: Path, encoder: Encoder, capsys
) -> None:
    model = tmp_path / "cls-model"
    shutil.copytree(encoder.folder, model)
    pooling = model / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    pooling.write_text(json.dumps(config))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bollate.md").write_text(
        "# Bollate Prison\n\n## Outcomes\n\nThe success of Bollate was facilitated by its partners.\n"
    )
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", model=str(model))
    custom = Encoder.from_name(str(model))
    build_index(settings, custom)

    manifest = read_manifest(load_index(settings.index_dir).folder)
    assert manifest["texts_embedded_with"] == "sentence-transformers"
    assert manifest["query_encoder"]["type"] == "sentence-transformers"
    assert "pooling" in manifest["query_encoder"]["reason"]
    assert Engine.open(settings, refresh=False).ask("What made Bollate succeed?").hits
    args = ["info", "--corpus", str(corpus), "--index", str(settings.index_dir), "--model", str(model)]
    assert main(args) == 0
    shown = capsys.readouterr().out
    assert "questions   encoded with sentence-transformers (pooling" in shown
    assert "texts       embedded with sentence-transformers" in shown


def test_the_export_is_fused(report_settings) -> None:
    """Attention, layer norms and GELU fused: the graph starts and runs faster, with the same vectors (above)."""
    import onnx

    index = load_index(report_settings.index_dir)
    graph = onnx.load(str(index.folder / "query_encoder.onnx"), load_external_data=False).graph
    kinds = {node.op_type for node in graph.node}
    assert {"Attention", "SkipLayerNormalization", "BiasGelu"} <= kinds, sorted(kinds)
    assert index.manifest["query_encoder"]["graph"] == "fused"
