"""Question vectors, kept for the questions just asked.

Composing an answer scores sentences against the question retrieval just
encoded, and a follow-up searches its previous question again: both reuse the
vector instead of running the model a second time.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

KEPT = 64


class QueryVectors:
    def __init__(self, encode: Callable[[list[str]], np.ndarray], kept: int = KEPT):
        self._encode = encode
        self._kept = kept
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors of `texts`, with one model call for those not kept."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            fresh = self._encode(missing)
            found.update(zip(missing, fresh))
        with self._lock:  # keep the newest; the ones found above are taken already, so eviction cannot lose them
            for text in dict.fromkeys(texts):
                self._vectors[text] = found[text]
                self._vectors.move_to_end(text)
            while len(self._vectors) > self._kept:
                self._vectors.popitem(last=False)
        return np.stack([found[t] for t in texts])

    def vector(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def forget(self) -> None:
        """Drop every kept vector (a benchmark asking the same questions again must run the model again)."""
        with self._lock:
            self._vectors.clear()
