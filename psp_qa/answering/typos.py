"""difflib.get_close_matches, the same answers, without scoring every word of a corpus's vocabulary.

A question word the corpus lacks is looked up as a possible typo of one of its
words. difflib walks all of them (about 1,750 for the bundled report, tens of
thousands for a library) in Python, with two cheap upper bounds on each ratio
before the real one; the second bound, the letters the two words share, is
what turns nearly all of them away. Here that bound is computed for the whole
vocabulary at once from letter counts, and difflib sees only the words that pass
it, in their order: the ones it would have kept, so its answer is the same.
Measured on the bundled report's words: 0.3 ms against 6-11 ms a word.
"""

from __future__ import annotations

import difflib
import functools

import numpy as np


def close_matches(word: str, vocabulary: list[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """difflib.get_close_matches(word, vocabulary, n, cutoff)."""
    if not vocabulary:
        return []
    letters, counts, lengths = _letter_counts(tuple(vocabulary))
    wanted = np.zeros(counts.shape[1], dtype=np.int32)
    for letter in word:
        if letter in letters:
            wanted[letters[letter]] += 1
    shared = np.minimum(counts, wanted).sum(axis=1)
    total = lengths + len(word)
    # difflib's quick_ratio, computed as it computes it (2.0 * matches / length; 1.0 for two empty words).
    bound = np.where(total > 0, 2.0 * shared / np.maximum(total, 1), 1.0)
    passing = [vocabulary[row] for row in np.flatnonzero(bound >= cutoff)]
    return difflib.get_close_matches(word, passing, n=n, cutoff=cutoff)


@functools.lru_cache(maxsize=8)
def _letter_counts(vocabulary: tuple[str, ...]) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Each word's count of each letter used in the vocabulary, and each word's length."""
    letters = {letter: column for column, letter in enumerate(sorted({c for word in vocabulary for c in word}))}
    counts = np.zeros((len(vocabulary), len(letters)), dtype=np.int32)
    for row, word in enumerate(vocabulary):
        for letter in word:
            counts[row, letters[letter]] += 1
    return letters, counts, np.array([len(word) for word in vocabulary], dtype=np.int64)
