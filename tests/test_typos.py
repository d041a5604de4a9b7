"""close_matches answers as difflib.get_close_matches does, on the bundled report's words."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from psp_qa.answering.typos import close_matches


def test_close_matches_agree_with_difflib_on_typos_of_the_reports_words(engine):
    words = engine.words
    typos = st.builds(
        lambda word, cut, extra: word[:cut] + extra + word[cut + 1 :],
        st.sampled_from(words),
        st.integers(0, 12),
        st.sampled_from(["", "e", "s", "ie", "-", "é"]),
    )

    @settings(max_examples=300, deadline=None)
    @given(typos, st.sampled_from([(1, 0.8), (3, 0.6), (2, 0.9)]))
    def agree(word, limits):
        n, cutoff = limits
        assert close_matches(word, words, n, cutoff) == difflib.get_close_matches(word, words, n, cutoff)

    agree()


def test_close_matches_of_nothing_and_in_nothing():
    assert close_matches("", ["", "a"], 2, 0.5) == difflib.get_close_matches("", ["", "a"], 2, 0.5)
    assert close_matches("word", []) == []
    assert close_matches("bolate", ["bollate", "bolate", "bloat"], 3, 0.6) == difflib.get_close_matches(
        "bolate", ["bollate", "bolate", "bloat"], 3, 0.6
    )
