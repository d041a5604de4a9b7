"""Real PDFs nobody here wrote (../shared/realdocs): structure, readable text, margins, honest errors.

Each test reads the file that shows one finding of issue 12 with the reading
functions alone (no index is built), and asserts the property, not the text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pdfs import text_pdf

from psp_qa.errors import IngestError
from psp_qa.reading.chunking import ChunkLimits, chunk_document
from psp_qa.reading.ingest import load_document
from psp_qa.reading.pdf import read_pdf
from psp_qa.render import citation_label
from psp_qa.types import Document, Passage

# ../shared beside the repository (CI), or beside the folder of worktrees it is checked out in.
REALDOCS = next(
    (
        up / "shared" / "realdocs"
        for up in Path(__file__).resolve().parents[1:4]
        if (up / "shared" / "realdocs").is_dir()
    ),
    Path("../shared/realdocs"),
)
SAMPLES = REALDOCS / "sample-files"
FEDERAL_REGISTER = REALDOCS / "public-records" / "federal-register-2020-17221.pdf"
GEOTOPO = SAMPLES / "009-pdflatex-geotopo" / "GeoTopo-komprimiert.pdf"
GEOTOPO_PAGES = range(14, 34)  # printed pages 12-31: chapter 1's last three sections, running heads on each

pytestmark = pytest.mark.skipif(not REALDOCS.is_dir(), reason="../shared/realdocs is not here")


def read(path: Path) -> Document:
    return read_pdf(path.name, path.read_bytes(), "digest")


def passages_of(doc: Document, encoder) -> list[Passage]:
    return chunk_document(doc, ChunkLimits(1200, encoder.max_seq_length), encoder.count_tokens)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def geotopo_part(tmp_path_factory) -> Path:
    """Twenty pages of the GeoTopo script, written without its outline and with its printed page labels."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(GEOTOPO)
    writer = PdfWriter()
    for number in GEOTOPO_PAGES:
        writer.add_page(reader.pages[number])
    first_label = int(reader.page_labels[GEOTOPO_PAGES[0]])
    writer.set_page_label(0, len(GEOTOPO_PAGES) - 1, style="/D", start=first_label)
    path = tmp_path_factory.mktemp("geotopo") / "geotopo-part.pdf"
    writer.write(path)
    assert not PdfReader(path).outline
    return path


@pytest.fixture(scope="module")
def geotopo_doc(geotopo_part: Path) -> Document:
    return read(geotopo_part)


@pytest.fixture(scope="module")
def federal_register() -> Document:
    return read(FEDERAL_REGISTER)


def assert_sectioned(doc: Document, passages: list[Passage], share: float = 0.8) -> None:
    """Most passages carry a section path, and no heading is left inside a passage's text."""
    assert sum(1 for p in passages if p.section) >= share * len(passages)
    headings = {p.section[-1] for p in passages if p.section}
    for passage in passages:
        lines = {squash(line) for line in passage.text.splitlines()}
        assert not lines & headings, passage.text[:200]


def test_federal_register_notice_gets_its_sections_from_the_page(federal_register: Document, encoder) -> None:
    doc = federal_register
    passages = passages_of(doc, encoder)
    assert_sectioned(doc, passages)
    titles = {title for p in passages for title in p.section}
    assert {"Background", "Costs of Compliance", "Regulatory Findings"} <= titles
    # The masthead ("Proposed Rules / Federal Register", set larger than anything) is no parent of them all.
    assert ("Background",) in {p.section for p in passages}


def test_geotopo_without_its_outline_gets_numbered_sections(geotopo_doc: Document, encoder) -> None:
    doc = geotopo_doc
    passages = passages_of(doc, encoder)
    assert_sectioned(doc, passages)
    tops = {p.section[0] for p in passages if p.section}
    assert {"1.4 Zusammenhang", "1.5 Kompaktheit", "1.6 Wege und Knoten"} <= tops


@pytest.mark.parametrize(
    "name", ["026-latex-multicolumn/multicolumn.pdf", "014-outlines/mistitled_outlines_example.pdf"]
)
def test_latex_samples_get_sections(name: str, encoder) -> None:
    """The multicolumn paper has no outline; the other's outline titles are wrong, so its fonts are used."""
    doc = read(SAMPLES / name)
    assert_sectioned(doc, passages_of(doc, encoder))


