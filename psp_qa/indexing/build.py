"""Build the index: read the corpus, embed what is new, write a build, switch to it.

A build goes into its own new folder (see store.py for the layout) and only
becomes current when CURRENT is replaced, so a crash at any point leaves the
previous build in use. Vectors of unchanged texts are taken from the previous
build by content hash, so adding one report embeds only that report.

Texts are embedded with the ONNX export of the model (the same encoder that
answers questions), once it has matched sentence-transformers on a sample of
this corpus's texts; a model that cannot be exported is used through
sentence-transformers throughout.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from psp_qa import __version__
from psp_qa.config import Settings
from psp_qa.errors import (
    EmptyCorpusError,
    IndexFormatError,
    IndexNotFoundError,
    IndexVersionError,
    IngestError,
    PspQaError,
    StaleIndexError,
)
from psp_qa.indexing import digests, onnx_encoder, vectors
from psp_qa.indexing.embed import Encoder
from psp_qa.indexing.keywords import KeywordIndex, vocabulary_words
from psp_qa.indexing.names import written_as_names
from psp_qa.indexing.store import (
    CURRENT,
    REBUILD_HINT,
    artifact_paths,
    corpus_state,
    current_build,
    file_sha256,
    read_manifest,
    settings_fingerprint,
    staleness,
    verify_artifacts,
)
from psp_qa.reading.chunking import (
    ChunkLimits,
    chunk_document,
    embedding_text,
    section_embedding_text,
    sentence_embedding_text,
)
from psp_qa.reading.ingest import (
    corpus_files,
    corpus_name,
    detect_kind,
    folder_sections,
    hidden_files,
    load_document,
    misencoded_name,
    start_reading,
)
from psp_qa.types import Passage

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
PARITY_TEXTS = 64  # half whole passages, half sentences, spread over the corpus


def no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class BuildReport:
    build_dir: Path
    documents: int
    passages: int
    sentences: int
    embedded: int
    reused: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False
    documents_reused: int = 0  # unchanged files whose passages came from the previous build


@dataclass
class CorpusRead:
    passages: list[Passage]
    entries: dict  # the manifest's "corpus": sha256 and passage count (or error) by file name
    skipped: list[tuple[str, str]]
    warnings: list[str]
    reused: int = 0  # files not read again


def build_index(
    settings: Settings,
    encoder: Encoder,
    progress: Progress = no_progress,
    force: bool = False,
) -> BuildReport:
    """Build or refresh the index for the corpus; returns what was done."""
    index_dir, corpus_dir = settings.index_dir, settings.corpus_dir
    with build_lock(index_dir):
        corpus = corpus_state(corpus_dir)
        if not force:
            try:
                folder = current_build(index_dir)
                manifest = read_manifest(folder)
                if not staleness(manifest, settings, encoder, corpus):
                    verify_artifacts(folder, manifest)  # (a stale build is checked once, by _previous_build)
                    # A build killed after it switched CURRENT but before it removed the builds before it
                    # leaves them behind; under the lock, no other build is writing one.
                    _remove_old_builds(index_dir, keep=folder.name)
                    skipped = [(entry["file"], entry["reason"]) for entry in manifest.get("skipped", [])]
                    return BuildReport(folder, _documents(manifest["corpus"]), manifest["counts"]["passages"],
                                       manifest["counts"]["sentences"], 0, 0, skipped, up_to_date=True)  # fmt: skip
            except PspQaError:
                pass
        with _background() as in_thread:
            return _build(settings, encoder, corpus, progress, in_thread, reuse=not force)


def ensure_fresh(settings: Settings, encoder: Encoder, progress: Progress = no_progress) -> BuildReport | None:
    """Build or refresh the index if it is missing, stale or damaged; None if it was fine."""
    try:
        folder = current_build(settings.index_dir)
        manifest = read_manifest(folder)
        if not staleness(manifest, settings, encoder, corpus_state(settings.corpus_dir)):
            verify_artifacts(folder, manifest)  # (a stale build is checked once, by _previous_build)
            return None
    except (IndexNotFoundError, IndexFormatError, StaleIndexError):
        pass
    return build_index(settings, encoder, progress)


@contextmanager
def build_lock(index_dir: Path):
    """One build at a time per index folder; a second waits for the first."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(
    settings: Settings,
    encoder: Encoder,
    corpus: dict[str, str],
    progress: Progress,
    in_thread: Callable[..., Future],
    reuse: bool,
) -> BuildReport:
    index_dir = settings.index_dir
    unread = _unread(index_dir, corpus)
    start_reading(unread)  # the reader starts while the previous build is checked
    in_thread(_import_writers)  # while this process waits for the reader
    fingerprint = settings_fingerprint(settings, encoder)
    previous = _previous_build(index_dir, fingerprint) if reuse else None
    # A checked export's session starts on its own thread (0.3-1.2 s with onnxruntime's import), while
    # this one reads the previous build's passages and waits for the reader's process.
    export = _checked_export(previous, encoder)
    starting = in_thread(_corpus_encoder, export.folder, encoder) if export else None
    read = read_corpus(settings, encoder, corpus, progress, _previous_documents(previous))
    ready = starting.result() if starting else None
    passages = read.passages
    sections = list(dict.fromkeys(p.section for p in passages))
    sentence_texts = [sentence_embedding_text(p.section, s, p.lead) for p in passages for s in p.sentence_texts()]
    # Each named set of texts becomes `<name>_vectors.npy` and `<name>_keys.npy`.
    texts = {
        "passage": [embedding_text(p.section, p.text, p.lead) for p in passages],
        "sentence": sentence_view(passages),
        "section": [section_embedding_text(section) for section in sections],
        "vocabulary": vocabulary_words(sentence_texts),
    }
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    build_dir = index_dir / f"build-{stamp}-{uuid.uuid4().hex[:8]}"
    try:
        build_dir.mkdir(parents=True)
        query_encoder, text_encoder = _add_query_encoder(build_dir, export, ready, encoder, texts, progress)
        cache = _previous_embeddings(previous)
        arrays, embedded, reused = embed_distinct_texts(
            texts, cache, text_encoder, settings.embedding.batch_size, progress
        )
        progress("writing", 0, 1)
        vector_index = _write_build(build_dir, passages, arrays, texts, sentence_texts, sections, settings, previous)
        manifest = {
            **fingerprint,
            "package_version": __version__,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "model": {
                **fingerprint["model"],
                "dimension": int(arrays["passage_vectors.npy"].shape[1]),
                "max_seq_length": encoder.max_seq_length,
            },  # fmt: skip
            "corpus": read.entries,
            "skipped": [{"file": name, "reason": reason} for name, reason in read.skipped],
            "counts": {
                "passages": len(passages),
                "sentences": len(sentence_texts),
                "vocabulary": len(texts["vocabulary"]),
            },  # fmt: skip
            "vector_index": vector_index,
            "query_encoder": query_encoder,
            "texts_embedded_with": "onnx" if text_encoder is not encoder else "sentence-transformers",
        }  # fmt: skip
        _seal(build_dir, manifest, previous)
        _switch_current(index_dir, build_dir.name)
    except (OSError, RuntimeError) as exc:  # faiss reports a failed write as a RuntimeError
        shutil.rmtree(build_dir, ignore_errors=True)
        if isinstance(exc, RuntimeError) and "write error" not in str(exc):
            raise
        if _out_of_space(exc):
            raise PspQaError(f"out of disk space while writing the index in {index_dir}; "
                             "the previous index is unchanged") from exc  # fmt: skip
        raise PspQaError(f"could not write the index in {index_dir} ({getattr(exc, 'strerror', None) or exc}); "
                         "the previous index is unchanged") from exc  # fmt: skip
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    _remove_old_builds(index_dir, keep=build_dir.name)
    _remember_digests(build_dir, manifest["artifacts"])
    progress("writing", 1, 1)
    return BuildReport(build_dir, _documents(read.entries), len(passages), len(sentence_texts), embedded,
                       reused, read.skipped, read.warnings, documents_reused=read.reused)  # fmt: skip


