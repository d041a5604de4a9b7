"""The engine a running server answers with, and the documents people add to it.

An upload is checked (name, size, type by content, a full parse) before it
touches the corpus folder; it is then saved under a safe, new name and indexed
incrementally. Questions keep being answered by the current engine all along,
and the new engine replaces it in one assignment once the new index is loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import threading
import time
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from psp_qa.config import Settings
from psp_qa.engine import Engine
from psp_qa.errors import IngestError, PspQaError
from psp_qa.indexing.build import Progress, build_index, no_progress
from psp_qa.indexing.store import load_index
from psp_qa.reading.chunking import ChunkLimits, chunk_document
from psp_qa.reading.ingest import SUPPORTED_SUFFIXES, corpus_files, parse_document, sha256_bytes
from psp_qa.web.outline import Outline

log = logging.getLogger(__name__)

MAX_NAME_CHARS = 80
MAX_REASON_CHARS = 200  # a feedback reason is one line


def safe_name(original: str) -> str:
    """A plain file name for an upload: no folders, no hidden files, only [A-Za-z0-9._-]."""
    base = re.split(r"[\\/]", original or "")[-1]
    folded = "".join(c for c in unicodedata.normalize("NFKD", base) if not unicodedata.combining(c))
    stem, dot, suffix = folded.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no extension)"
        raise IngestError(base or "the file", f"unsupported file type {shown}; add a .pdf, .txt or .md file")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-_ ")[:MAX_NAME_CHARS].rstrip(".-_") or "document"
    if stem.lower() == "readme":  # README.md is never indexed
        stem = "readme-upload"
    return stem + suffix


def save_new_file(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` as `name` in `folder`, or as name-2, name-3... : never over an existing file or link."""
    folder = folder.resolve()
    stem, suffix = os.path.splitext(name)
    partial = folder / f".upload-{uuid.uuid4().hex}.part"  # hidden: never indexed
    with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        for number in range(1, 1000):
            target = folder / (name if number == 1 else f"{stem}-{number}{suffix}")
            if target.parent != folder:
                raise IngestError(name, "the file name points outside the corpus folder")
            try:
                _claim(partial, target, data)
                return target
            except FileExistsError:
                continue
        raise IngestError(name, "too many files with this name in the corpus folder")
    finally:
        partial.unlink(missing_ok=True)


def _claim(partial: Path, target: Path, data: bytes) -> None:
    """Give the written file its name; FileExistsError if anything, even a dangling link, has it."""
    try:
        os.link(partial, target)  # atomic: the name appears with the whole file behind it
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some shares): exclusive create instead
        with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


@dataclass(frozen=True)
class Added:
    name: str
    passages: int
    pages: int | None
    seconds: float


