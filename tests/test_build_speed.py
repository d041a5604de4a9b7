"""Adding a file to a built index pays for little beyond the file: no torch, the export linked rather
than copied, and encoder threads that sleep when idle; a build embeds no sentence that says nothing
beyond its headings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from pdfs import text_pdf

from psp_qa.config import load_settings
from psp_qa.indexing import onnx_encoder
from psp_qa.indexing.build import WORD, content_key, sentence_view
from psp_qa.indexing.keywords import keyword_tokens
from psp_qa.indexing.store import current_build, load_index, read_manifest
from psp_qa.reading.chunking import section_embedding_text, sentence_embedding_text

ROOT = Path(__file__).resolve().parent.parent
HEAVY_MODULES = ("torch", "sentence_transformers", "transformers")
ADD = f"""
import json, sys
from psp_qa.config import load_settings
from psp_qa.indexing.build import build_index
from psp_qa.indexing.embed import Encoder
report = build_index(load_settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2]), Encoder.from_name(None))
print(json.dumps({{"embedded": report.embedded, "heavy": [m for m in {HEAVY_MODULES!r} if m in sys.modules]}}))
"""


def _copy_of_the_report_index(report_settings, tmp_path: Path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(report_settings.corpus_dir, corpus)
    shutil.copytree(report_settings.index_dir, index)
    return load_settings(corpus_dir=corpus, index_dir=index)


def test_adding_a_one_page_pdf_imports_no_torch_and_links_the_export(report_settings, tmp_path: Path) -> None:
    settings = _copy_of_the_report_index(report_settings, tmp_path)
    before = current_build(settings.index_dir)
    model = os.stat(before / onnx_encoder.ONNX_FILE).st_ino
    (settings.corpus_dir / "notice.pdf").write_bytes(text_pdf(["The ferry timetable changes on the first of May."]))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "PSP_QA_CACHE_DIR": str(tmp_path / "none")}
    run = subprocess.run([sys.executable, "-c", ADD, str(settings.corpus_dir), str(settings.index_dir)], env=env,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["heavy"] == [] and 0 < result["embedded"] < 50  # only the new file's texts
    after = current_build(settings.index_dir)
    assert after != before and read_manifest(after)["texts_embedded_with"] == "onnx"
    assert os.stat(after / onnx_encoder.ONNX_FILE).st_ino == model  # the same file, not a 90 MB copy


def test_the_encoders_threads_sleep_when_idle(report_settings) -> None:
    """A spinning ONNX thread takes the core a busy machine's other work needs; a build runs whole
    batches side by side, one thread each, rather than each batch over every thread (see OnnxEncoder)."""
    encoder = onnx_encoder.OnnxEncoder(current_build(report_settings.index_dir), 256, threads=2)
    options = encoder.session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert options.intra_op_num_threads == 1 and encoder.workers == 2  # two batches at once, one thread each


def test_the_build_benchmark_counts_the_reading_workers_cpu() -> None:
    """bench.realdocs gives a build's CPU seconds beside its wall time (steadier on a shared machine);
    they include the children the process reaped, as a build reaps its PDF-reading worker."""
    from bench.common import measure_child

    spin = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass"
    parent = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {spin!r}], check=True)"
    run = measure_child([sys.executable, "-c", parent], timeout=120)
    assert run.returncode == 0, run.stderr
    assert 0.4 <= run.cpu_seconds <= run.seconds * (os.cpu_count() or 1) + 0.1


def test_a_sentence_without_a_word_takes_its_headings_vector(report_settings) -> None:
    """The report's infographic figures ("70", "31") are embedded as their headings, which the section
    view embeds anyway; every sentence with a word keeps its own vector, and every sentence its words
    (with its headings) in the keyword index."""
    index = load_index(report_settings.index_dir)
    folder = current_build(report_settings.index_dir)
    rows = [(p, sentence) for p in index.passages for sentence in p.sentence_texts()]
    view = sentence_view(index.passages)
    wordless = [i for i, (_, sentence) in enumerate(rows) if not WORD.search(sentence)]
    assert 0 < len(wordless) < len(rows) / 20 and len(view) == len(rows)
    sections = dict(zip(np.load(folder / "section_keys.npy").tolist(), np.load(folder / "section_vectors.npy")))
    vectors = np.load(folder / "sentence_vectors.npy")
    for i in wordless:
        passage, sentence = rows[i]
        assert view[i] == section_embedding_text(passage.section) != ""
        assert np.array_equal(vectors[i], sections[content_key(view[i]).rstrip(b"\0")])
        assert index.sentence_keywords.scores(keyword_tokens(sentence))[i] > 0  # its own words still find it
    own = [i for i in range(len(rows)) if i not in set(wordless)]
    assert all(view[i] == sentence_embedding_text(rows[i][0].section, rows[i][1], rows[i][0].lead) for i in own)
