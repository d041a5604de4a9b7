"""A query encoder that needs only onnxruntime, tokenizers and numpy.

Importing sentence-transformers (and torch) takes seconds; answering a question
should not. At index time the model's transformer is exported to ONNX beside
the index, and checked against sentence-transformers on real texts. At question
time this encoder reproduces the model's pipeline: tokenise, run the
transformer, mean-pool over real tokens, normalise.

Only models made of Transformer + mean Pooling (+ Normalize) are exported;
any other model keeps using sentence-transformers for queries.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from psp_qa.indexing.digests import cache_dir
from psp_qa.indexing.store import file_sha256

ONNX_FILE = "query_encoder.onnx"
TOKENIZER_FILE = "query_tokenizer.json"
PARITY_MIN_COSINE = 0.9999
RECORD_FILE = "record.json"
# What `export` writes; a cached export of another kind is made again. "fused": attention, layer
# norms and GELU fused by onnxruntime's BERT optimiser.
GRAPH = "fused"
QUESTION_THREADS = 2  # most threads one question's model call uses (see OnnxEncoder)
BATCH_TOKENS = 4096  # word pieces per batch, padding included: 16 texts at the 256-piece limit


def cached_export(weights_sha256: str, folder: Path | None = None) -> dict | None:
    """The record of a checked export of the model with these weights, if the cache holds an intact one.

    An entry whose files no longer match the sha256 recorded with them is ignored (and made again).
    """
    entry = (folder or cache_dir()) / weights_sha256
    try:
        record = json.loads((entry / RECORD_FILE).read_text(encoding="utf-8"))
        files = record["files"]
        intact = all(file_sha256(entry / name) == digest for name, digest in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not intact or record.get("weights_sha256") != weights_sha256 or set(files) != {ONNX_FILE, TOKENIZER_FILE}:
        return None
    if record.get("graph") != GRAPH:
        return None
    return record


def store_export(source: Path, record: dict, folder: Path | None = None) -> None:
    """Keep a checked export for later builds of any index; a cache that cannot be written only costs speed."""
    root = folder or cache_dir()
    temporary = root / f".{uuid.uuid4().hex[:8]}"
    try:
        temporary.mkdir(parents=True)
        for name in (ONNX_FILE, TOKENIZER_FILE):
            shutil.copyfile(source / name, temporary / name)
        files = {name: file_sha256(temporary / name) for name in (ONNX_FILE, TOKENIZER_FILE)}
        (temporary / RECORD_FILE).write_text(json.dumps({**record, "files": files}, indent=2), encoding="utf-8")
        shutil.rmtree(root / record["weights_sha256"], ignore_errors=True)
        os.replace(temporary, root / record["weights_sha256"])
    except OSError:
        pass
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def exportable(model_folder: Path) -> str | None:
    """None if the model can be exported, else the reason it cannot."""
    try:
        modules = json.loads((model_folder / "modules.json").read_text())
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling = (
            json.loads((model_folder / modules[1]["path"] / "config.json").read_text()) if len(modules) > 1 else {}
        )
    except (OSError, ValueError, KeyError, IndexError) as exc:
        return f"cannot read the model's module list ({exc})"
    if kinds[:2] != ["Transformer", "Pooling"] or kinds[2:] not in ([], ["Normalize"]):
        return f"modules {kinds} are not Transformer + Pooling (+ Normalize)"
    modes = [key for key, value in pooling.items() if key.startswith("pooling_mode") and value]
    if modes != ["pooling_mode_mean_tokens"]:
        return f"pooling {modes} is not mean pooling"
    if not (model_folder / "tokenizer.json").is_file():
        return "the model has no tokenizer.json"
    return None


def export(encoder, folder: Path) -> None:
    """Write the ONNX transformer, its attention and layer norms fused, and its tokenizer into `folder`.

    The transformer is traced with its eager attention (a matmul, the mask added, a softmax): that
    is the pattern onnxruntime's BERT optimiser fuses into one Attention node per layer. The traced
    scaled-dot-product attention is not fused, and a graph that cannot be fused is kept as traced.
    Fused, the graph starts in about half the time (0.30 s against 0.56 s, and 0.74 against 1.33 s,
    at a load of 14 on 2 cores) and uses 2-5% less CPU per text; its vectors are the traced graph's
    (cosine ≥ 0.9999, checked against sentence-transformers after). Dynamic int8 quantisation
    (per channel) used 0.64 of the CPU but moved vectors to a mean cosine of 0.986 and cost
    follow-up questions hit@1 (0.92 to 0.88): not used.
    """
    import torch

    transformer = encoder.model[0].auto_model.eval()
    sample = encoder.model.tokenizer(["an example question"], return_tensors="pt")
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]

    class HiddenStates(torch.nn.Module):
        """The transformer called by keyword, returning only its last hidden state."""

        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, *tensors):
            return self.transformer(**dict(zip(names, tensors)), return_dict=True).last_hidden_state

    inputs = tuple(sample[name] for name in names)
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    attention = transformer.config._attn_implementation
    # The tracer's warnings are about code paths the parity check then verifies.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        transformer.set_attn_implementation("eager")
        try:
            torch.onnx.export(
                HiddenStates().eval(),
                inputs,
                str(folder / ONNX_FILE),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes={**axes, "last_hidden_state": {0: "batch", 1: "tokens"}},
                opset_version=17,
                dynamo=False,
            )
        finally:
            transformer.set_attn_implementation(attention)
    _fuse(folder / ONNX_FILE, transformer.config)
    shutil.copyfile(encoder.folder / "tokenizer.json", folder / TOKENIZER_FILE)


def _fuse(path: Path, config) -> None:
    """Fuse a BERT-like graph in place with onnxruntime's optimiser (python fusions only, so the graph
    stays portable); a model it does not recognise is left as traced."""
    from onnxruntime.transformers import optimizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fused = optimizer.optimize_model(
                str(path), "bert", config.num_attention_heads, config.hidden_size, opt_level=0
            )
        except Exception:  # an unknown layout: the traced graph works, only slower
            return
        fused.save_model_to_file(str(path))


def question_threads() -> int:
    """Threads for one question's model call: two where there are two cores (see OnnxEncoder)."""
    return min(QUESTION_THREADS, len(os.sched_getaffinity(0)))


