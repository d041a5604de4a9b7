"""One caption pattern (reading/captions.py), read the same way by the three stages that need it."""

from __future__ import annotations

import pytest
from test_web_tables import cells_of

from psp_qa.answering.tables import says_little_in_a_table
from psp_qa.reading.captions import is_caption
from psp_qa.reading.chunking import ChunkLimits, chunk_document
from psp_qa.reading.ingest import parse_document
from psp_qa.reading.structure import structure_plain_text
from psp_qa.web.markup import render_section
from psp_qa.web.outline import Outline

CREWS = """1. Crews we spoke to

We met the crews of four boats over the summer, and asked each of them which quays they land their catch at.

Exhibit 2 – Crews interviewed

Boat

Crew interviewed

North Star

3 interviews

Morning Tide

1 interview

Silver Gull

2 interviews

Kittiwake

4 interviews

Tab. A1 – Quays and their landings

Quay

Landings

North Quay

41 boats

South Quay

17 boats

Fish Dock

60 boats
"""


@pytest.mark.parametrize(
    "text",
    ["Table 5 – Stakeholders interviews", "Figure 5 - Realist evaluation", "Table5", "TABLE 3.2", "Tab. 4",
     "Fig. 3.2 Flows", "Chart 1", "Box 2: Terms", "Exhibit 3", "Table A", "Table A1 – Sites", "Table IV"],
)  # fmt: skip
def test_a_caption_is_a_table_or_figure_word_and_its_number(text):
    assert is_caption(text)


@pytest.mark.parametrize(
    "text", ["Tablet computers", "Tables show", "Table of contents", "Figures 3 and 4", "Boxes", "Chart", "Table a is"]
)
def test_a_word_that_only_starts_like_one_is_not(text):
    assert not is_caption(text)


def test_reading_starts_a_new_table_block_at_each_caption():
    blocks = structure_plain_text(CREWS)
    tables = [CREWS[b.start : b.end] for b in blocks if b.kind == "table"]
    assert [t.split("\n", 1)[0] for t in tables] == [
        "Exhibit 2 – Crews interviewed",
        "Tab. A1 – Quays and their landings",
    ]


def test_answering_never_quotes_a_caption_as_a_cell_worth_reading():
    assert says_little_in_a_table("Exhibit 3 – The crews we spoke to on every quay of the harbour over the summer")
    assert not says_little_in_a_table("The crews we spoke to on every quay of the harbour over the summer months")


def test_the_page_draws_a_caption_above_its_table_not_as_a_column():
    document = parse_document("harbour.txt", CREWS.encode())
    outline = Outline.of(
        chunk_document(document, ChunkLimits(1200, 256), lambda texts: [len(t.split()) for t in texts])
    )
    html = render_section(outline, "harbour.txt", ("1. Crews we spoke to",))
    assert '<p class="table-note">Exhibit 2 – Crews interviewed</p>' in html
    assert '<p class="table-note">Tab. A1 – Quays and their landings</p>' in html
    rows = cells_of(html)
    assert rows[0] == ["Boat", "Crew interviewed"] and ["Quay", "Landings"] in rows
