"""The command line, run as a user runs it: exit codes, one-line errors, JSON shapes.

Each call is a real subprocess of the installed `psp-qa` script. A cold start
costs seconds, so the calls are few and the fast failures come first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psp_qa.config import Settings, load_settings
from psp_qa.indexing.build import build_index

PSP_QA = Path(sys.executable).with_name("psp-qa")
REPORT = "strategic-psp-model-report.txt"
PASSAGE_KEYS = {"rank", "id", "text", "source", "section", "page", "start", "end", "score"}


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([str(PSP_QA), *args], input=stdin, capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300)  # fmt: skip


def where(settings: Settings) -> list[str]:
    return ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", ""], "error: the question is empty"),
        (["ask", "x" * 2001], "error: the question is 2001 characters long; the limit is 2000"),
        (
            ["ask", "--config", "missing.toml", "What made Bollate succeed?"],
            "error: config file missing.toml not found",
        ),
    ],
    ids=["empty", "too long", "unknown config"],
)
def test_bad_requests_fail_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    empty = tmp_path / "corpus"
    empty.mkdir()
    result = run(*args, "--corpus", str(empty), "--index", str(tmp_path / "index"), cwd=tmp_path)
    assert one_line_error(result) == message


def test_empty_corpus_is_an_error_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "README.md").write_text("# Not indexed\n\nThe corpus README is never indexed.\n")
    args = ["ask", "What made Bollate succeed?", "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    line = one_line_error(run(*args, cwd=tmp_path))
    assert line == f"error: nothing to index in {corpus} (no .pdf, .txt or .md files)"
    debug = run(*args, "--debug", cwd=tmp_path)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr and "EmptyCorpusError" in debug.stderr
    assert debug.stderr.splitlines()[-1] == line
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_ask_json_shape(report_settings: Settings, report_text: str, tmp_path: Path) -> None:
    question = "What made Bollate succeed?"
    result = run("ask", question, "--json", "--top-k", "3", *where(report_settings), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["question"] == data["standalone_question"] == question
    assert data["in_scope"] is True and "[1]" in data["answer"]
    assert len(data["passages"]) == 3
    for rank, passage in enumerate(data["passages"], start=1):
        assert PASSAGE_KEYS <= set(passage)
        assert passage["rank"] == rank and passage["source"] == REPORT and passage["page"] is None
        assert report_text[passage["start"] : passage["end"]] == passage["text"]
        assert isinstance(passage["section"], list) and isinstance(passage["score"], float)
    first = data["passages"][0]
    assert "The success of Bollate was facilitated" in first["text"]
    assert first["section"][-2:] == ["Bollate Prison", "Outcomes"]


def test_chat_jsonl_keeps_one_history_per_conversation(report_settings: Settings, tmp_path: Path) -> None:
    turns = [
        {"conversation": "a", "question": "What is the BounceBack project?"},
        {"conversation": "b", "question": "What made Bollate succeed?"},
        {"conversation": "a", "question": "What did its evaluation find?"},
        {"conversation": "b", "question": "What challenges did it face?"},
    ]
    stdin = "".join(json.dumps(turn) + "\n" for turn in turns)
    result = run("chat", "--jsonl", *where(report_settings), cwd=tmp_path, stdin=stdin)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["conversation"] for a in answers] == ["a", "b", "a", "b"]
    assert [a["question"] for a in answers] == [t["question"] for t in turns]
    assert all(PASSAGE_KEYS <= set(p) for a in answers for p in a["passages"])
    follow_a, follow_b = answers[2]["standalone_question"], answers[3]["standalone_question"]
    assert "bounceback" in follow_a.lower().replace(" ", "") and "bollate" not in follow_a.lower()
    assert "bollate" in follow_b.lower() and "bounce" not in follow_b.lower()
    assert any(p["section"][-2:] == ["Bollate Prison", "Challenges"] for p in answers[3]["passages"])


@pytest.fixture()
def small_built(tmp_path: Path, encoder) -> Settings:
    """A small corpus indexed in this process, so the CLI below can refresh it from cached vectors."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text("# Riverside\n\nThe Riverside partnership housed forty families.\n")
    (corpus / "latin1.txt").write_bytes(
        "Café notes\n\nThe café in the société hall opened in 2016.\n".encode("latin-1")
    )
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build_index(settings, encoder)
    return settings


def test_index_json_is_quiet_and_reports_skipped_files(small_built: Settings, tmp_path: Path) -> None:
    """stdout is one JSON object and stderr stays empty, even when pypdf and the decoder have warnings."""
    corpus = small_built.corpus_dir
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (corpus / "minutes.docx").write_bytes(b"PK\x03\x04 a word-processor file")
    expected_skipped = {"broken.pdf": "damaged or unreadable PDF", "minutes.docx": "unsupported file type .docx"}

    for attempt in ("refresh", "up to date"):
        result = run("index", "--json", *where(small_built), cwd=tmp_path)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) == 1
        summary = json.loads(lines[0])
        assert summary["up_to_date"] is (attempt == "up to date")
        skipped = {item["file"]: item["reason"] for item in summary["skipped"]}
        assert set(skipped) == set(expected_skipped), attempt
        assert all(expected_skipped[name] in reason for name, reason in skipped.items())
        assert summary["documents"] == 2
        if attempt == "refresh":
            assert summary["embedded"] == 0 and summary["reused"] > 0  # nothing new to embed
            assert summary["warnings"] == ["latin1.txt: not valid UTF-8; read as Latin-1"]


def test_info_describes_the_index(report_settings: Settings, tmp_path: Path) -> None:
    result = run("info", "--json", *where(report_settings), cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    info = json.loads(result.stdout)
    assert info["model"]["name"] == "sentence-transformers/all-MiniLM-L6-v2" and info["model"]["dimension"] == 384
    assert info["passages"] > 50 and info["sentences"] > info["passages"]
    assert list(info["corpus"]) == [REPORT] and info["corpus"][REPORT]["passages"] == info["passages"]
    assert info["skipped"] == []


def test_a_lone_surrogate_in_json_input_is_dropped_and_answered(report_settings: Settings, tmp_path: Path) -> None:
    """A lone surrogate is valid JSON that no tokenizer can encode; it is dropped, not fatal."""
    stdin = '{"conversation": "a", "question": "What made Bollate succeed? \\ud800"}\n'
    result = run("chat", "--jsonl", *where(report_settings), cwd=tmp_path, stdin=stdin)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    answer = json.loads(result.stdout)
    assert answer["conversation"] == "a" and answer["in_scope"]
