"""Passages: whole sentences of one section, within both limits, mapped back to the source."""

from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from psp_qa.reading.chunking import (
    ChunkLimits,
    chunk_document,
    embedding_text,
    passage_id,
    sentence_embedding_text,
    split_sentences,
)
from psp_qa.reading.structure import clean_heading, structure_markdown
from psp_qa.reading.table_rows import flattened_rows
from psp_qa.types import Block, Document, Passage, Sentence

# ---------------------------------------------------------------- generated documents

COMMON = ["the", "partnership", "council", "Third", "Sector", "service", "users", "evaluation", "co-production",
          "£1.4", "million", "2016", "Bollate", "Cittá", "Tampere", "e.g.", "i.e.", "et al.", "J.", "R.", "Dr.",
          "[18]", "(see", "Table", "5)", "“quoted”", "—", "…", "naïve", "Ærø", "København", "東京", "Москва",
          "ﬁnance", "🙂", "x"]  # fmt: skip

plain_words = st.sampled_from(COMMON)
odd_words = st.text(
    alphabet=st.characters(categories=["L", "N", "P", "S", "M"], exclude_characters="\x00"), min_size=1, max_size=12
)
long_words = st.text(alphabet=st.sampled_from("abcdefghij.,!?-東é"), min_size=120, max_size=1800)
words = st.one_of(plain_words, plain_words, plain_words, odd_words, long_words.filter(lambda w: len(w) > 0))


@st.composite
def sentences(draw) -> str:
    body = " ".join(draw(st.lists(words, min_size=1, max_size=60)))
    ending = draw(st.sampled_from([".", ".", "?", "!", ". [12]", "", ".”"]))
    return body[0].upper() + body[1:] + ending if body[0].isalpha() else body + ending


@st.composite
def paragraphs(draw) -> str:
    items = draw(st.lists(sentences(), min_size=1, max_size=6))
    bullet = draw(st.booleans())
    if bullet:
        return "Groups were set up to:\n" + "\n".join(f"  • - {item}" for item in items)
    return draw(st.sampled_from([" ", "  ", "\n"])).join(items)


headings = st.one_of(
    st.sampled_from(["Outcomes", "Challenges", "Bollate Prison", "4.1 Lessons learned", "Appendix 2 - Models"]),
    st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), min_size=1, max_size=40).map(str.strip).filter(bool),
)


