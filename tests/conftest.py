"""Shared fixtures: the real packaged model, and one real index of the bundled report.

Building the index embeds every passage and sentence with the real model, so it
is built once per test session; tests that change a corpus build their own.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from psp_qa.config import Settings, load_settings  # noqa: E402
from psp_qa.indexing.embed import Encoder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpus" / "strategic-psp-model-report.txt"
DEV_QUESTIONS = ROOT.parent / "shared" / "eval" / "dev-questions.jsonl"
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return Encoder.from_name(None)


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report_settings(tmp_path_factory, encoder) -> Settings:
    """Settings for a corpus holding only the report, with its index built."""
    from psp_qa.indexing.build import build_index

    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    settings = load_settings(corpus_dir=corpus, index_dir=root / "index")
    build_index(settings, encoder)
    return settings


@pytest.fixture(scope="session")
def engine(report_settings):
    from psp_qa.engine import Engine

    return Engine.open(report_settings)


@pytest.fixture()
def corpus_copy(tmp_path) -> Settings:
    """A private corpus (the report) and an empty index folder, for tests that change them."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPORT, corpus / REPORT.name)
    return load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def evaluated(engine):
    """`evaluated(path)`: `psp-qa eval`'s report on one question file, computed once per session.

    The baselines' windows are embedded once for all files, and a file scored by two
    tests (answer@1 and retrieval floors) is asked only once.
    """
    from psp_qa.evaluate import Baselines, evaluate, read_gold

    baselines = Baselines.build(engine)
    reports: dict[Path, dict] = {}

    def report(path: Path) -> dict:
        if path not in reports:
            reports[path] = evaluate(engine, read_gold(path), baselines=baselines)
        return reports[path]

    return report
