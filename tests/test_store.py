"""The index folder: incremental, atomic builds, and damage found on load, on a small real corpus."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from psp_qa.config import Settings, load_settings
from psp_qa.engine import Engine
from psp_qa.errors import EmptyCorpusError, IndexFormatError, IndexNotFoundError
from psp_qa.indexing.build import BuildReport, build_index, ensure_fresh
from psp_qa.indexing.embed import Encoder
from psp_qa.indexing.store import (
    CURRENT,
    FORMAT_VERSION,
    corpus_state,
    current_build,
    load_index,
    read_manifest,
    staleness,
)

ROOT = Path(__file__).resolve().parent.parent
REBUILD_COMMAND = "psp-qa index --rebuild"

FILES = {
    "bollate.md": "# Bollate Prison\n\n## Outcomes\n\nThe success of Bollate was facilitated by its partners. "
    "Reoffending fell.\n\n## Challenges\n\nFunding was uncertain from year to year.\n",
    "peterborough.txt": "HMP Peterborough\n\nThe Peterborough pilot was the first Social Impact Bond. "
    "Results for the first cohort were published in 2014 and showed a fall in reconvictions.\n",
    "notes.txt": "Working groups were set up to monitor delivery, build skills and study future options.\n",
}
NEW_FILE = ("recovery.md", "# Recovery College\n\nThe Recovery College offers courses co-produced with students. "
            "Students reported better wellbeing.\n")  # fmt: skip


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def make_corpus(root: Path, files: dict[str, str] = FILES) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return load_settings(corpus_dir=corpus, index_dir=root / "index")


@pytest.fixture(scope="module")
def built(tmp_path_factory, encoder: Encoder) -> tuple[Settings, BuildReport]:
    """One small index, built once; tests copy it before changing anything."""
    settings = make_corpus(tmp_path_factory.mktemp("small"))
    return settings, build_index(settings, encoder)


@pytest.fixture()
def small(built: tuple[Settings, BuildReport], tmp_path: Path) -> Settings:
    """A private copy of the small corpus and its built index."""
    settings, _ = built
    shutil.copytree(settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(settings.index_dir, tmp_path / "index")
    return dataclasses.replace(settings, corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")


def all_keys(folder: Path) -> dict[str, list[bytes]]:
    """Content hashes of every embedded text, by kind (`<kind>_keys.npy` beside `<kind>_vectors.npy`)."""
    return {p.name: np.load(p, allow_pickle=False).tolist() for p in sorted(folder.glob("*_keys.npy"))}


# ---------------------------------------------------------------- building


def test_first_build_embeds_everything(built: tuple[Settings, BuildReport]) -> None:
    settings, report = built
    keys = all_keys(report.build_dir)
    assert report.up_to_date is False and report.reused == 0
    distinct = {key for k in keys.values() for key in k}
    assert report.embedded == len(distinct) > report.passages + report.sentences
    assert report.documents == 3 and report.skipped == []
    index = load_index(settings.index_dir)
    assert {p.source for p in index.passages} == set(FILES)
    assert len(index.passages) == report.passages and index.passage_index.ntotal == report.passages


def test_up_to_date_index_is_left_alone(small: Settings, encoder: Encoder) -> None:
    before = tree_digest(small.index_dir)
    report = build_index(small, encoder)
    assert report.up_to_date and report.embedded == report.reused == 0
    assert ensure_fresh(small, encoder) is None
    assert tree_digest(small.index_dir) == before


def test_adding_a_file_embeds_only_its_texts(small: Settings, encoder: Encoder) -> None:
    old_folder = current_build(small.index_dir)
    old_keys = {key for keys in all_keys(old_folder).values() for key in keys}
    old_passages = {p.id: p for p in load_index(small.index_dir).passages}
    old_vectors = np.load(old_folder / "passage_vectors.npy")
    name, text = NEW_FILE
    (small.corpus_dir / name).write_text(text, encoding="utf-8")

    report = ensure_fresh(small, encoder)

    assert report is not None and not report.up_to_date
    new_keys = {key for keys in all_keys(report.build_dir).values() for key in keys}
    fresh = new_keys - old_keys
    assert report.embedded == len(fresh) > 0  # each distinct new text once
    assert report.documents_reused == report.documents - 1  # only the new file was read
    assert report.reused == len(new_keys) - len(fresh) > report.embedded
    index = load_index(small.index_dir)
    added = [p for p in index.passages if p.source == name]
    assert added and report.embedded >= len(added) + sum(len(p.sentences) for p in added)
    # Unchanged passages keep their ids and their vectors (the same text may have been embedded in
    # another batch or as a sentence, hence float noise rather than identical bits).
    new_vectors = np.load(report.build_dir / "passage_vectors.npy")
    old_rows = {pid: row for row, pid in enumerate(old_passages)}
    for row, passage in enumerate(index.passages):
        if passage.source != name:
            assert passage == old_passages[passage.id]
            assert np.allclose(new_vectors[row], old_vectors[old_rows[passage.id]], atol=1e-5)
    assert not old_folder.exists()  # the superseded build is cleaned away


@pytest.mark.parametrize(
    ("change", "reason"),
    [("max_chars", "chunking changed"), ("model", "model changed"), ("edit", "notes.txt changed"),
     ("remove", "notes.txt removed")],
)  # fmt: skip
def test_changes_make_the_index_stale(small: Settings, encoder: Encoder, change: str, reason: str) -> None:
    settings, model = small, encoder
    if change == "max_chars":
        settings = dataclasses.replace(small, chunking=dataclasses.replace(small.chunking, max_chars=300))
    elif change == "model":
        model = Encoder("someone/another-model", encoder.folder)
    elif change == "edit":
        (small.corpus_dir / "notes.txt").write_text("Different notes entirely.\n", encoding="utf-8")
    else:
        (small.corpus_dir / "notes.txt").unlink()
    manifest = read_manifest(current_build(small.index_dir))
    assert reason in staleness(manifest, settings, model, corpus_state(settings.corpus_dir))
    if change != "model":  # another model's vectors would need the other model
        report = ensure_fresh(settings, model)
        assert report is not None and not report.up_to_date
        assert staleness(read_manifest(report.build_dir), settings, model, corpus_state(settings.corpus_dir)) == []


def test_manifest_records_what_made_the_index(built: tuple[Settings, BuildReport], encoder: Encoder) -> None:
    settings, report = built
    manifest = json.loads((report.build_dir / "manifest.json").read_text(encoding="utf-8"))
    weights = encoder.folder / "model.safetensors"
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"]["name"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["model"]["dimension"] == 384
    assert manifest["model"]["weights_sha256"] == sha256_file(weights)
    assert manifest["chunking"]["max_chars"] == 1200 and manifest["chunking"]["max_tokens"] == 256
    assert {name: entry["sha256"] for name, entry in manifest["corpus"].items()} == {
        name: hashlib.sha256(text.encode()).hexdigest() for name, text in FILES.items()
    }
    on_disk = tree_digest(report.build_dir)
    on_disk.pop("manifest.json")
    assert manifest["artifacts"] == on_disk
    assert {"passages.jsonl", "passages.faiss", "passage_vectors.npy"} <= set(on_disk)
    assert manifest["counts"]["passages"] == report.passages


# ---------------------------------------------------------------- damage


def damage_file(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncate":
        del data[len(data) // 2 :]
    else:
        data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["flip a byte", "truncate"])
def test_damaged_index_is_reported(small: Settings, tmp_path: Path, how: str) -> None:
    """Every file of a build in turn: damage is found on load and named, with the command that fixes it."""
    pristine = tmp_path / "pristine"
    shutil.copytree(small.index_dir, pristine)
    names = sorted(tree_digest(current_build(pristine)))
    assert len(names) >= 9 and "manifest.json" in names and "passages.faiss" in names
    for name in names:
        shutil.rmtree(small.index_dir)
        shutil.copytree(pristine, small.index_dir)
        damage_file(current_build(small.index_dir) / name, how)
        with pytest.raises(IndexFormatError, match=REBUILD_COMMAND) as caught:
            load_index(small.index_dir)
        assert name in str(caught.value) or "manifest" in str(caught.value), (name, str(caught.value))


@pytest.mark.parametrize(
    ("name", "how"),
    [("passages.faiss", "flip a byte"), ("manifest.json", "truncate"), ("query_encoder.onnx", "flip a byte")],
)
def test_ensure_fresh_repairs_a_damaged_index(small: Settings, encoder: Encoder, name: str, how: str) -> None:
    damage_file(current_build(small.index_dir) / name, how)
    report = ensure_fresh(small, encoder)
    assert report is not None and not report.up_to_date
    assert len(load_index(small.index_dir).passages) == report.passages
    assert ensure_fresh(small, encoder) is None
    assert Engine.open(small, refresh=False).ask("What made Bollate succeed?").hits  # the ONNX encoder loads


def test_every_artifact_is_checked(built: tuple[Settings, BuildReport]) -> None:
    """Each file of a build is either the manifest or covered by its checksums."""
    manifest = json.loads((built[1].build_dir / "manifest.json").read_text(encoding="utf-8"))
    assert set(tree_digest(built[1].build_dir)) == set(manifest["artifacts"]) | {"manifest.json"}


@pytest.mark.parametrize("pointer", ["build-20990101T000000-deadbeef\n", "../elsewhere\n", ""])
def test_current_pointing_nowhere(small: Settings, encoder: Encoder, pointer: str) -> None:
    (small.index_dir / CURRENT).write_text(pointer, encoding="utf-8")
    with pytest.raises(IndexFormatError, match=REBUILD_COMMAND):
        load_index(small.index_dir)
    if pointer.startswith("build-"):  # one repair is enough: it is the same path for all three
        assert ensure_fresh(small, encoder) is not None
        assert load_index(small.index_dir).passages


def test_no_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="psp-qa index"):
        load_index(tmp_path)


def test_a_newer_format_is_refused(small: Settings) -> None:
    path = current_build(small.index_dir) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format_version"] = FORMAT_VERSION + 1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexFormatError, match=f"format {FORMAT_VERSION + 1}.*{REBUILD_COMMAND}"):
        load_index(small.index_dir)


def test_an_index_of_another_format_is_rebuilt_as_an_upgrade_not_as_damage(
    small: Settings, encoder: Encoder, caplog: pytest.LogCaptureFixture
) -> None:
    path = current_build(small.index_dir) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format_version"] = FORMAT_VERSION - 1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with caplog.at_level("WARNING"):
        assert ensure_fresh(small, encoder) is not None
    assert "written in another format and is being rebuilt" in caplog.text
    assert "damaged" not in caplog.text
    assert load_index(small.index_dir).passages


# ---------------------------------------------------------------- failed builds leave the last good index


def test_a_failed_build_leaves_the_previous_index(small: Settings, encoder: Encoder) -> None:
    before = tree_digest(small.index_dir)
    for path in small.corpus_dir.iterdir():
        path.unlink()
    (small.corpus_dir / "empty.txt").write_bytes(b"")
    with pytest.raises(EmptyCorpusError, match=r"nothing to index .*empty\.txt: empty file"):
        build_index(small, encoder)
    assert tree_digest(small.index_dir) == before
    assert {p.source for p in load_index(small.index_dir).passages} == set(FILES)


CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from psp_qa.cli import main
sys.exit(main(["index", "--json", "--corpus", sys.argv[2], "--index", sys.argv[3]]))
"""


