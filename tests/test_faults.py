"""Crashes never cost the working index: a build killed at any moment leaves the previous one answering."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psp_qa.config import load_settings
from psp_qa.engine import Engine
from psp_qa.indexing.store import current_build, load_index

KILLS = 20
BOLLATE_SUCCESS = "The success of Bollate was facilitated"


def _index_command(settings) -> list[str]:
    return [sys.executable, "-m", "psp_qa.cli", "index", "--json",
            "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]  # fmt: skip


def _answers_bollate(settings) -> bool:
    engine = Engine.open(settings, refresh=False)
    answer = engine.ask("What made Bollate succeed?")
    return answer.in_scope and BOLLATE_SUCCESS in answer.hits[0].passage.text


@pytest.fixture()
def built_copy(tmp_path, report_settings):
    """A private copy of the report's corpus and built index."""
    shutil.copytree(report_settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(report_settings.index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    return load_settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")


def test_sigkill_at_random_moments_never_breaks_the_previous_index(built_copy):
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    extra = built_copy.corpus_dir / "notes.md"
    # One uninterrupted run tells how long a build takes, so the kills land throughout it.
    extra.write_text("# Notes\n\nA first note about training days and shared servers.\n", encoding="utf-8")
    started = time.monotonic()
    subprocess.run(_index_command(built_copy), env=env, check=True, capture_output=True, timeout=300)
    duration = time.monotonic() - started
    rng = random.Random(20261126)
    for attempt in range(KILLS):
        before = current_build(built_copy.index_dir)
        extra.write_text(f"# Notes\n\nNote number {attempt} about a training day.\n", encoding="utf-8")
        process = subprocess.Popen(_index_command(built_copy), env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.2, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        after = current_build(built_copy.index_dir)
        assert after in (before, *built_copy.index_dir.glob("build-*"))
        load_index(built_copy.index_dir)  # checksums verified
        assert _answers_bollate(built_copy), f"kill {attempt}: previous index no longer answers"
    finished = subprocess.run(_index_command(built_copy), env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert _answers_bollate(built_copy)
    leftovers = [p for p in built_copy.index_dir.iterdir() if p.name.startswith("build-")]
    assert leftovers == [current_build(built_copy.index_dir)]


def test_damaged_model_folder_is_a_clear_error(tmp_path, corpus_copy):
    from psp_qa.errors import ModelUnavailableError
    from psp_qa.indexing.build import build_index
    from psp_qa.indexing.embed import Encoder, bundled_model_dir

    broken = tmp_path / "model"
    shutil.copytree(bundled_model_dir(), broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(ModelUnavailableError, match="could not be loaded"):
        build_index(corpus_copy, Encoder.from_name(str(broken)))
    with pytest.raises(ModelUnavailableError, match="never downloads"):
        Encoder.from_name("no-such-org/no-such-model")
    empty = tmp_path / "empty-model"
    empty.mkdir()
    with pytest.raises(ModelUnavailableError, match="no weights file"):
        Encoder.from_name(str(empty))
    assert not Path(corpus_copy.index_dir / "CURRENT").exists()