class LiveEngine:
    """The current engine, replaced atomically when the index changes."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._outline = Outline.of(engine.index.passages)
        self._adding = threading.Lock()  # one upload at a time

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def outline(self) -> Outline:
        return self._outline

    def swap(self, engine: Engine) -> None:
        outline = Outline.of(engine.index.passages)
        self._engine, self._outline = engine, outline  # readers see the old pair or the new one

    def add_document(self, upload: Path, original_name: str, progress: Progress = no_progress) -> Added:
        """Check, save and index one uploaded file; the corpus is unchanged if anything fails."""
        began = time.monotonic()
        engine = self._engine
        settings = engine.settings
        name = safe_name(original_name)
        data = _read_checked(upload, name, settings.max_file_bytes)
        document = parse_document(name, data)  # type by content and name, then a full parse
        limits = ChunkLimits(settings.chunking.max_chars, engine.encoder.max_seq_length)
        passages = chunk_document(document, limits, engine.encoder.count_tokens)
        if not passages:
            raise IngestError(name, "no text to index")
        with self._adding:
            digest = sha256_bytes(data)
            for existing in corpus_files(settings.corpus_dir):
                if existing.stat().st_size == len(data) and sha256_bytes(existing.read_bytes()) == digest:
                    raise IngestError(name, f"the same file is already in the corpus as {existing.name}")
            saved = save_new_file(settings.corpus_dir, name, data)
            try:
                report = build_index(settings, engine.encoder, progress)
                reason = dict(report.skipped).get(saved.name)
                if reason:
                    raise IngestError(saved.name, reason)
                fresh = Engine(settings, engine.encoder, load_index(settings.index_dir))
            except Exception:  # whatever went wrong, the file does not stay half-added
                saved.unlink(missing_ok=True)
                _restore_index(settings, engine)
                raise
            self.swap(fresh)
        entry = fresh.index.manifest["corpus"].get(saved.name, {})
        pages = {p.page_end or p.page for p in passages if p.page is not None}
        return Added(saved.name, entry.get("passages", len(passages)), max(pages) if pages else None,
                     time.monotonic() - began)  # fmt: skip

    def refresh_if_corpus_changed(self) -> bool:
        """Rebuild and swap in the index if corpus files were added, changed or removed.

        Questions keep their answers from the current engine until the new
        index is complete and loaded; a failed rebuild leaves it in place.
        """
        with self._adding:
            engine = self._engine
            report = build_index(engine.settings, engine.encoder)
            if report.up_to_date and report.build_dir == engine.index.folder:
                return False
            self.swap(Engine(engine.settings, engine.encoder, load_index(engine.settings.index_dir)))
            return True

    def watch_corpus(self, interval: float = 5.0) -> threading.Thread:
        """Check the corpus folder every `interval` seconds (cheaply, by file stats) and refresh on change."""

        def snapshot() -> tuple:
            return tuple(
                (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in corpus_files(self._engine.settings.corpus_dir)
            )

        def watch() -> None:
            seen = snapshot()
            while True:
                time.sleep(interval)
                try:
                    current = snapshot()
                    if current != seen:
                        self.refresh_if_corpus_changed()
                        seen = current
                except (OSError, PspQaError) as exc:  # a file mid-copy, or nothing indexable: try again later
                    log.warning("corpus watch: %s", exc)

        thread = threading.Thread(target=watch, name="corpus-watch", daemon=True)
        thread.start()
        return thread


def megabytes(size: int) -> str:
    return f"{size / 2**20:.3g} MB"


def _read_checked(upload: Path, name: str, limit: int) -> bytes:
    """The upload's bytes, with its size checked before anything is read."""
    try:
        info = os.lstat(upload)
    except OSError as exc:
        raise IngestError(name, f"the upload cannot be read ({exc.strerror})") from exc
    if not os.path.isfile(upload) or os.path.islink(upload):
        raise IngestError(name, "not a regular file")
    if info.st_size == 0:
        raise IngestError(name, "empty file")
    if info.st_size > limit:
        raise IngestError(name, f"too large ({megabytes(info.st_size)}; the limit is {megabytes(limit)})")
    with open(upload, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise IngestError(name, f"too large (the limit is {megabytes(limit)})")
    return data


def _restore_index(settings: Settings, engine: Engine) -> None:
    """Bring the index back in line with the corpus after a failed upload; the old engine stays in use."""
    try:
        build_index(settings, engine.encoder)
    except Exception:  # noqa: BLE001 (the first error is the one to report)
        pass  # the previous build is still current: builds only switch over when complete


# ---------------------------------------------------------------- feedback


class FeedbackLog:
    """Thumbs up or down, one JSON line each, in a local file; nothing is sent anywhere."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, turn: dict, vote: str, reason: str = "") -> dict:
        if vote not in ("up", "down"):
            raise PspQaError("a vote is up or down")
        cited = {quote["citation"] for quote in turn.get("quotes", [])}
        entry = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vote": vote,
            "reason": " ".join(reason.split())[:MAX_REASON_CHARS],
            "question": turn.get("question"),
            "standalone_question": turn.get("standalone_question"),
            "in_scope": turn.get("in_scope"),
            "cited_passage_ids": [p["id"] for p in turn.get("passages", []) if p["rank"] in cited],
            "passage_ids": [p["id"] for p in turn.get("passages", [])],
        }
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return entry