@contextmanager
def _background():
    """A starter for work on threads of its own: `in_thread(function, *args)` gives a Future with its
    result or exception. Every such thread has finished when the block is left, however it is left: a
    process that exits while one is still inside a native import or an ONNX session start aborts
    ("terminate called without an active exception") instead of reporting its error."""
    futures: list[Future] = []

    def in_thread(function: Callable, *args) -> Future:
        future: Future = Future()

        def run() -> None:
            try:
                future.set_result(function(*args))
            except BaseException as exc:
                future.set_exception(exc)

        threading.Thread(target=run, daemon=True).start()
        futures.append(future)
        return future

    try:
        yield in_thread
    finally:
        wait(futures)


def _import_writers() -> None:
    """Import what writing a build needs (bm25s brings scipy: about 0.4 s) in the time spent waiting for
    the reading worker; an import that fails here fails again, with its message, where it is used."""
    try:
        import bm25s  # noqa: F401
        import faiss  # noqa: F401
    except ImportError:
        pass


def read_corpus(
    settings: Settings,
    encoder: Encoder,
    corpus: dict[str, str],
    progress: Progress,
    unchanged: dict[str, IndexedDocument] | None = None,
) -> CorpusRead:
    """Every corpus file as passages; a file that cannot be read is skipped with its reason.

    A file the previous build read with the same contents keeps its passages
    (`unchanged`, by file name), without being read again.
    """
    limits = ChunkLimits(settings.chunking.max_chars, encoder.max_seq_length)
    read = CorpusRead([], {}, [], [])
    corpus_dir = settings.corpus_dir
    files = corpus_files(corpus_dir)
    indexed: dict[str, str] = {}  # corpus name of the file indexed for each sha256
    for number, path in enumerate(files, start=1):
        progress("reading", number, len(files))
        name = corpus_name(corpus_dir, path)
        if warning := misencoded_name(corpus_dir, path):
            read.warnings.append(warning)
        known = (unchanged or {}).get(name)
        try:
            _refuse_duplicate(path, name, corpus[name], indexed)
            if known and known.sha256 == corpus[name] and path.stat().st_size <= settings.max_file_bytes:
                read.passages.extend(known.passages)
                read.warnings.extend(known.warnings)
                read.entries[name] = known.entry
                read.reused += 1
                indexed[known.sha256] = name
                continue
            doc = load_document(path, settings.max_file_bytes, name)
            doc = folder_sections(doc, tuple(Path(name).parent.parts))
            doc_passages = chunk_document(doc, limits, encoder.count_tokens)
            if not doc_passages:
                raise IngestError(name, "no text to index")
        except IngestError as exc:
            read.skipped.append((exc.path, exc.reason))
            read.entries[name] = {"sha256": corpus[name], "passages": 0, "error": exc.reason}
            continue
        indexed[doc.sha256] = name
        read.warnings.extend(doc.warnings)
        read.passages.extend(doc_passages)
        read.entries[name] = {"sha256": doc.sha256, "passages": len(doc_passages)}
        if doc.warnings:
            read.entries[name]["warnings"] = list(doc.warnings)
        if doc.title:
            read.entries[name]["title"] = doc.title
    read.skipped.extend((name, HIDDEN_REASON) for name in hidden_files(corpus_dir))
    if not read.passages:
        detail = "; ".join(f"{name}: {reason}" for name, reason in read.skipped) or "no .pdf, .txt or .md files"
        raise EmptyCorpusError(f"nothing to index in {settings.corpus_dir} ({detail})")
    return read


