"""Large files' sha256s are reused while the file is unchanged, and read again when it changes (digests.py)."""

from __future__ import annotations

import hashlib
import os

import pytest

from psp_qa.indexing import digests


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PSP_QA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(digests, "_remembered", None)
    return tmp_path


def _counting(monkeypatch) -> list:
    reads = []
    real = digests.read_sha256
    monkeypatch.setattr(digests, "read_sha256", lambda path: reads.append(path) or real(path))
    return reads


def test_an_unchanged_large_file_is_read_once(cache, monkeypatch) -> None:
    data = os.urandom(digests.LARGE_BYTES)
    path = cache / "big.bin"
    path.write_bytes(data)
    os.utime(path, ns=(0, 0))
    reads = _counting(monkeypatch)
    monkeypatch.setattr(digests, "SETTLED_SECONDS", 0.0)  # its ctime is now; what is tested is the reuse
    assert digests.file_sha256(path) == hashlib.sha256(data).hexdigest()
    monkeypatch.setattr(digests, "_remembered", None)  # as a new process would, from the file
    assert digests.file_sha256(path) == hashlib.sha256(data).hexdigest()
    assert reads == [path]


def test_a_changed_file_is_read_again_even_with_its_times_set_back(cache, monkeypatch) -> None:
    path = cache / "big.bin"
    path.write_bytes(b"a" * digests.LARGE_BYTES)
    stat = os.stat(path)
    monkeypatch.setattr(digests, "SETTLED_SECONDS", 0.0)
    digests.file_sha256(path)
    with path.open("r+b") as handle:  # the same size, one byte changed, mtime restored: only ctime tells
        handle.write(b"b")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert digests.file_sha256(path) == hashlib.sha256(b"b" + b"a" * (digests.LARGE_BYTES - 1)).hexdigest()


def test_a_file_changed_just_now_is_not_remembered(cache, monkeypatch) -> None:
    path = cache / "big.bin"
    path.write_bytes(b"a" * digests.LARGE_BYTES)  # its ctime is now: a change within the clock's tick could hide
    reads = _counting(monkeypatch)
    digests.file_sha256(path)
    digests.file_sha256(path)
    assert len(reads) == 2


def test_small_files_are_always_read(cache, monkeypatch) -> None:
    path = cache / "small.txt"
    path.write_bytes(b"small")
    reads = _counting(monkeypatch)
    monkeypatch.setattr(digests, "SETTLED_SECONDS", 0.0)
    digests.file_sha256(path)
    digests.file_sha256(path)
    assert len(reads) == 2


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PSP_QA_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(digests, "_remembered", None)
    monkeypatch.setattr(digests, "SETTLED_SECONDS", 0.0)
    path = tmp_path / "big.bin"
    path.write_bytes(b"c" * digests.LARGE_BYTES)
    assert digests.file_sha256(path) == hashlib.sha256(b"c" * digests.LARGE_BYTES).hexdigest()