def test_contents_set_like_the_numbered_sections_is_their_sibling_not_their_parent(encoder) -> None:
    """LaTeX sets "Contents" in the font of "1 Foo": with the outline removed, the sections are not
    all nested under "Contents" (as every chapter of GeoTopo was under "Inhaltsverzeichnis")."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(SAMPLES / "006-pdflatex-outline" / "pdflatex-outline.pdf").pages:
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    doc = read_pdf("outline-removed.pdf", buffer.getvalue(), "digest")
    passages = passages_of(doc, encoder)
    assert_sectioned(doc, passages, share=1.0)
    tops = [p.section[0] for p in passages]
    assert tops.count("Contents") <= 1
    assert {"1 Foo", "2 Bar", "3 Baz", "9 Baz"} <= set(tops)


def test_a_tables_bold_header_row_below_its_caption_is_no_heading(encoder) -> None:
    """multicolumn.pdf: "Table 1: EU Countries Information", then the bold "Country Population ... Capital"."""
    passages = passages_of(read(SAMPLES / "026-latex-multicolumn" / "multicolumn.pdf"), encoder)
    austria = next(p for p in passages if "Austria 8.9" in p.text)
    assert "Country Population (millions)" in austria.text
    assert not any("Capital" in title for p in passages for title in p.section)


def test_libreoffice_sample_heading_is_its_section(encoder) -> None:
    passages = passages_of(read(SAMPLES / "012-libreoffice-form" / "libreoffice-form.pdf"), encoder)
    assert passages and all(p.section == ("Example for a Form",) for p in passages)


def test_running_heads_on_odd_and_even_pages_are_dropped(geotopo_doc: Document) -> None:
    """ "12 1.4. ZUSAMMENHANG" on the left, "1.4. ZUSAMMENHANG 13" on the right: neither stays."""
    doc = geotopo_doc
    assert not re.search(r"(?m)^(?:\d+ )?\d\.\d\. [A-ZÄÖÜ ]+(?: \d+)?$", doc.text)
    assert len(doc.page_starts) == len(GEOTOPO_PAGES)


def test_print_shop_slugs_and_running_heads_are_dropped(federal_register: Document) -> None:
    doc = federal_register
    assert "VerDate" not in doc.text and "PROPOSALS" not in doc.text
    assert not re.search(r"Federal Register / Vol\. \d+", doc.text)


def test_page_number_footers_are_dropped() -> None:
    topics = ["wages", "interest", "dividends", "rents", "royalties"]
    pages = [f"Report your {topic} here.\nKeep a copy of the {topic} records.\n-{n}- Instructions for Form 1040NR, {topic}"
             for n, topic in enumerate(topics, start=1)]  # fmt: skip
    doc = read_pdf("instructions.pdf", text_pdf(pages), "digest")
    assert "Instructions for Form" not in doc.text
    assert all(f"Report your {topic} here." in doc.text for topic in topics)


def test_a_page_printed_eight_times_keeps_its_first_and_last_lines() -> None:
    """issue-848.pdf prints one page eight times: its first and last lines repeat because everything does."""
    doc = read(REALDOCS / "public-records" / "issue-848.pdf")
    starts = [*doc.page_starts, len(doc.text)]
    pages = [doc.text[a:b].strip() for a, b in zip(starts, starts[1:])]
    assert len(pages) == 8
    for page in pages:
        assert page.startswith("The movie opens with a news report") and page.endswith("harshly about striking.")


def test_a_transcripts_line_numbers_are_not_text() -> None:
    """The Supreme Court transcript numbers its lines 1 to 25 down the margin: pypdf reads them as a column."""
    doc = read(REALDOCS / "public-records" / "scotus-transcript-p1.pdf")
    lines = [line.strip() for line in doc.text.splitlines()]
    assert not {str(n) for n in range(2, 26)} & set(lines)
    assert doc.text.startswith("Official - Subject to Final Review") and "on behalf of the Petitioner" in doc.text


def test_a_column_of_figures_is_no_line_number_gutter() -> None:
    from psp_qa.reading.cleanup import line_number_lines

    assert line_number_lines(["Year", "2015", "2016", "2017", "2018", "2019"]) == set()
    assert line_number_lines(["1", "2", "3", "4"]) == set()  # too short to tell from a list
    assert line_number_lines(["1", "2", "3", "", "4", "5", "Text"]) == {0, 1, 2, 4, 5}


def test_ligatures_are_folded(geotopo_doc: Document) -> None:
    doc = geotopo_doc
    assert not re.search("[\ufb00-\ufb06]", doc.text)
    assert "Definition" in doc.text and "offen" in doc.text


def test_control_characters_for_unmapped_math_symbols_are_dropped(geotopo_doc: Document) -> None:
    """pypdf gives a TeX minus without a Unicode map as NUL ("(1/n, 1 \\x00 1/n)"): not text, not shown."""
    doc = geotopo_doc
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", doc.text)
    assert "(1/n, 1" in doc.text


def test_a_font_without_a_unicode_map_is_skipped_with_its_reason() -> None:
    with pytest.raises(IngestError, match=r"text layer unreadable \(font without a Unicode map\)"):
        read(REALDOCS / "public-records" / "senate-expenditures.pdf")


def test_a_text_layer_without_spaces_is_skipped_with_its_reason() -> None:
    lines = [
        "WhatisEarthScience?Earthscienceisthestudyoftheplanetwelivein.",
        "Itcoversrocks,oceans,theatmosphereandthelifethattheyhold.",
        "Geologistsreadthehistoryofthelandfromthelayersofstone.",
    ]
    with pytest.raises(IngestError, match="spaces between words are missing"):
        read_pdf("earth.pdf", text_pdf(["\n".join(lines * 3)]), "digest")


def test_an_unreadable_page_is_named_and_not_indexed(encoder) -> None:
    garbage = "\n".join(["o(hi..i.p3xSTRxtT3xR2tTOR /xNhyM/TTw2W 9nhmmmimm02vxS0/TxV2tORR2SPON32NTSMxTwh/0V/ROR"] * 6)
    prose = "The harbour cooperative met on Tuesday. Its members agreed to share the new nets."
    doc = read_pdf("mixed.pdf", text_pdf([prose, garbage, prose.replace("Tuesday", "Friday")]), "digest")
    assert any("page 2: text layer unreadable" in warning for warning in doc.warnings)
    assert "xSTRxtT" not in doc.text
    assert not [p for p in passages_of(doc, encoder) if p.page == 2]


def test_a_real_garbage_page_among_real_pages_is_named_and_not_indexed(encoder) -> None:
    """The Senate table's page (a font without a Unicode map) as page 3 of the four-page LaTeX sample."""
    from pypdf import PdfReader, PdfWriter

    latex = PdfReader(SAMPLES / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf").pages
    senate = PdfReader(REALDOCS / "public-records" / "senate-expenditures.pdf").pages[0]
    writer = PdfWriter()
    for page in [latex[0], latex[1], senate, latex[2]]:
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    doc = read_pdf("mixed.pdf", buffer.getvalue(), "digest")
    assert doc.warnings == ("mixed.pdf: page 3: text layer unreadable (font without a Unicode map)",)
    assert len(doc.page_starts) == 4
    passages = passages_of(doc, encoder)
    assert {p.page for p in passages} == {1, 2, 4} and not [p for p in passages if p.page_end == 3]
    assert "STRxtT" not in doc.text


def aes_encrypted(path: Path, user_password: str, algorithm: str) -> bytes:
    """The real file, encrypted as Acrobat or LibreOffice would: pypdf's default would be RC4, not AES."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(path))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


LIBREOFFICE_FORM = SAMPLES / "012-libreoffice-form" / "libreoffice-form.pdf"


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_encrypted_pdf_without_a_user_password_opens(algorithm: str) -> None:
    data = aes_encrypted(LIBREOFFICE_FORM, "", algorithm)
    assert b"/AESV" in data  # /AESV2 or /AESV3: the crypt filter really is AES
    assert "Example for a Form" in read_pdf("aes.pdf", data, "digest").text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_an_aes_encrypted_pdf_that_needs_a_password_says_so(algorithm: str) -> None:
    with pytest.raises(IngestError, match="password-protected PDF"):
        read_pdf("aes.pdf", aes_encrypted(LIBREOFFICE_FORM, "secret", algorithm), "digest")


def test_a_pdf_that_needs_a_password_says_so() -> None:
    with pytest.raises(IngestError, match="password-protected PDF"):
        read(SAMPLES / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf")


def test_a_pdf_whose_only_text_is_its_bookmark_title_is_not_empty(encoder) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.start_section("Annual summary of the harbour cooperative")
    pdf.cell(0, 10, "Annual summary of the harbour cooperative")
    doc = read_pdf("title.pdf", bytes(pdf.output()), "digest")
    passages = passages_of(doc, encoder)
    assert [p.text for p in passages] == ["Annual summary of the harbour cooperative"]


def test_a_pdf_whose_pages_repeat_one_line_is_not_empty(encoder) -> None:
    doc = read_pdf("draft.pdf", text_pdf(["Draft for comment only"] * 4), "digest")
    assert "Draft for comment only" in doc.text and passages_of(doc, encoder)


@pytest.mark.parametrize(
    ("name", "line"), [("007-imagemagick-images/imagemagick-images.pdf", "Background"),
                       ("015-arabic/habibi-rotated.pdf", "habibi")],
)  # fmt: skip
def test_real_pdfs_whose_pages_repeat_one_line_keep_it(name: str, line: str, encoder) -> None:
    """Every page says the same one line: it is the text, not a running header, on every page it is on."""
    doc = read(SAMPLES / name)
    pages = [page for page in doc.text.split("\n\n") if page.strip()]
    assert len(pages) >= 4 and all(line in page for page in pages)
    assert passages_of(doc, encoder)


def test_printed_page_labels_are_cited_with_the_physical_page_kept(geotopo_doc: Document, encoder) -> None:
    doc = geotopo_doc
    passages = passages_of(doc, encoder)
    offset = int(doc.page_labels[0]) - 1
    for passage in passages:
        assert passage.page_label == str(passage.page + offset)
    late = next(p for p in passages if p.page == 10 and p.page_end == 10)
    assert citation_label(late).endswith(f"p. {10 + offset} (geotopo-part.pdf)")
    assert Passage.from_dict(late.to_dict()) == late


def test_every_real_pdf_is_read_or_skipped_with_a_reason() -> None:
    """The whole collection through the time budget: no crash, no hang, a reason a person can read.

    GeoTopo (117 pages, about 40 s for pypdf alone on a busy machine) is left to the tests above.
    """
    outcomes = {}
    for path in sorted(REALDOCS.rglob("*.pdf")):
        if path == GEOTOPO:
            continue
        try:
            doc = load_document(path)
        except IngestError as error:
            assert error.reason and not error.reason.startswith(("Traceback", "Exception")), error.reason
            outcomes[path.name] = error.reason
            continue
        assert doc.blocks and doc.text.strip(), path.name
        outcomes[path.name] = "read"
    assert len(outcomes) >= 30
    assert outcomes["federal-register-2020-17221.pdf"] == "read"
    assert "unreadable" in outcomes["senate-expenditures.pdf"]


def test_hyphen_and_stray_space_repairs_follow_the_document(tmp_path: Path) -> None:
    from psp_qa.reading.cleanup import Vocabulary, join_line_ends, repair_words

    pages = ["the model is heavy-tailed; a feed network and a forward pass; the collaboration works",
             "the centre and the village; the theory; the value; the rest"]  # fmt: skip
    words = Vocabulary(pages)
    assert join_line_ends(["a heavy-", "tailed law"], words) == ["a heavy-tailed", "law"]
    assert join_line_ends(["a feed-", "forward net."], words) == ["a feed-forward", "net."]
    assert join_line_ends(["good collabo-", "ration, again"], words) == ["good collaboration,", "again"]
    assert repair_words("the centre- village", words) == "the centre-village"
    assert repair_words("th e village", words) == "the village"
    assert repair_words("in to the village", words) == "in to the village"
    assert join_line_ends(["AD 2018–", "23–51 was issued", "the agency—", "which"], words) == [
        "AD 2018–23–51", "was issued", "the agency—which", ""]  # fmt: skip
    assert join_line_ends(["a pause –", "then more"], words) == ["a pause –", "then more"]


def test_numbers_broken_after_an_en_dash_are_whole(federal_register: Document) -> None:
    """ "AD 2018–" at a line end, "23–51" on the next: the AD's number is found whole, as a reader types it."""
    doc = federal_register
    assert doc.text.count("2018–23–51") >= 10
    assert not re.search(r"\w[–—]\n", doc.text)


def test_garbage_of_any_kind_is_told_from_text() -> None:
    from psp_qa.reading.readability import unreadable_reason

    japanese = "日本語のテキストは単語の間に空白を入れずに書かれます。これは読める文章です。" * 2
    assert unreadable_reason(japanese) is None
    assert unreadable_reason(japanese.encode("utf-8").decode("cp1252", errors="replace")) is not None
    assert unreadable_reason("\ue000\ue001\ue002 " * 30) is not None
    german = "Sei K ein Simplizialkomplex und X ein topologischer Raum. Dann ist X zusammenhängend. " * 2
    assert unreadable_reason(german) is None
    assert unreadable_reason("Name: Foo Bar\nFingerprint: asdfSa2123\nSigned: 12-34-2007T12:34:56\n") is None