def _unread(index_dir: Path, corpus: dict[str, str]) -> list[str]:
    """Corpus files the current build did not read with these contents: those this build must read."""
    try:
        indexed = {
            name: entry.get("sha256") for name, entry in read_manifest(current_build(index_dir))["corpus"].items()
        }
    except (PspQaError, KeyError, TypeError, AttributeError):
        indexed = {}
    return [name for name, sha256 in corpus.items() if indexed.get(name) != sha256]


def _documents(entries: dict) -> int:
    """How many files of a manifest's corpus record were indexed."""
    return sum(1 for entry in entries.values() if not entry.get("error"))


HIDDEN_REASON = "hidden (its name starts with a dot); not indexed"


def _refuse_duplicate(path: Path, name: str, sha256: str, indexed: dict[str, str]) -> None:
    """An IngestError if a file with the same bytes is already indexed in this build.

    The file's own type is checked first, so a misnamed copy is still told it is misnamed.
    """
    if sha256 not in indexed:
        return
    with path.open("rb") as handle:
        detect_kind(name, handle.read(1024))
    raise IngestError(name, f"the same bytes as {indexed[sha256]}, which is indexed; indexed once")


# A run of two letters: a sentence without one ("22", "x", "■", "⇒ A ⊆ B") is numbers, symbols or
# a formula, which the model reads as little more than the headings it is embedded with.
WORD = re.compile(r"[^\W\d_]{2}")