@pytest.mark.parametrize("where", ["passages.jsonl", "vectors"])
def test_disk_full_build_fails_cleanly(small: Settings, where: str) -> None:
    """A build that runs out of space says so, and the previous index stays in use untouched.

    Renaming a file makes the index stale without changing any text, so the
    child process rebuilds from cached vectors and never loads the model.
    """
    folder = current_build(small.index_dir)
    limit = 600 if where == "passages.jsonl" else (folder / "passages.jsonl").stat().st_size + 64
    assert limit < (folder / "sentence_vectors.npy").stat().st_size
    before = tree_digest(small.index_dir)
    (small.corpus_dir / "notes.txt").rename(small.corpus_dir / "renamed-notes.txt")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(limit), str(small.corpus_dir), str(small.index_dir)],
        capture_output=True, text=True, env=env, cwd=small.corpus_dir.parent, timeout=120,
    )  # fmt: skip
    assert child.returncode == 1, child.stderr
    assert child.stderr.startswith("error: out of disk space while writing the index"), child.stderr
    assert "previous index is unchanged" in child.stderr and "Traceback" not in child.stderr
    assert child.stdout == ""
    assert tree_digest(small.index_dir) == before
    assert sorted(p.name for p in small.index_dir.iterdir() if p.name.startswith("build-")) == [folder.name]
    assert {p.source for p in load_index(small.index_dir).passages} == set(FILES)


def test_a_text_whose_key_ends_in_zero_bytes_is_found_again(tmp_path: Path, encoder: Encoder) -> None:
    """numpy stores keys as S16 and drops trailing zero bytes; about 1 text in 256 has one."""
    from psp_qa.indexing.build import content_key, embed_distinct_texts, no_progress

    text = next(t for t in (f"text {i}" for i in range(100_000)) if content_key(t).endswith(b"\0"))
    texts = {"passage": [text, "another text"]}
    arrays, embedded, _ = embed_distinct_texts(texts, {}, encoder, 32, no_progress)
    for name, array in arrays.items():
        np.save(tmp_path / name, array, allow_pickle=False)
    keys, rows = np.load(tmp_path / "passage_keys.npy"), np.load(tmp_path / "passage_vectors.npy")
    _, embedded_again, reused = embed_distinct_texts(texts, dict(zip(keys.tolist(), rows)), encoder, 32, no_progress)
    assert (embedded, embedded_again, reused) == (2, 0, 2)
