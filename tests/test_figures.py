"""Figures in sentences: one set of patterns and one 'beside the thing counted' check for every stage."""

from __future__ import annotations

import pytest

from psp_qa.answering.figures import AMOUNT, MONEY, PERCENT, SHARE, YEAR, things_counted


def _digits(word: str, at: int) -> bool:
    return any(ch.isdigit() for ch in word) and not YEAR.fullmatch(word)


@pytest.mark.parametrize(
    ("text", "reach", "found"),
    [
        ("We carried out 28 in-depth face-to-face interviews", (-1, 4), {"interview"}),
        ("Interviews 28", (-1, 4), {"interview"}),  # a table's label just before its figure
        ("Interviews were many: 28", (-1, 4), set()),
        ("Kulturverket works with about 1000 children", (-1, 4), set()),  # "works" is no count of workers
        ("In 2016 interviews began", (-1, 4), set()),  # a year is no count
        ("Interviews 28", (1, 4), set()),  # counting only what follows a figure
    ],
)
def test_things_counted_are_those_a_figure_stands_beside(text, reach, found):
    assert things_counted(text, {"interview", "work"}, _digits, reach) == found


def test_a_share_is_a_percentage_or_a_share_in_words_and_money_is_no_share():
    assert PERCENT.search("16%") and SHARE.search("half of them") and not PERCENT.search("half of them")
    assert not SHARE.search("Third Sector organisations")  # a capitalised "Third" names something
    assert MONEY.search("it invested £60m") and AMOUNT.search("a success rate of 100%")
    assert not MONEY.search("a success rate of 100%")
    assert YEAR.fullmatch("2016") and not YEAR.fullmatch("28")