def sentence_view(passages: list[Passage]) -> list[str]:
    """The text embedded for each sentence's row of the sentence vectors, in order: the sentence with
    its two innermost headings (and the header row it continues), or, for a sentence without a word
    under headings, those headings alone, which the section view embeds anyway.

    Measured on the GeoTopo script, 195 of its 1,983 distinct sentences have no word: 6.6 % of the
    sentence view's word pieces; their own vectors are at a mean cosine of 0.87 to the headings'. In the
    report, 10 (an infographic's figures) at 0.986. Each sentence keeps its own vector otherwise: vectors
    mean-pooled over a sentence's tokens in its passage's forward pass (which would have saved the
    whole sentence view, 58 % of the GeoTopo script's pieces) were at a mean cosine of only 0.72 to the
    sentences' own, and cost answer@1 up to 0.17 (participant-holdout 0.85 to 0.68) and dev hit@1 0.12.
    """
    return [
        section_embedding_text(p.section)
        if not p.lead and not WORD.search(sentence) and section_embedding_text(p.section)
        else sentence_embedding_text(p.section, sentence, p.lead)
        for p in passages
        for sentence in p.sentence_texts()
    ]


def content_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


@dataclass
class PreviousBuild:
    folder: Path
    manifest: dict
    same_chunking: bool  # same package version, chunking settings and tokenizer: its passages are still right


@dataclass
class IndexedDocument:
    sha256: str
    passages: list[Passage]
    warnings: list[str]
    entry: dict  # its manifest record


def _previous_build(index_dir: Path, fingerprint: dict) -> PreviousBuild | None:
    """The current build, if it is intact and used the same model; None if there is nothing to reuse."""
    try:
        folder = current_build(index_dir)
        manifest = read_manifest(folder)
        verify_artifacts(folder, manifest)
    except IndexVersionError as exc:  # an upgrade, not damage: say which
        log.warning(
            "the index was written in another format and is being rebuilt: %s",
            str(exc).removesuffix(f"; {REBUILD_HINT}"),
        )
        return None
    except IndexFormatError as exc:
        log.warning("the index was damaged and is being rebuilt: %s", str(exc).removesuffix(f"; {REBUILD_HINT}"))
        return None
    except PspQaError:
        return None
    if manifest.get("model", {}).get("weights_sha256") != fingerprint["model"]["weights_sha256"]:
        return None
    same_chunking = (
        manifest.get("package_version") == __version__
        and manifest.get("chunking") == fingerprint["chunking"]
        and manifest.get("model", {}).get("name") == fingerprint["model"]["name"]
    )
    return PreviousBuild(folder, manifest, same_chunking)