@st.composite
def documents(draw) -> Document:
    """Sections of prose or table rows, separated by heading lines that belong to no block."""
    text, blocks = "", []
    for _ in range(draw(st.integers(1, 5))):
        section = tuple(draw(st.lists(headings, min_size=0, max_size=3)))
        heading = " / ".join(section) or "Untitled"
        text += f"\n\n{heading}\n\n" if text else f"{heading}\n\n"
        kind = draw(st.sampled_from(["prose", "prose", "table"]))
        if kind == "table":
            rows = draw(st.lists(st.lists(words, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=30))
            body = "Table 1 – Counts\n\n" + "\n\n".join(rows)
        else:
            body = "\n\n".join(draw(st.lists(paragraphs(), min_size=1, max_size=4)))
        blocks.append(Block(len(text), len(text) + len(body), section, kind))
        text += body
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document("generated.txt", digest, text, tuple(blocks))


def visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


def section_runs(doc: Document) -> list[tuple[int, int, tuple[str, ...]]]:
    """Adjacent prose blocks of one section with only whitespace between them; a table stands alone."""
    runs: list[tuple[int, int, tuple[str, ...], str]] = []
    for block in doc.blocks:
        if runs:
            start, end, section, kind = runs[-1]
            if section == block.section and kind == block.kind == "prose" and not doc.text[end : block.start].strip():
                runs[-1] = (start, block.end, section, kind)
                continue
        runs.append((block.start, block.end, block.section, block.kind))
    return [run[:3] for run in runs]


def token_count(encoder, text: str) -> int:
    """Word pieces the model sees, [CLS] and [SEP] included, counted by its own tokenizer."""
    return len(encoder.tokenizer.encode(text).ids)


def check_passages(doc: Document, passages: list[Passage], limits: ChunkLimits, encoder) -> None:
    # Offsets map back, passages are in order and never overlap.
    for p in passages:
        assert doc.text[p.start : p.end] == p.text
        assert p.text == p.text.strip() and p.text
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:], strict=False))
    # Each passage lies inside one section run and carries its section; together they hold all its text.
    for start, end, section in section_runs(doc):
        inside = [p for p in passages if start <= p.start and p.end <= end]
        assert all(p.section == section for p in inside)
        assert visible("".join(p.text for p in inside)) == visible(doc.text[start:end])
    assert sum(len(visible(p.text)) for p in passages) == sum(
        len(visible(doc.text[b.start : b.end])) for b in doc.blocks
    )
    # Both limits, counted the model's way; sentences lie inside their passage and are embedded within the limit too.
    for p in passages:
        assert len(p.text) <= limits.max_chars
        assert token_count(encoder, embedding_text(p.section, p.text)) <= limits.max_tokens
        assert p.sentences and p.sentences[0].start == p.start and p.sentences[-1].end == p.end
        for sentence in p.sentence_texts():
            assert sentence and sentence == sentence.strip()
            assert token_count(encoder, sentence_embedding_text(p.section, sentence)) <= limits.max_tokens
        assert visible("".join(p.sentence_texts())) == visible(p.text)
        assert p.id == passage_id(doc.sha256, p.start, p.end)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=documents(), max_chars=st.integers(200, 1500))
def test_passages_cover_the_text_within_both_limits(encoder, doc: Document, max_chars: int) -> None:
    limits = ChunkLimits(max_chars, encoder.max_seq_length)
    passages = chunk_document(doc, limits, encoder.count_tokens)
    check_passages(doc, passages, limits, encoder)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sections=st.lists(st.tuples(headings, st.lists(paragraphs(), min_size=1, max_size=3)), min_size=1, max_size=4))
def test_markdown_documents_chunk_within_sections(encoder, sections: list[tuple[str, list[str]]]) -> None:
    """Through the Markdown reader: a passage never crosses a heading, even a repeated one."""
    bodies = ["\n\n".join(body) for _, body in sections]
    assume(not any(re.search(r"^\s*#|```|~~~", body, re.MULTILINE) for body in bodies))  # no markup in the text
    text = "\n\n".join(f"## {title}\n\n{body}" for (title, _), body in zip(sections, bodies, strict=True)) + "\n"
    doc = Document("generated.md", hashlib.sha256(text.encode()).hexdigest(), text, structure_markdown(text))
    limits = ChunkLimits(400, encoder.max_seq_length)
    passages = chunk_document(doc, limits, encoder.count_tokens)
    check_passages(doc, passages, limits, encoder)
    headings_at = [m.start() for m in re.finditer(r"^## ", text, re.MULTILINE)] + [len(text)]
    for (title, _), start, end in zip(sections, headings_at[:-1], headings_at[1:], strict=True):
        inside = [p for p in passages if start < p.start < end]
        assert inside and all(p.section == (clean_heading(title),) and p.end < end for p in inside)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=documents())
def test_ids_are_deterministic_and_depend_on_document_and_offsets(encoder, doc: Document) -> None:
    limits = ChunkLimits(600, encoder.max_seq_length)
    first = chunk_document(doc, limits, encoder.count_tokens)
    again = chunk_document(doc, limits, encoder.count_tokens)
    assert [p.to_dict() for p in first] == [p.to_dict() for p in again]
    assert len({p.id for p in first}) == len(first)
    other = Document(doc.source, "0" * 64, doc.text, doc.blocks)
    assert not {p.id for p in first} & {p.id for p in chunk_document(other, limits, encoder.count_tokens)}


