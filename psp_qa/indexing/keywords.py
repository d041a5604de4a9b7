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

# "tokens" versions the word splitting below; a change makes older indexes stale.
BM25_PARAMS = {"k1": 1.2, "b": 0.75, "method": "lucene", "stemmer": "english", "stopwords": "english-plus", "tokens": 3}
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    # Question words and light verbs carry no topic: "What made X succeed?" is about X and success.
    return frozenset(STOPWORDS_EN_PLUS) | {"many", "much", "tell", "made", "make", "makes", "describe",
                                           "explain", "happened", "happen", "please"}  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, accents dropped: "Cittá" and "citta" are the same word."""
    if text.isascii():  # most text: nothing to decompose
        return text.lower()
    return _NON_ASCII.sub(_without_accents, text).lower()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_accents(run: re.Match) -> str:
    """A run of non-ASCII characters, decomposed, combining marks dropped (ASCII never decomposes)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", run.group()) if not unicodedata.combining(ch))


_CAMEL_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_CAMEL_STEP = re.compile(r"[a-z][A-Z]")
_CAMEL_WORD = re.compile(r"\b\w*[a-z][A-Z]\w*")  # a whole word with a lower-to-upper step inside


def _with_camel_parts(text: str) -> str:
    """ "BounceBack" also yields "Bounce Back", so it meets "Bounce Back Project"."""
    if not _CAMEL_STEP.search(text):
        return text
    return _CAMEL_WORD.sub(lambda m: m.group() + " " + " ".join(_CAMEL_PART.findall(m.group())), text)


SHORT_TEXT = 500  # characters: a question, a heading or a sentence, tokenised again at every answer


def keyword_tokens(text: str) -> list[str]:
    if len(text) <= SHORT_TEXT:
        return list(_short_text_tokens(text))
    return _tokens(text)


@lru_cache(maxsize=16384)
def _short_text_tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text))


def _tokens(text: str) -> list[str]:
    folded = fold(_with_camel_parts(text))
    stop = stopwords()
    words = [w for w in _WORD.findall(folded) if w not in stop and (len(w) > 1 or w.isdigit())]
    return _stemmer().stemWords(words)


def vocabulary_words(texts: list[str]) -> list[str]:
    """Distinct content words of the corpus (folded, 4+ letters), sorted."""
    words = {w for text in texts for w in re.findall(r"[a-z]{4,}", fold(text))}
    return sorted(words - stopwords())


class KeywordIndex:
    def __init__(self, retriever) -> None:
        self._bm25 = retriever
        self._token_best: np.ndarray | None = None  # each token's best score in any passage, when first needed

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

    def best_possible(self, tokens: list[str]) -> float:
        """The score of a passage scoring on every token as highly as any passage does: each known token's
        best score, summed (a repeated token counts again, as in `scores`)."""
        known = self.known(tokens)
        if not known:
            return 0.0
        if self._token_best is None:
            data, indptr = self._bm25.scores["data"], self._bm25.scores["indptr"]
            best = np.zeros(len(indptr) - 1, dtype=np.float32)
            filled = np.flatnonzero(np.diff(indptr) > 0)
            best[filled] = np.maximum.reduceat(data, indptr[filled])
            self._token_best = best
        return float(self._token_best[[self._bm25.vocab_dict[t] for t in known]].sum())

    def scores(self, tokens: list[str]) -> np.ndarray:
        known = self.known(tokens)
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