class OnnxEncoder:
    """Encodes texts like the sentence-transformers model it was exported from."""

    def __init__(self, folder: Path, max_seq_length: int, threads: int = 1, batch_threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        # An index build's batches run on one thread each; with `threads` > 1 (a build asks for one per
        # core), that many batches run at once, each on its own thread, through the one session (its
        # weights are shared; `run` is thread-safe). A batch split over threads waits for the slowest at
        # every one of its hundreds of operators; whole batches side by side never wait for each other.
        # Measured on 2 cores at a load of 10, the same 784 texts, interleaved: 15.3-15.7 s of CPU against
        # 17.2-17.5 s with two threads per batch, 48.6-49.7 s wall against 49.2-66.5 s; the vectors are
        # the same to the bit. A question is one small batch (its texts in one call): nothing to run side
        # by side, so the engine splits it over `batch_threads` (question_threads). Measured on the 29
        # development questions, whole asks, interleaved, vectors the same to the bit: 2 threads against
        # 1, p50 10.9-11.4 ms against 14.3-14.5 ms on a machine to itself (the load of 8 kept off by
        # real-time priority), and 20.4-33.2 ms against 21.9-35.3 ms at a load of 6-8; the thread the
        # question's own call does not run on sleeps between calls (no spinning, below).
        options.intra_op_num_threads = max(1, batch_threads)
        options.inter_op_num_threads = 1
        # Threads that wait for work sleep instead of spinning: on a shared 2-core machine a spinning
        # thread takes the core the other one needs (measured at a load of 8, the same texts, interleaved:
        # 32-40 s against 45-48 s for a build's passages and sentences; the vectors are the same).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.workers = max(1, threads)
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_seq_length)
        self.tokenizer.no_padding()

    def encode(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        """Vectors in the order of `texts`.

        Texts are batched with others of about their length, so that little of
        each batch is padding (measured: a third faster than batches in input order),
        and a batch holds at most `BATCH_TOKENS` word pieces, padding included:
        the attention scores grow with the batch times the square of its length,
        and 32 texts of 256 pieces made a build peak above 700 MB. Measured on 2 cores,
        interleaved, the same texts: batches of 16 capped at 4,096 pieces took 0.63 of the
        time of batches of 32 at a load of 1, 0.52 at a load of 15 (the vectors are the same).
        """
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batches = [[encodings[i] for i in batch] for batch in _batches(order, encodings, batch_size)]
        if self.workers > 1 and len(batches) > 1:
            with ThreadPoolExecutor(min(self.workers, len(batches))) as pool:
                parts = list(pool.map(self._encode_batch, batches))
        else:
            parts = [self._encode_batch(batch) for batch in batches]
        if not parts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(parts)
        return vectors

    def _encode_batch(self, encodings: list) -> np.ndarray:
        longest = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), longest), dtype=np.int64)  # padding is masked out: any id will do
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in self.input_names})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def _batches(order: list[int], encodings: list, batch_size: int) -> list[list[int]]:
    """`order` (shortest first) cut into batches of at most `batch_size` texts and `BATCH_TOKENS` padded pieces."""
    batches: list[list[int]] = [[]]
    for index in order:
        batch = batches[-1]
        if batch and (len(batch) >= batch_size or (len(batch) + 1) * len(encodings[index].ids) > BATCH_TOKENS):
            batch = []
            batches.append(batch)
        batch.append(index)
    return [batch for batch in batches if batch]


def parity(onnx_encoder: OnnxEncoder, reference: np.ndarray, texts: list[str]) -> float:
    """Lowest cosine between the two encoders' vectors for the same texts."""
    vectors = onnx_encoder.encode(texts)
    return float(np.min(np.sum(vectors * reference, axis=1)))
