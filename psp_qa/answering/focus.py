"""What tells the answering sentence apart from its neighbours: the question's focus words and row labels.

Among the sentences of the top passages, most share the question's subject
("the internet bus in Tampere"); the sentence that answers it is the one that
also holds the question's rarer words ("owns"). So each question word is
weighted by how few of these candidate sentences hold it, and a sentence
scores the weighted share of the question's words it holds. A word no
candidate holds tells none apart and is left out. A sentence also holds the
words of its own heading: every sentence of "Welkom in Utrecht" is about it,
so in "welkom in utrecht foundation" the word that tells them apart is "foundation".

A flattened table has no sentences: a row is its label cell ("Robertson
Trust") and the cells after it ("1 interview", "Director"). A row passage says
which cell is its label (its lead); elsewhere a short cell whose words the
question names is taken for one. The row is quoted as one span.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from psp_qa.indexing.keywords import keyword_tokens

LABEL_MAX_WORDS = 6  # a row label is a short cell
ROW_CELLS = 2  # cells after a label quoted with it
ROW_MAX_WORDS = 60  # a row longer than this is cut at the cell that passes it


# A cell that asks ("Who has been interviewed", "Number of papers") heads a column; it labels no row.
_ASKS = re.compile(r"(?:who|what|which|when|where|why|how|number|total)\b", re.I)


class Focus:
    """The question's words, weighted by their rarity among the candidate sentences."""

    def __init__(self, question: str, texts: list[str], headings: list[tuple[str, ...]] | None = None):
        """`headings[i]`: headings whose words sentence `i` holds as well (what its passage is about)."""
        self.asked = set(keyword_tokens(question))
        given = [set(keyword_tokens(" ".join(h))) for h in headings] if headings else [set()] * len(texts)
        self.held = [self.asked & (set(keyword_tokens(text)) | extra) for text, extra in zip(texts, given)]
        frequency = Counter(token for held in self.held for token in held)
        count = len(texts)
        self.weight = {token: math.log((count + 1) / (n + 0.5)) for token, n in frequency.items()}
        self.total = sum(self.weight.values())

    def share(self, at: int) -> float:
        """The weighted share of the question's (discriminating) words that sentence `at` holds, 0..1."""
        if self.total <= 0:
            return 0.0
        return sum(self.weight[token] for token in self.held[at]) / self.total

    def names(self, at: int, text: str, label: str | None = None) -> float:
        """For a row label all of whose words the question asks: how much of the question it names, else 0.

        `label` is the row's label when its passage says what it is (a flattened
        table's row, see reading/table_rows.py); else a short cell that asks nothing is taken for one.
        """
        words = set(keyword_tokens(text))
        if not words or not words <= self.asked:
            return 0.0
        if label is not None:
            return self.share(at) if text == label else 0.0
        return 0.0 if len(text.split()) > LABEL_MAX_WORDS or _ASKS.match(text) else self.share(at)


def row_end(texts: list[str], label: int) -> int:
    """The position after the last cell of the row that `texts[label]` labels."""
    end, words = label + 1, len(texts[label].split())
    while end < len(texts) and end <= label + ROW_CELLS:
        words += len(texts[end].split())
        if words > ROW_MAX_WORDS and end > label + 1:
            break
        end += 1
    return end
