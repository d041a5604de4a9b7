"""Table passages drawn as rows and cells: recognised from the text the index keeps, never guessed loosely."""

from __future__ import annotations

from html.parser import HTMLParser

from psp_qa.types import Passage
from psp_qa.web.markup import passage_body, render_source
from psp_qa.web.outline import Outline
from psp_qa.web.tables import table_of

BOATS = "\n\n".join([
    "Table 2 – Boats in the harbour",
    "Harbour", "Boats moored", "Berths free",
    "North quay", "41", "3",
    "South quay", "17 (two laid up)", "0",
    "Fish dock", "£60 a week", "12",
    "Slipway", "5", "1",
    "Ferry pier", "2",
])  # fmt: skip


def texts(text: str, spans) -> list[str]:
    return [text[s:e] for s, e in spans]


class Cells(HTMLParser):
    """The text of each table cell, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def cells_of(html: str) -> list[list[str]]:
    parser = Cells()
    parser.feed(html)
    return parser.rows


def test_a_flattened_table_becomes_caption_header_and_rows():
    table = table_of(BOATS)
    assert table is not None
    assert texts(BOATS, table.preamble) == ["Table 2 – Boats in the harbour"]
    assert texts(BOATS, table.header) == ["Harbour", "Boats moored", "Berths free"]
    assert [texts(BOATS, row) for row in table.rows] == [
        ["North quay", "41", "3"], ["South quay", "17 (two laid up)", "0"], ["Fish dock", "£60 a week", "12"],
        ["Slipway", "5", "1"], ["Ferry pier", "2", ""],  # a row the passage cuts short
    ]  # fmt: skip


def test_a_piece_that_starts_mid_row_keeps_its_rows_whole():
    piece = BOATS.split("North quay\n\n", 1)[1]  # starts at "41", the second cell of a row
    table = table_of(piece)
    assert table is not None and table.header == []
    assert texts(piece, table.preamble) == ["41", "3"]
    assert [texts(piece, row)[0] for row in table.rows] == ["South quay", "Fish dock", "Slipway", "Ferry pier"]


def test_prose_and_unsure_cell_lists_stay_text():
    prose = "\n\n".join(["The harbour opened in 1870.", "It has 41 boats.", "Most are small."] * 3)
    labels_only = "\n\n".join(["North quay", "Open", "South quay", "Closed", "Fish dock", "Open", "Pier", "Open"])
    numbered_list = "\n\n".join(f"{n}. Step {n} of the plan" for n in range(1, 9))
    for text in (prose, labels_only, numbered_list):
        assert table_of(text) is None, text


def test_a_markdown_table_and_a_piece_that_continues_it():
    text = "| Quay | Boats |\n|---|---|\n| North | 41 |\n| South \\| east | 17 |"
    table = table_of(text)
    assert texts(text, table.header) == ["Quay", "Boats"]
    assert [texts(text, row) for row in table.rows] == [["North", "41"], ["South \\| east", "17"]]
    piece = "| Fish dock | 60 |\n| Pier | 2 |"
    continued = table_of(piece, lead="| Quay | Boats |\n|---|---|")
    assert continued.header == [] and continued.header_text == ["Quay", "Boats"]
    assert cells_of(passage_body(piece, lead="| Quay | Boats |\n|---|---|")) == [
        ["Quay", "Boats"], ["Fish dock", "60"], ["Pier", "2"],
    ]  # fmt: skip


def test_cells_are_escaped_and_quotes_marked_inside_them():
    text = BOATS.replace("Fish dock", "Fish <b>dock</b>")
    html = passage_body(text, ["17 (two laid up)"])
    assert "<b>" not in html and "Fish &lt;b&gt;dock&lt;/b&gt;" in html
    assert "<td><mark>17 (two laid up)</mark></td>" in html
    assert cells_of(html)[0] == ["Harbour", "Boats moored", "Berths free"]


def test_a_continued_code_block_shows_the_line_it_repeats():
    code = Passage("c2", "notes.md", ("Setup",), 100, 140, "pip install psp-qa\npsp-qa index", lead="```sh")
    outline = Outline.of([code])
    turn = {"quotes": [], "passages": [{"rank": 1, "id": "c2", "text": code.text, "source": "notes.md",
                                        "section": ["Setup"]}]}  # fmt: skip
    html = render_source(1, turn["passages"][0], turn, outline)
    assert '<span class="lead"' in html and "```sh" in html
    assert html.index("```sh") < html.index("pip install psp-qa")
