"""The engine a running server answers with, and the documents people add to it.

An upload is checked (name, size, type by content, a full parse) before it
touches the corpus folder; it is then saved under a safe, new name and indexed
incrementally. Questions keep being answered by the current engine all along,
and the new engine replaces it in one assignment once the new index is loaded.
"""

from __future__ import annotations

import contextlib
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
MAX_FEEDBACK_BYTES = 5 * 2**20  # about 10,000 votes
WATCH_RETRY_SECONDS = 60.0  # a corpus change that failed to index is tried again after this, if nothing else changes
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


def uploaded_file(path: str | Path, upload_folder: str | Path, uploaded: set[str]) -> Path:
    """`path`, if it is a file this server's Gradio received as an upload; IngestError (and a log line) if not.

    The page's file input takes any path a client names in a Gradio API call,
    so the path must resolve, links followed, inside the upload folder, and be
    one that the upload route itself wrote there.
    """
    folder = Path(upload_folder).resolve()
    given = Path(path)
    try:
        resolved = given.resolve(strict=True)
    except (OSError, RuntimeError):
        resolved = None
    received = {str(Path(p).resolve()) for p in set(uploaded)}
    if resolved is None or not resolved.is_relative_to(folder) or str(resolved) not in received:
        log.warning("refused a file that was not uploaded through this page: %s", path)
        raise IngestError(given.name or "the file", "it was not uploaded through this page")
    return resolved


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
            seen, retry_at, changed = (), None, ""
            with contextlib.suppress(OSError):
                seen = snapshot()  # else the first look compares with nothing, and finds the index current
            while True:
                time.sleep(interval)
                try:
                    current = snapshot()
                    if current != seen or (retry_at is not None and time.monotonic() >= retry_at):
                        changed, retry_at = changed_names(seen, current) or changed, None
                        seen = current
                        self.refresh_if_corpus_changed()
                except Exception as exc:  # noqa: BLE001 (whatever it is, the watcher must keep watching)
                    retry_at = time.monotonic() + WATCH_RETRY_SECONDS
                    log.warning("corpus watch: could not index the change to %s (%s: %s); trying again on the "
                                "next change or in %.0f s", changed or "the corpus", type(exc).__name__, exc,
                                WATCH_RETRY_SECONDS)  # fmt: skip

        thread = threading.Thread(target=watch, name="corpus-watch", daemon=True)
        thread.start()
        return thread


def changed_names(before: tuple, after: tuple) -> str:
    """The files that differ between two corpus snapshots, for a log line (undecodable bytes escaped)."""
    names = sorted({entry[0] for entry in set(before) ^ set(after)})
    return ", ".join(os.fsencode(name).decode("utf-8", "backslashreplace") for name in names)


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
    """Thumbs up or down, one JSON line per answer, in a local file; nothing is sent anywhere.

    A turn has one vote: voting again replaces the earlier line. The file is
    capped, so a script clicking in a loop cannot fill the disk.
    """

    def __init__(self, path: Path, max_bytes: int = MAX_FEEDBACK_BYTES) -> None:
        self.path, self.max_bytes = path, max_bytes
        self._lock = threading.Lock()

    def record(self, turn: dict, vote: str, place: str = "", reason: str = "") -> dict | None:
        """The line written for this vote, or None if the file is full (logged).

        `place` says where the turn was shown (the page's session and turn
        number), so the same answer in two conversations gets two votes.
        `reason` is the voter's optional one line.
        """
        if vote not in ("up", "down"):
            raise PspQaError("a vote is up or down")
        cited = {quote["citation"] for quote in turn.get("quotes", [])}
        entry = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "turn": turn_key(turn, place),
            "vote": vote,
            "reason": " ".join(reason.split())[:MAX_REASON_CHARS],
            "question": turn.get("question"),
            "standalone_question": turn.get("standalone_question"),
            "in_scope": turn.get("in_scope"),
            "cited_passage_ids": [p["id"] for p in turn.get("passages", []) if p["rank"] in cited],
            "passage_ids": [p["id"] for p in turn.get("passages", [])],
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            kept = [old for old in self._lines() if _line_turn(old) != entry["turn"]]
            if sum(len(old.encode()) for old in kept) + len(line.encode()) > self.max_bytes:
                log.warning("feedback file %s is full (%s); a vote was not recorded", self.path,
                            megabytes(self.max_bytes))  # fmt: skip
                return None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.part")
            partial.write_text("".join(kept) + line, encoding="utf-8")
            os.replace(partial, self.path)  # a crash mid-write leaves the old file whole
        return entry

    def _lines(self) -> list[str]:
        try:
            return self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        except FileNotFoundError:
            return []


def turn_key(turn: dict, place: str = "") -> str:
    """One key per answer shown in one place, whatever its vote: a digest of both."""
    content = {key: value for key, value in turn.items() if key != "vote"}
    return sha256_bytes(json.dumps([place, content], sort_keys=True, ensure_ascii=False, default=str).encode())[:16]


def _line_turn(line: str) -> str | None:
    try:
        return json.loads(line).get("turn")
    except (ValueError, AttributeError):
        return None