def _previous_documents(previous: PreviousBuild | None) -> dict[str, IndexedDocument]:
    """The previous build's passages of each file it read, by file name."""
    if previous is None or not previous.same_chunking:
        return {}
    try:
        lines = (previous.folder / "passages.jsonl").read_text(encoding="utf-8").splitlines()
        by_source: dict[str, list[Passage]] = {}
        for line in lines:
            passage = Passage.from_dict(json.loads(line))
            by_source.setdefault(passage.source, []).append(passage)
        return {
            name: IndexedDocument(entry["sha256"], by_source[name], entry.get("warnings", []), entry)
            for name, entry in previous.manifest["corpus"].items()
            if not entry.get("error") and len(by_source.get(name, [])) == entry["passages"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # every file is read afresh


def _previous_embeddings(previous: PreviousBuild | None) -> dict[bytes, np.ndarray]:
    """Vectors of the previous build by content hash."""
    if previous is None:
        return {}
    cache: dict[bytes, np.ndarray] = {}
    try:
        for kind in ("passage", "sentence", "section", "vocabulary"):
            keys = np.load(previous.folder / f"{kind}_keys.npy", allow_pickle=False)
            rows = np.load(previous.folder / f"{kind}_vectors.npy", allow_pickle=False)
            if len(keys) == len(rows):
                cache.update(zip(keys.tolist(), rows))
    except (OSError, ValueError):
        return {}  # nothing reusable; everything is embedded afresh
    return cache


def embed_distinct_texts(texts: dict[str, list[str]], cache: dict, text_encoder, batch_size: int, progress: Progress):
    """`<name>_keys.npy` and `<name>_vectors.npy` for each named set of texts; how many distinct texts
    were embedded, and how many were found in the cache.

    A text is embedded once however often it occurs, and not at all if the cache has it.
    Texts go to the encoder shortest first, so that batches hold texts of about one length, 32 batches
    at a time: at each call's end one of the encoder's threads waits for the other's last batch (with
    8 batches a call, the GeoTopo script's texts took 4-5 % more CPU, load 7-10).
    """
    stored = {name: np.array([content_key(t) for t in items], dtype="S16") for name, items in texts.items()}
    # Keys as they read back from disk (numpy drops an S16's trailing zero bytes), to match the cache's.
    keys = {name: array.tolist() for name, array in stored.items()}
    distinct = {key: text for name, items in texts.items() for key, text in zip(keys[name], items)}
    missing = {key: text for key, text in distinct.items() if key not in cache}
    order = sorted(missing, key=lambda key: len(missing[key]))
    step = batch_size * 32  # progress is reported after each call
    for first in range(0, len(order), step):
        progress("embedding", first, len(order))
        chunk = order[first : first + step]
        cache.update(zip(chunk, text_encoder.encode([missing[key] for key in chunk], batch_size)))
    progress("embedding", len(order), len(order))
    arrays = {}
    for name, items in keys.items():
        arrays[f"{name}_keys.npy"] = stored[name]
        matrix = np.stack([cache[key] for key in items]) if items else np.zeros((0, _dimension(cache)))
        arrays[f"{name}_vectors.npy"] = np.ascontiguousarray(matrix, dtype=np.float32)
    return arrays, len(missing), len(distinct) - len(missing)


def _dimension(cache: dict) -> int:
    return len(next(iter(cache.values())))


def _write_build(
    build_dir: Path,
    passages,
    arrays: dict,
    texts: dict,
    sentence_texts: list[str],
    sections,
    settings: Settings,
    previous: PreviousBuild | None,
) -> dict:
    """Write every artifact; returns the description of the passage vector index. The sentences'
    keyword index gets every sentence's own words (`sentence_texts`), whatever stands in for its vector."""
    with (build_dir / "passages.jsonl").open("w", encoding="utf-8") as handle:
        for passage in passages:
            handle.write(json.dumps(passage.to_dict(), ensure_ascii=False) + "\n")
    for name, array in arrays.items():
        np.save(build_dir / name, array, allow_pickle=False)
    limit = settings.retrieval.exact_search_limit
    cells = {name: previous.folder / name if previous else None for name in ("passages.faiss", "sentences.faiss")}
    passage_index = vectors.build(arrays["passage_vectors.npy"], limit, cells["passages.faiss"])
    vectors.write(passage_index, build_dir / "passages.faiss")
    sentence_index = vectors.build(arrays["sentence_vectors.npy"], limit, cells["sentences.faiss"])
    vectors.write(sentence_index, build_dir / "sentences.faiss")
    KeywordIndex.build(texts["passage"]).save(build_dir / "bm25")
    KeywordIndex.build(sentence_texts).save(build_dir / "bm25_sentences")
    names = sorted(written_as_names(p.text for p in passages))
    for name, items in (("sections.json", [list(p) for p in sections]), ("vocabulary.json", texts["vocabulary"]),
                        ("names.json", names)):  # fmt: skip
        (build_dir / name).write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return vectors.describe(passage_index)


def _seal(build_dir: Path, manifest: dict, previous: PreviousBuild | None) -> None:
    """Record every artifact's sha256 in the manifest, and flush it all to disk.

    A file hard-linked from the previous build (the ONNX export) is the very file whose sha256
    that build records, checked when this build began: it is not read again.
    """
    manifest["artifacts"] = {}
    for path in artifact_paths(build_dir):
        name = str(path.relative_to(build_dir))
        manifest["artifacts"][name] = _linked_digest(path, name, previous) or file_sha256(path)
    (build_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    for path in artifact_paths(build_dir) + [build_dir / "manifest.json"]:
        with path.open("rb") as handle:
            os.fsync(handle.fileno())


def _remember_digests(build_dir: Path, artifacts: dict[str, str]) -> None:
    """Remember the sealed build's large files' sha256s (the ONNX export), so the next question or build
    checks them without reading 90 MB again (digests.py). Only after the builds before it are removed:
    removing a hard link to the export changes its ctime, which would make the record stale at once."""
    for name, digest in artifacts.items():
        path = build_dir / name
        try:
            if path.stat().st_size >= digests.LARGE_BYTES:
                digests.remember(path, digest)
        except OSError:
            pass


# ---------------------------------------------------------------- the ONNX encoder


@dataclass
class CheckedExport:
    record: dict  # the manifest's "query_encoder"
    folder: Path  # holding its files
    # The previous build's files are hard-linked into the new build; the cache's are copied: a link
    # shares a file's fate, and the cache must stay sound whatever happens to an index's files.
    linkable: bool


def _checked_export(previous: PreviousBuild | None, encoder: Encoder) -> CheckedExport | None:
    """A checked ONNX export of these weights: the previous build's, or else the export
    cache's (onnx_encoder.cache_dir); None if there is none to reuse."""
    if onnx_encoder.exportable(encoder.folder):
        return None
    record = previous.manifest.get("query_encoder", {}) if previous else {}
    if (
        record.get("type") == "onnx"
        and record.get("weights_sha256") == encoder.weights_sha256
        and record.get("graph") == onnx_encoder.GRAPH
    ):
        return CheckedExport(record, previous.folder, linkable=True)
    cached = onnx_encoder.cached_export(encoder.weights_sha256)
    if cached:
        record = {key: value for key, value in cached.items() if key != "files"}
        return CheckedExport(record, onnx_encoder.cache_dir() / encoder.weights_sha256, linkable=False)
    return None


def _add_query_encoder(
    build_dir: Path,
    export: CheckedExport | None,
    ready: onnx_encoder.OnnxEncoder | None,
    encoder: Encoder,
    texts: dict,
    progress: Progress,
):
    """Put an ONNX encoder in the build, so asking never needs torch; say why not if not.

    Returns the manifest's record of it, and the encoder to embed the corpus with.
    A checked export of the same weights (`export`, already loaded as `ready`) is
    linked into the build without loading torch or sentence-transformers; a new
    export must first match sentence-transformers on texts of this corpus, and
    is then cached for every later build.
    """
    reason = onnx_encoder.exportable(encoder.folder)
    if reason:
        return {"type": "sentence-transformers", "reason": reason}, encoder
    if export and ready:
        for name in (onnx_encoder.ONNX_FILE, onnx_encoder.TOKENIZER_FILE):
            if export.linkable:
                _link_or_copy(export.folder / name, build_dir / name)
            else:
                shutil.copyfile(export.folder / name, build_dir / name)
        return export.record, ready
    sample = _parity_sample(texts)
    progress("exporting the model to ONNX", 0, 1)
    try:
        onnx_encoder.export(encoder, build_dir)
        exported = _corpus_encoder(build_dir, encoder)
        lowest = onnx_encoder.parity(exported, encoder.encode(sample), sample)
    except OSError:
        raise
    except Exception as exc:  # an export failure only costs speed: sentence-transformers does the work
        lowest, reason = None, f"export failed ({type(exc).__name__}: {exc})"
    if lowest is None or lowest < onnx_encoder.PARITY_MIN_COSINE:
        for name in (onnx_encoder.ONNX_FILE, onnx_encoder.TOKENIZER_FILE):
            (build_dir / name).unlink(missing_ok=True)
        reason = reason or f"parity check failed (lowest cosine {lowest:.6f})"
        return {"type": "sentence-transformers", "reason": reason}, encoder
    record = {"type": "onnx", "weights_sha256": encoder.weights_sha256, "graph": onnx_encoder.GRAPH,
              "parity_texts": len(sample),
              "parity_min_cosine": round(lowest, 7)}  # fmt: skip
    onnx_encoder.store_export(build_dir, record)
    return record, exported


def _corpus_encoder(folder: Path, encoder: Encoder) -> onnx_encoder.OnnxEncoder:
    """One thread per usable core, small additions too: on an idle machine two threads embed a 1-page
    PDF's 35 texts in 0.5 s less than one (bench.realdocs, load 2); only a machine loaded far past
    its cores (load 12 on 2) made one thread faster."""
    return onnx_encoder.OnnxEncoder(folder, encoder.max_seq_length, threads=len(os.sched_getaffinity(0)))


def _linked_digest(path: Path, name: str, previous: PreviousBuild | None) -> str | None:
    """The previous build's record of `name`'s sha256, if `path` is that build's file itself."""
    try:
        if previous is not None and os.path.samefile(path, previous.folder / name):
            return previous.manifest.get("artifacts", {}).get(name)
    except OSError:
        pass
    return None


def _link_or_copy(source: Path, destination: Path) -> None:
    """A hard link where the file system allows one: the 90 MB export is not written again for each
    build. No build changes a file once it is sealed, and each checks the sha256s it recorded."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def _parity_sample(texts: dict[str, list[str]]) -> list[str]:
    """Passages (long, near the token limit) and sentences, evenly spread over the corpus."""
    sample = []
    for name in ("passage", "sentence"):
        items = texts[name]
        step = max(1, len(items) // (PARITY_TEXTS // 2))
        sample.extend(items[::step][: PARITY_TEXTS // 2])
    return sample


# ---------------------------------------------------------------- switching builds


def _out_of_space(exc: Exception) -> bool:
    """A full disk, a quota or a file size limit; numpy and faiss report a short write without an errno."""
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    message = str(exc)
    return re.search(r"\d+ requested and \d+ written", message) is not None or any(
        os.strerror(code) in message for code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    )


def _switch_current(index_dir: Path, name: str) -> None:
    temporary = index_dir / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, index_dir / CURRENT)
    directory = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    """Delete builds other than the current one, and leftovers of interrupted builds."""
    for path in index_dir.iterdir():
        if path.name != keep and (path.name.startswith("build-") or path.name.startswith(f".{CURRENT}.")):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
