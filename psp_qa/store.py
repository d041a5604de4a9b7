"""The index on disk: build it atomically, check it on load.

Layout of the index folder:

    index/CURRENT             name of the build in use (replaced atomically)
    index/build-<id>/         one complete build:
        manifest.json         versions, model, settings, corpus hashes, artifact hashes
        passages.jsonl        one Passage per line
        passage_vectors.npy   float32, one row per passage
        sentence_vectors.npy  float32, one row per sentence of every passage
        sentence_keys.npy / passage_keys.npy   content hashes, so unchanged text is never re-embedded
        passages.faiss        vector index over passages
        bm25/, bm25_sentences/  keyword indexes over passages and sentences (bm25s: .npy and JSON)
        sections.json, section_vectors.npy   distinct section paths and their embeddings
        vocabulary.json, vocabulary_vectors.npy   the corpus's words and their embeddings

A build is written into its own new folder and only becomes current when
CURRENT is replaced, so a crash at any point leaves the previous build in use.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from psp_qa import __version__, onnx_encoder, vectors
from psp_qa.chunking import (
    CHUNKING_VERSION,
    ChunkLimits,
    chunk_document,
    embedding_text,
    section_embedding_text,
    sentence_embedding_text,
)
from psp_qa.config import Settings
from psp_qa.embed import Encoder
from psp_qa.errors import (
    EmptyCorpusError,
    IndexFormatError,
    IndexNotFoundError,
    IngestError,
    PspQaError,
    StaleIndexError,
)
from psp_qa.ingest import corpus_files, load_document
from psp_qa.keywords import BM25_PARAMS, KeywordIndex, vocabulary_words
from psp_qa.types import Passage

FORMAT_VERSION = 4
CURRENT = "CURRENT"
REBUILD_HINT = "run `psp-qa index --rebuild` (or `make run`) to rebuild it"

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
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


@dataclass
class LoadedIndex:
    folder: Path
    manifest: dict
    passages: list[Passage]
    sentence_passage: np.ndarray  # passage row of each sentence row
    passage_index: object  # faiss index
    sentence_index: object  # faiss index, one row per sentence
    keywords: KeywordIndex  # BM25 over passages
    sentence_keywords: KeywordIndex  # BM25 over sentences
    sections: list[tuple[str, ...]]  # distinct section paths
    section_vectors: np.ndarray  # one row per section path
    passage_section: np.ndarray  # section row of each passage
    vocabulary: list[str]  # the corpus's words, to bridge a question's words the corpus lacks
    vocabulary_vectors: np.ndarray

    @property
    def model_name(self) -> str:
        return self.manifest["model"]["name"]


# ---------------------------------------------------------------- fingerprints


def settings_fingerprint(settings: Settings, encoder: Encoder) -> dict:
    """Everything that changes an index's contents, apart from the corpus itself."""
    return {
        "format_version": FORMAT_VERSION,
        "model": {"name": encoder.name, "weights_sha256": encoder.weights_sha256},
        "chunking": {
            "version": CHUNKING_VERSION,
            "max_chars": settings.chunking.max_chars,
            "max_tokens": encoder.max_seq_length,
        },  # fmt: skip
        "bm25": BM25_PARAMS,
    }


def corpus_state(corpus_dir: Path) -> dict[str, str]:
    """sha256 of each corpus file, by name."""
    if not corpus_dir.is_dir():
        raise EmptyCorpusError(f"corpus folder {corpus_dir} does not exist")
    return {path.name: file_sha256(path) for path in corpus_files(corpus_dir)}  # streamed: files may be large


def staleness(manifest: dict, settings: Settings, encoder: Encoder, corpus: dict[str, str]) -> list[str]:
    """Why an index no longer matches the corpus and settings; empty when it does."""
    reasons = []
    current = settings_fingerprint(settings, encoder)
    for key in ("format_version", "model", "chunking", "bm25"):
        recorded = manifest.get(key)
        if isinstance(recorded, dict):
            recorded = {name: recorded.get(name) for name in current[key]}
        if recorded != current[key]:
            reasons.append(f"{key} changed")
    indexed = {name: entry["sha256"] for name, entry in manifest.get("corpus", {}).items()}
    for name in sorted(set(indexed) | set(corpus)):
        if name not in corpus:
            reasons.append(f"{name} removed")
        elif name not in indexed:
            reasons.append(f"{name} added")
        elif indexed[name] != corpus[name]:
            reasons.append(f"{name} changed")
    return reasons


