"""Keyword search: BM25 (bm25s) over stemmed words, stop-words removed.

Both the index build and the question go through `keyword_tokens`, so they
always agree on what a word is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

BM25_PARAMS = {"k1": 1.2, "b": 0.75, "method": "lucene", "stemmer": "english", "stopwords": "english"}
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | {"what", "which", "who", "whom", "how", "why", "when", "where",
                                      "did", "does", "do", "tell", "me", "about"}  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, accents dropped: "Cittá" and "citta" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def keyword_tokens(text: str) -> list[str]:
    words = [w for w in _WORD.findall(fold(text)) if w not in stopwords() and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(words)


class KeywordIndex:
    def __init__(self, retriever) -> None:
        self._bm25 = retriever

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        import bm25s

        retriever = bm25s.BM25(k1=BM25_PARAMS["k1"], b=BM25_PARAMS["b"], method=BM25_PARAMS["method"])
        retriever.index([keyword_tokens(t) or ["\u2205"] for t in texts], show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        import bm25s

        return cls(bm25s.BM25.load(str(folder), show_progress=False, verbosity=0))

    def known(self, tokens: list[str]) -> list[str]:
        return [t for t in tokens if t in self._bm25.vocab_dict]

    def document_frequency(self, token: str) -> int:
        """How many passages contain the (already tokenised) word."""
        token_id = self._bm25.vocab_dict.get(token)
        if token_id is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[token_id + 1] - indptr[token_id])

    @property
    def size(self) -> int:
        return int(self._bm25.scores["num_docs"])

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = self.known(tokens)
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
