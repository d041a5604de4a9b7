"""Acronyms are read from the documents' own definitions, never guessed."""

from pathlib import Path

import pytest

from psp_qa.reading.acronyms import acronym_table, find_acronyms, spelled_out_by_use

REPORT = Path(__file__).resolve().parents[1] / "corpus" / "strategic-psp-model-report.txt"


def test_the_reports_spelled_out_acronyms_are_found():
    table = find_acronyms(REPORT.read_text())
    assert table["SIB"] == "Social Impact Bond"
    assert table["POPP"] == "Partnership for Older People Projects"
    assert table["RfB"] == "Ready for Business"
    assert table["DRT"] == "Demand Responsive Transport"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the Social Impact Bond ( SIB) model", {"SIB": "Social Impact Bond"}),
        ("a SIB (Social Impact Bond) model", {"SIB": "Social Impact Bond"}),
        ("Public Social Partnerships (PSPs) are", {"PSPs": "Public Social Partnerships"}),
        ("the first PSP (Wayfinder) began", {}),  # a name in brackets, not a definition
        ("the NHS (in Scotland) said", {}),
        ("words that do not match (XYZ) here", {}),
        ("PSPs (public and Third Sector representatives and service users)", {}),
    ],
)
def test_definitions_and_non_definitions(text, expected):
    assert find_acronyms(text) == expected


def test_the_first_definition_wins():
    assert acronym_table(["Big Lottery Fund (BLF)", "Better Local Futures (BLF)"]) == {"BLF": "Big Lottery Fund"}


def test_a_short_form_used_where_a_capitalised_name_spelling_it_stands_is_spelled_out_by_use():
    """The report never writes "(PSP)", but its opening says "the Strategic Public Social Partnership Model" and
    the rest "Strategic PSPs": the same place, spelled out. Used too rarely, or never beside the name's own
    neighbours, a short form stays unknown."""
    report = REPORT.read_text()
    assert "(PSP)" not in report and "( PSP)" not in report
    paragraphs = report.split("\n\n")
    assert spelled_out_by_use(paragraphs, acronym_table(paragraphs))["PSP"] == "Public Social Partnership"
    uses = ["a Strategic PSP", "Strategic PSPs", "the Strategic PSP model"]
    name = "the Strategic Public Social Partnership Model"
    assert spelled_out_by_use([name, *uses[:2]], {}) == {}  # two uses only
    assert spelled_out_by_use(["Partnership for Scotland Projects here", *uses], {}) == {}  # initials alone: a guess
    assert spelled_out_by_use([name, *uses], {}) == {"PSP": "Public Social Partnership"}
    assert spelled_out_by_use([name, *uses], {"PSP": "Private Sector Pay"}) == {}  # a bracketed definition wins