# ---------------------------------------------------------------- locating builds


def current_build(index_dir: Path) -> Path:
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        raise IndexNotFoundError(f"no index in {index_dir}; run `psp-qa index` to build it")
    name = pointer.read_text(encoding="utf-8").strip()
    folder = index_dir / name
    if not name.startswith("build-") or "/" in name or not folder.is_dir():
        raise IndexFormatError(f"index pointer {pointer} names a missing build {name!r}; {REBUILD_HINT}")
    return folder


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexFormatError(f"index in {folder} has no manifest.json; {REBUILD_HINT}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexFormatError(f"index manifest in {folder} is damaged; {REBUILD_HINT}") from exc
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"index in {folder} has format {manifest.get('format_version') if isinstance(manifest, dict) else '?'}, "
            f"this psp-qa reads format {FORMAT_VERSION}; {REBUILD_HINT}"
        )
    return manifest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _artifact_paths(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")


# ---------------------------------------------------------------- loading


def load_index(index_dir: Path, verify: bool = True) -> LoadedIndex:
    folder = current_build(index_dir)
    manifest = read_manifest(folder)
    if verify:
        verify_artifacts(folder, manifest)
    try:
        passages = [
            Passage.from_dict(json.loads(line))
            for line in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        passage_index = vectors.read(folder / "passages.faiss")
        sentence_index = vectors.read(folder / "sentences.faiss")
        keywords = KeywordIndex.load(folder / "bm25")
        sentence_keywords = KeywordIndex.load(folder / "bm25_sentences")
        sections = [tuple(path) for path in json.loads((folder / "sections.json").read_text(encoding="utf-8"))]
        section_vectors = np.load(folder / "section_vectors.npy", allow_pickle=False)
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        vocabulary_vectors = np.load(folder / "vocabulary_vectors.npy", allow_pickle=False)
    except PspQaError:
        raise
    except Exception as exc:
        raise IndexFormatError(f"index in {folder} could not be read ({exc}); {REBUILD_HINT}") from exc
    sentence_passage = np.repeat(np.arange(len(passages), dtype=np.int32), [len(p.sentences) for p in passages])
    counts = manifest["counts"]
    dimension = manifest["model"]["dimension"]
    consistent = (
        len(passages) == counts["passages"] == passage_index.ntotal
        and sentence_index.ntotal == counts["sentences"] == len(sentence_passage)
        and passage_index.d == sentence_index.d == dimension
        and keywords.size == len(passages)
        and sentence_keywords.size == counts["sentences"]
    )
    if not consistent:
        raise IndexFormatError(f"index in {folder} has inconsistent counts; {REBUILD_HINT}")
    section_row = {path: row for row, path in enumerate(sections)}
    passage_section = np.array([section_row.get(p.section, -1) for p in passages], dtype=np.int32)
    if (passage_section < 0).any() or section_vectors.shape != (len(sections), dimension):
        raise IndexFormatError(f"index in {folder} has inconsistent sections; {REBUILD_HINT}")
    if vocabulary_vectors.shape != (len(vocabulary), dimension):
        raise IndexFormatError(f"index in {folder} has an inconsistent vocabulary; {REBUILD_HINT}")
    return LoadedIndex(folder, manifest, passages, sentence_passage, passage_index, sentence_index, keywords,
                       sentence_keywords, sections, section_vectors, passage_section, vocabulary,
                       vocabulary_vectors)  # fmt: skip


REQUIRED_ARTIFACTS = ("passages.jsonl", "passages.faiss", "sentences.faiss", "passage_vectors.npy",
                      "sentence_vectors.npy", "passage_keys.npy", "sentence_keys.npy", "sections.json",
                      "section_vectors.npy", "vocabulary.json", "vocabulary_vectors.npy")  # fmt: skip


def verify_artifacts(folder: Path, manifest: dict) -> None:
    expected = manifest.get("artifacts", {})
    found = {str(p.relative_to(folder)): p for p in _artifact_paths(folder)}
    missing = sorted((set(expected) | set(REQUIRED_ARTIFACTS)) - set(found))
    if missing:
        raise IndexFormatError(f"index in {folder} is missing {', '.join(missing)}; {REBUILD_HINT}")
    for name, digest in expected.items():
        if file_sha256(found[name]) != digest:
            raise IndexFormatError(f"index file {name} in {folder} is damaged (checksum mismatch); {REBUILD_HINT}")


# ---------------------------------------------------------------- building


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


def _previous_embeddings(index_dir: Path, fingerprint: dict) -> dict[bytes, np.ndarray]:
    """Vectors of the current build by content hash, if it used the same model."""
    try:
        folder = current_build(index_dir)
        manifest = read_manifest(folder)
        if manifest.get("model", {}).get("weights_sha256") != fingerprint["model"]["weights_sha256"]:
            return {}
        verify_artifacts(folder, manifest)
        cache: dict[bytes, np.ndarray] = {}
        for kind in ("passage", "sentence", "section", "vocabulary"):
            keys = np.load(folder / f"{kind}_keys.npy", allow_pickle=False)
            rows = np.load(folder / f"{kind}_vectors.npy", allow_pickle=False)
            if len(keys) == len(rows):
                cache.update(zip(keys.tolist(), rows))
        return cache
    except (PspQaError, OSError, ValueError):
        return {}  # nothing reusable; everything is embedded afresh


def content_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


def build_index(
    settings: Settings,
    encoder: Encoder,
    progress: Progress = _no_progress,
    force: bool = False,
) -> BuildReport:
    """Build or refresh the index for the corpus; returns what was done."""
    index_dir, corpus_dir = settings.index_dir, settings.corpus_dir
    with build_lock(index_dir):
        corpus = corpus_state(corpus_dir)
        fingerprint = settings_fingerprint(settings, encoder)
        if not force:
            try:
                folder = current_build(index_dir)
                manifest = read_manifest(folder)
                verify_artifacts(folder, manifest)
                if not staleness(manifest, settings, encoder, corpus):
                    skipped = [(entry["file"], entry["reason"]) for entry in manifest.get("skipped", [])]
                    return BuildReport(folder, len(manifest["corpus"]) - len(skipped), manifest["counts"]["passages"],
                                       manifest["counts"]["sentences"], 0, 0, skipped, up_to_date=True)  # fmt: skip
            except PspQaError:
                pass
        return _build(settings, encoder, corpus, fingerprint, progress, reuse=not force)


def _build(settings, encoder, corpus, fingerprint, progress, reuse: bool) -> BuildReport:
    index_dir, corpus_dir = settings.index_dir, settings.corpus_dir
    limits = ChunkLimits(settings.chunking.max_chars, encoder.max_seq_length)
    passages: list[Passage] = []
    skipped: list[tuple[str, str]] = []
    warnings: list[str] = []
    corpus_entries = {}
    files = corpus_files(corpus_dir)
    for number, path in enumerate(files, start=1):
        progress("reading", number, len(files))
        try:
            doc = load_document(path, settings.max_file_bytes)
            doc_passages = chunk_document(doc, limits, encoder.count_tokens)
            if not doc_passages:
                raise IngestError(path.name, "no text to index")
        except IngestError as exc:
            skipped.append((exc.path, exc.reason))
            corpus_entries[path.name] = {"sha256": corpus[path.name], "passages": 0, "error": exc.reason}
            continue
        warnings.extend(doc.warnings)
        passages.extend(doc_passages)
        corpus_entries[path.name] = {"sha256": doc.sha256, "passages": len(doc_passages)}
    if not passages:
        detail = "; ".join(f"{name}: {reason}" for name, reason in skipped) or "no .pdf, .txt or .md files"
        raise EmptyCorpusError(f"nothing to index in {corpus_dir} ({detail})")

    sections = list(dict.fromkeys(p.section for p in passages))
    sentence_texts = [sentence_embedding_text(p.section, s) for p in passages for s in p.sentence_texts()]
    # Each named set of texts becomes `<name>_vectors.npy` and `<name>_keys.npy`.
    texts = {
        "passage": [embedding_text(p.section, p.text) for p in passages],
        "sentence": sentence_texts,
        "section": [section_embedding_text(section) for section in sections],
        "vocabulary": vocabulary_words(sentence_texts),
    }
    cache = _previous_embeddings(index_dir, fingerprint) if reuse else {}
    arrays: dict[str, np.ndarray] = {}
    embedded = 0
    for name, items in texts.items():
        keys, matrix, fresh = _embed(items, cache, encoder, settings, progress, f"embedding {name} texts")
        arrays[f"{name}_keys.npy"], arrays[f"{name}_vectors.npy"] = keys, matrix
        embedded += fresh
    reused = sum(len(items) for items in texts.values()) - embedded

    progress("writing", 0, 1)
    build_dir = _write_build(
        index_dir,
        passages=passages,
        arrays=arrays,
        texts=texts,
        sections=sections,
        manifest={
            **fingerprint,
            "package_version": __version__,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "model": {
                **fingerprint["model"],
                "dimension": int(arrays["passage_vectors.npy"].shape[1]),
                "max_seq_length": encoder.max_seq_length,
            },  # fmt: skip
            "corpus": corpus_entries,
            "skipped": [{"file": name, "reason": reason} for name, reason in skipped],
            "counts": {
                "passages": len(passages),
                "sentences": len(sentence_texts),
                "vocabulary": len(texts["vocabulary"]),
            },  # fmt: skip
        },
        settings=settings,
        encoder=encoder,
    )
    progress("writing", 1, 1)
    return BuildReport(build_dir, len(files) - len(skipped), len(passages), len(sentence_texts),
                       embedded, reused, skipped, warnings)  # fmt: skip


def _embed(texts, cache, encoder: Encoder, settings: Settings, progress: Progress, stage: str):
    keys = np.array([content_key(t) for t in texts], dtype="S16")
    missing = [i for i, key in enumerate(keys.tolist()) if key not in cache]
    fresh = {}
    batch = settings.embedding.batch_size
    step = batch * 8  # report progress every few batches
    for first in range(0, len(missing), step):
        rows = missing[first : first + step]
        progress(stage, first, len(missing))
        for row, vector in zip(rows, encoder.encode([texts[i] for i in rows], batch)):
            fresh[row] = vector
    progress(stage, len(missing), len(missing))
    if not texts:
        return keys, np.zeros((0, encoder.dimension), dtype=np.float32), 0
    matrix = np.stack([fresh[i] if i in fresh else cache[key] for i, key in enumerate(keys.tolist())])
    return keys, np.ascontiguousarray(matrix, dtype=np.float32), len(missing)


def _write_build(
    index_dir: Path,
    passages,
    arrays: dict,
    texts: dict,
    sections,
    manifest: dict,
    settings: Settings,
    encoder: Encoder,
) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    build_dir = index_dir / f"build-{stamp}-{uuid.uuid4().hex[:8]}"
    try:
        build_dir.mkdir(parents=True)
        with (build_dir / "passages.jsonl").open("w", encoding="utf-8") as handle:
            for passage in passages:
                handle.write(json.dumps(passage.to_dict(), ensure_ascii=False) + "\n")
        for name, array in arrays.items():
            np.save(build_dir / name, array, allow_pickle=False)
        limit = settings.retrieval.exact_search_limit
        vector_index = vectors.build(arrays["passage_vectors.npy"], limit)
        vectors.write(vector_index, build_dir / "passages.faiss")
        vectors.write(vectors.build(arrays["sentence_vectors.npy"], limit), build_dir / "sentences.faiss")
        KeywordIndex.build(texts["passage"]).save(build_dir / "bm25")
        KeywordIndex.build(texts["sentence"]).save(build_dir / "bm25_sentences")
        for name, items in (("sections.json", [list(p) for p in sections]), ("vocabulary.json", texts["vocabulary"])):
            (build_dir / name).write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        manifest["vector_index"] = vectors.describe(vector_index)
        manifest["query_encoder"] = _add_query_encoder(build_dir, index_dir, arrays, texts, encoder)
        manifest["artifacts"] = {str(p.relative_to(build_dir)): file_sha256(p) for p in _artifact_paths(build_dir)}
        (build_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        _fsync_tree(build_dir)
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
    _remove_old_builds(index_dir, keep=build_dir.name)
    return build_dir


PARITY_TEXTS = 200


def _add_query_encoder(build_dir: Path, index_dir: Path, arrays: dict, texts: dict, encoder: Encoder) -> dict:
    """Put an ONNX query encoder in the build, so asking never needs torch; say why not if not.

    The export of the previous build is reused when the model is the same;
    a new export must match sentence-transformers on real texts first.
    """
    reason = onnx_encoder.exportable(encoder.folder)
    if reason:
        return {"type": "sentence-transformers", "reason": reason}
    previous = _reusable_query_encoder(index_dir, encoder)
    if previous:
        folder, record = previous
        for name in (onnx_encoder.ONNX_FILE, onnx_encoder.TOKENIZER_FILE):
            shutil.copyfile(folder / name, build_dir / name)
        return record
    try:
        onnx_encoder.export(encoder, build_dir)
        sample = texts["sentence"][:PARITY_TEXTS]
        reference = arrays["sentence_vectors.npy"][: len(sample)]
        exported = onnx_encoder.OnnxEncoder(build_dir, encoder.max_seq_length)
        lowest = onnx_encoder.parity(exported, reference, sample)
    except OSError:
        raise
    except Exception as exc:  # an export failure only costs speed: queries use sentence-transformers
        lowest, reason = None, f"export failed ({type(exc).__name__}: {exc})"
    if lowest is None or lowest < onnx_encoder.PARITY_MIN_COSINE:
        for name in (onnx_encoder.ONNX_FILE, onnx_encoder.TOKENIZER_FILE):
            (build_dir / name).unlink(missing_ok=True)
        reason = reason or f"parity check failed (lowest cosine {lowest:.6f})"
        return {"type": "sentence-transformers", "reason": reason}
    return {"type": "onnx", "weights_sha256": encoder.weights_sha256, "parity_texts": len(sample),
            "parity_min_cosine": round(lowest, 7)}  # fmt: skip


def _reusable_query_encoder(index_dir: Path, encoder: Encoder) -> tuple[Path, dict] | None:
    try:
        folder = current_build(index_dir)
        record = read_manifest(folder).get("query_encoder", {})
    except PspQaError:
        return None
    if record.get("type") != "onnx" or record.get("weights_sha256") != encoder.weights_sha256:
        return None
    files = [folder / onnx_encoder.ONNX_FILE, folder / onnx_encoder.TOKENIZER_FILE]
    return (folder, record) if all(f.is_file() for f in files) else None


def _out_of_space(exc: Exception) -> bool:
    """A full disk, a quota or a file size limit; numpy and faiss report a short write without an errno."""
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    message = str(exc)
    return re.search(r"\d+ requested and \d+ written", message) is not None or any(
        os.strerror(code) in message for code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    )


def _fsync_tree(folder: Path) -> None:
    for path in _artifact_paths(folder) + [folder / "manifest.json"]:
        with path.open("rb") as handle:
            os.fsync(handle.fileno())


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


def ensure_fresh(settings: Settings, encoder: Encoder, progress: Progress = _no_progress) -> BuildReport | None:
    """Build or refresh the index if it is missing, stale or damaged; None if it was fine."""
    try:
        folder = current_build(settings.index_dir)
        manifest = read_manifest(folder)
        verify_artifacts(folder, manifest)
        if not staleness(manifest, settings, encoder, corpus_state(settings.corpus_dir)):
            return None
    except (IndexNotFoundError, IndexFormatError, StaleIndexError):
        pass
    return build_index(settings, encoder, progress)