def test_report_passages_fit_both_limits(report_text: str, encoder) -> None:
    from psp_qa.reading.ingest import parse_document

    doc = parse_document("strategic-psp-model-report.txt", report_text.encode("utf-8"))
    for max_chars in (1200, 1500):
        limits = ChunkLimits(max_chars, encoder.max_seq_length)
        check_passages(doc, chunk_document(doc, limits, encoder.count_tokens), limits, encoder)


def test_passage_ids_are_stable_hashes() -> None:
    """The id is part of every stored citation: it must not change between versions."""
    digest = hashlib.sha256(b"document").hexdigest()
    assert passage_id(digest, 10, 20) == hashlib.sha256(f"{digest}:10:20".encode()).hexdigest()[:16]
    assert passage_id(digest, 10, 20) != passage_id(digest, 10, 21)


# ---------------------------------------------------------------- sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It worked. Then it stopped.", ["It worked.", "Then it stopped."]),
        ("Ask, e.g. the council, first. Then act.", ["Ask, e.g. the council, first.", "Then act."]),
        ("Ask, i.e. The Council, first. Then act.", ["Ask, i.e. The Council, first.", "Then act."]),
        ("Smith et al. Found it. Then more.", ["Smith et al. Found it.", "Then more."]),
        ("Written by J. R. Tolkien in 1954. Read it.", ["Written by J. R. Tolkien in 1954.", "Read it."]),
        ("Dr. Smith and Prof. Jones agreed. Good.", ["Dr. Smith and Prof. Jones agreed.", "Good."]),
        ("Bollate succeeded.[18] Others did not.", ["Bollate succeeded.[18]", "Others did not."]),
        ("Bollate succeeded. [18] Others did not.", ["Bollate succeeded. [18]", "Others did not."]),
        ("It cost £1.4 million in 2016. It rose.", ["It cost £1.4 million in 2016.", "It rose."]),
        ("Was it? Yes! It was.", ["Was it?", "Yes!", "It was."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("See (Table 5). 28 interviews followed.", ["See (Table 5).", "28 interviews followed."]),
        ("the results were mixed. the next year", ["the results were mixed. the next year"]),
        (
            "Working groups were set up to:\n  • - monitor delivery;\n  • - build skills; and,\n  • - study options.",
            ["Working groups were set up to:", "• - monitor delivery;", "• - build skills; and,", "• - study options."],
        ),
        ("First paragraph without a stop\n\nSecond paragraph", ["First paragraph without a stop", "Second paragraph"]),
    ],
)  # fmt: skip
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == expected


def test_split_sentences_offsets_are_absolute() -> None:
    text = "Intro. Second one here."
    spans = split_sentences(text, offset=100)
    assert [(s.start, s.end) for s in spans] == [(100, 106), (107, 123)]


def test_a_very_long_heading_still_leaves_room_for_text(encoder) -> None:
    """A heading of hundreds of words is cut short in the embedded header instead of failing the file."""
    title = " ".join(["Partnership"] * 300)  # 300 word pieces: more than the model takes
    text = f"# Report\n\n## {title}\n\nThe section has a little text. It is short.\n"
    doc = Document("long.md", hashlib.sha256(text.encode()).hexdigest(), text, structure_markdown(text))
    limits = ChunkLimits(1200, encoder.max_seq_length)
    passages = chunk_document(doc, limits, encoder.count_tokens)
    assert [p.text for p in passages] == ["The section has a little text. It is short."]
    assert passages[0].section == ("Report", title)  # the stored path is whole
    check_passages(doc, passages, limits, encoder)


def test_a_repeated_heading_is_not_inside_a_passage(encoder) -> None:
    text = "## Notes\n\nFirst note.\n\n## Notes\n\nSecond note.\n"
    doc = Document("notes.md", hashlib.sha256(text.encode()).hexdigest(), text, structure_markdown(text))
    passages = chunk_document(doc, ChunkLimits(1200, encoder.max_seq_length), encoder.count_tokens)
    assert [(p.section, p.text) for p in passages] == [(("Notes",), "First note."), (("Notes",), "Second note.")]


