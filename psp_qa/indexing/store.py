"""The index on disk: where the current build is, whether it is stale, and loading it (built by build.py).

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
        names.json            the words the corpus writes as names (names.py)

A build is written into its own new folder and only becomes current when
CURRENT is replaced, so a crash at any point leaves the previous build in use.
Every artifact's sha256 is in the manifest, so damage is found on load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from psp_qa.config import Settings
from psp_qa.errors import (
    EmptyCorpusError,
    IndexFormatError,
    IndexNotFoundError,
    IndexVersionError,
    PspQaError,
)
from psp_qa.indexing import vectors
from psp_qa.indexing.digests import file_sha256
from psp_qa.indexing.embed import Encoder
from psp_qa.indexing.keywords import BM25_PARAMS, KeywordIndex
from psp_qa.reading.chunking import (
    CHUNKING_VERSION,
)
from psp_qa.reading.ingest import corpus_files, corpus_name
from psp_qa.types import Passage

FORMAT_VERSION = 9  # 8 came twice in one session (the names file, the fused export): 9 holds both
CURRENT = "CURRENT"
REBUILD_HINT = "run `psp-qa index --rebuild` (or `make run`) to rebuild it"


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
    names: frozenset[str]  # words the corpus writes as names, read at build time (names.py)

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
    """sha256 of each corpus file, by corpus name ("notes/day-1.md" in a subfolder)."""
    if not corpus_dir.is_dir():
        raise EmptyCorpusError(f"corpus folder {corpus_dir} does not exist")
    # streamed: files may be large
    return {corpus_name(corpus_dir, path): file_sha256(path) for path in corpus_files(corpus_dir)}


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
        raise IndexVersionError(
            f"index in {folder} has format {manifest.get('format_version') if isinstance(manifest, dict) else '?'}, "
            f"this psp-qa reads format {FORMAT_VERSION}; {REBUILD_HINT}"
        )
    return manifest


def artifact_paths(folder: Path) -> list[Path]:
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
        names = frozenset(json.loads((folder / "names.json").read_text(encoding="utf-8")))
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
                       vocabulary_vectors, names)  # fmt: skip


REQUIRED_ARTIFACTS = ("passages.jsonl", "passages.faiss", "sentences.faiss", "passage_vectors.npy",
                      "sentence_vectors.npy", "passage_keys.npy", "sentence_keys.npy", "sections.json",
                      "section_vectors.npy", "vocabulary.json", "vocabulary_vectors.npy", "names.json")  # fmt: skip


def verify_artifacts(folder: Path, manifest: dict) -> None:
    expected = manifest.get("artifacts", {})
    found = {str(p.relative_to(folder)): p for p in artifact_paths(folder)}
    missing = sorted((set(expected) | set(REQUIRED_ARTIFACTS)) - set(found))
    if missing:
        raise IndexFormatError(f"index in {folder} is missing {', '.join(missing)}; {REBUILD_HINT}")
    for name, digest in expected.items():
        if file_sha256(found[name]) != digest:
            raise IndexFormatError(f"index file {name} in {folder} is damaged (checksum mismatch); {REBUILD_HINT}")
