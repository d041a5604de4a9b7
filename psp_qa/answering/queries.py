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
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            fresh = self._encode(missing)
            with self._lock:
                for text, vector in zip(missing, fresh):
                    self._vectors[text] = vector
                    self._vectors.move_to_end(text)
                while len(self._vectors) > self._kept:
                    self._vectors.popitem(last=False)
                found = {t: self._vectors.get(t) for t in texts}
            found.update(zip(missing, fresh))
        else:
            with self._lock:
                found = {t: self._vectors[t] for t in texts}
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)

    def vector(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