@pytest.mark.parametrize("word", ["?" * 600, "東" * 700, "a" * 3000, "https://example.org/" + "x/" * 900])
def test_one_enormous_word_is_cut_into_pieces_that_fit(encoder, word: str) -> None:
    text = f"Before it. {word} After it."
    doc = Document("w.txt", hashlib.sha256(text.encode()).hexdigest(), text, (Block(0, len(text), ("Data",)),))
    limits = ChunkLimits(500, encoder.max_seq_length)
    passages = chunk_document(doc, limits, encoder.count_tokens)
    assert len(passages) > 1
    check_passages(doc, passages, limits, encoder)


FLATTENED = """Table 1 – Partnerships and results

Partnership Name

Objectives/Outcomes

North Harbour

To reduce waiting times

1,200 people were seen within a week

Green Valley

To train volunteers

Still to work on

40 volunteers trained and 12 placements found

River Town

To open a drop-in centre

The centre opened in 2019
"""


def test_a_flattened_table_is_split_by_row_each_carrying_its_label() -> None:
    units = [Sentence(m.start(), m.end()) for m in re.finditer(r"[^\n]+", FLATTENED)]
    rows = flattened_rows(FLATTENED, units)
    assert rows is not None
    assert [context.rsplit(" › ", 1)[-1] for context, _ in rows] == ["North Harbour", "Green Valley", "River Town"]
    assert rows[0][0] == "Table 1 – Partnerships and results / Partnership Name / Objectives/Outcomes › North Harbour"
    texts = [FLATTENED[row[0].start : row[-1].end] for _, row in rows]
    assert texts[0].startswith("Table 1") and "1,200 people" in texts[0]  # the header is read with the first row
    assert texts[1].startswith("Green Valley") and texts[1].endswith(
        "12 placements found"
    )  # "Still to work on" is a cell


def test_prose_with_short_title_lines_is_no_table() -> None:
    text = (
        "Lessons Learned\n\nThe partners met often. They agreed a plan.\n\nNext Steps\n\nA review follows.\n\n"
        "Final Words\n\nWe thank everyone who took part.\n"
    )
    units = [Sentence(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    assert flattened_rows(text, units) is None


WITH_COLUMN_HEADERS = """Table 2 – Who was interviewed

Site

Voices from the Public Sector and

Service Users

North Harbour

2 representatives of the council

4 service users

Green Valley

1 coordinator

3 service users

River Town

5 volunteers

No service users
"""


def test_a_row_of_column_headers_is_the_tables_header_not_a_row() -> None:
    units = [Sentence(m.start(), m.end()) for m in re.finditer(r"[^\n]+", WITH_COLUMN_HEADERS)]
    rows = flattened_rows(WITH_COLUMN_HEADERS, units)
    assert rows is not None
    assert [context.rsplit(" › ", 1)[-1] for context, _ in rows] == ["North Harbour", "Green Valley", "River Town"]
    header = "Table 2 – Who was interviewed / Site / Voices from the Public Sector and / Service Users"
    assert all(context.startswith(header + " › ") for context, _ in rows)


def test_report_tables_have_no_row_of_column_headers(report_text: str, encoder) -> None:
    """Each flattened table of the bundled report yields rows named by their first cell, never a header."""
    from psp_qa.reading.ingest import parse_document

    doc = parse_document("strategic-psp-model-report.txt", report_text.encode("utf-8"))
    passages = chunk_document(doc, ChunkLimits(1500, encoder.max_seq_length), encoder.count_tokens)
    labels = {p.lead.rsplit(" › ", 1)[-1] for p in passages if p.lead}
    assert {"Low Moss", "Robertson Trust", "East Renfrewshire"} <= labels
    assert not labels & {"PSP", "Total Number of Interviews"}
