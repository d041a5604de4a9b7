"""The web page's parts without a browser: escaping, transcripts, uploads, sign-in rules."""

from __future__ import annotations

import json
import re
import shutil
import threading
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psp_qa.config import load_settings
from psp_qa.engine import Engine
from psp_qa.errors import IngestError, PspQaError
from psp_qa.types import Passage
from psp_qa.web.live import LiveEngine, safe_name, save_new_file
from psp_qa.web.markup import highlighted, render_documents, render_section, render_toc, render_turn, short_crumbs
from psp_qa.web.outline import Outline
from psp_qa.web.server import is_loopback, read_credentials
from psp_qa.web.transcript import export_name, md_escape, transcript_html, transcript_markdown

PAYLOAD = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3)) &amp; ${value} {{value}}'
OUR_TAGS = {"article", "div", "span", "p", "q", "a", "section", "h4", "blockquote", "mark", "details", "summary",
            "button", "svg", "path", "nav", "ul", "li", "h3", "h2", "sup", "form", "label", "input", "table",
            "thead", "tbody", "tr", "th", "td", "strong"}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags, self.attributes, self.text = [], [], []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data) -> None:
        self.text.append(data)


def parsed(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


@given(st.text(), st.lists(st.text(min_size=1), max_size=3))
def test_a_highlighted_passage_is_its_own_text_with_marks_only(text, quotes):
    result = parsed(highlighted(text, quotes))
    assert set(result.tags) <= {"mark", "sup"}
    assert "".join(result.text) == text


def test_quotes_are_found_whatever_the_passage_whitespace():
    text = "First sentence.\nThe success of Bollate   was\nfacilitated by law. Last one."
    html = highlighted(text, ["The success of Bollate was facilitated by law."])
    assert "<mark>The success of Bollate   was\nfacilitated by law.</mark>" in html


def _turn(text: str) -> dict:
    passage = {"rank": 1, "id": "abc", "text": text, "source": text + ".md", "section": [text, text], "page": 2,
               "page_end": None, "start": 0, "end": len(text), "score": 0.5, "weak": False}  # fmt: skip
    return {"question": text, "standalone_question": text, "in_scope": True, "answer": "", "notice": "",
            "quotes": [{"text": " ".join(text.split()) or "x", "citation": 1}], "passages": [passage]}  # fmt: skip


def test_documents_and_questions_never_become_markup():
    turn = _turn(PAYLOAD)
    for html in (render_turn(1, turn, None), transcript_html([turn])):
        result = parsed(html)
        assert set(result.tags) <= OUR_TAGS | {"html", "head", "meta", "title", "style", "body", "h1"}
        assert not [name for name, _ in result.attributes if name.startswith("on")]
        assert not [value for name, value in result.attributes if name == "href" and not value.startswith("#")]
        assert PAYLOAD in "".join(result.text)


def _overview(kind: str) -> dict:
    turn = _turn("The harbour ledger is audited.")
    second = {**turn["passages"][0], "rank": 2, "id": "def", "text": "Volunteers check it every spring.[19]"}
    turn["passages"].append(second)
    turn["quotes"].append({"text": "Volunteers check it every spring.", "citation": 2})
    points = [{"heading": "Who audits <b>", "section": ["Accounts"], "quotes": [{"text": "The harbour ledger is audited.", "passage": 1}]},
              {"heading": "When", "section": ["Accounts"], "quotes": [{"text": "Volunteers check it every spring.", "passage": 2}]}]  # fmt: skip
    return {**turn, "kind": kind, "points": points}


def test_overview_and_list_answers_are_headed_lists_and_comparisons_are_columns():
    overview = parsed(render_turn(1, _overview("overview"), None))
    assert "ul" in overview.tags and "table" not in overview.tags[: overview.tags.index("section")]
    html = render_turn(1, _overview("overview"), None)
    answer = html.split('<div class="answer">')[1].split("</div>")[0]
    assert '<span class="point-head">Who audits &lt;b&gt;</span>' in answer
    assert answer.count('class="cite"') == 2 and "[2]</a>" in answer  # each point cites its own passage
    comparison = render_turn(1, _overview("comparison"), None)
    answer = comparison.split('<div class="answer">')[1].split('<div class="feedback"')[0]
    assert '<div class="compare">' in answer and answer.count('<div class="side"><p class="point-head">') == 2
    assert '<p><span class="quote">“Volunteers check it every spring.”</span>' in answer  # a quote a line
    flat = render_turn(1, _turn("The harbour ledger is audited."), None)  # no points: one paragraph of quotes
    assert "<ul" not in flat.split('<div class="answer">')[1].split("</div>")[0]


def _case_studies() -> dict:
    """A list answer over items of two groups, one of them split by country."""
    turn = _turn("The harbour ledger is audited.")
    items = [("Harbour case studies", "North Quay"), ("Harbour case studies", "South Quay"),
             ("Island case studies", "Arran", "Lamlash Pier"), ("Island case studies", "Bute", "Rothesay Pier")]  # fmt: skip
    points = [{"heading": item[-1], "section": ["Appendix 2", *item], "quotes": [{"text": f"{item[-1]} opened.", "passage": 1}]}
              for item in items]  # fmt: skip
    return {**turn, "kind": "list", "points": points}


def test_a_list_drawn_from_several_groups_is_shown_under_them():
    html = render_turn(1, _case_studies(), None)
    answer = html.split('<div class="answer">')[1].split('<div class="feedback"')[0]
    assert [head.split("</p>")[0] for head in answer.split('<p class="group-head">')[1:]] == [
        "Harbour case studies", "Island case studies",
    ]  # fmt: skip
    assert answer.count('<ul class="points">') == 2
    assert 'Lamlash Pier <span class="point-where">(Arran)</span>' in answer  # the level between group and item
    one_group = _case_studies()
    one_group["points"] = one_group["points"][:2]  # every item in one group: a plain list, as before
    answer = render_turn(1, one_group, None).split('<div class="answer">')[1]
    assert "group-head" not in answer and "point-where" not in answer


def test_quotes_from_different_passages_are_separate_paragraphs():
    turn = _overview("factual")
    turn["points"] = []
    turn["quotes"] = [{"text": "The harbour ledger is audited.", "citation": 1}, {"text": "It is kept.", "citation": 1},
                      {"text": "Volunteers check it every spring.", "citation": 2}]  # fmt: skip
    answer = render_turn(1, turn, None).split('<div class="answer">')[1].split("</div>")[0]
    assert answer.count("<p>") == 2 and answer.index("It is kept.") < answer.index("</p>") < answer.index("Volunteers")


def test_searched_for_is_shown_only_when_the_search_differs_from_the_question():
    turn = _turn("What made Bollate succeed?")
    assert 'class="searched"' not in render_turn(1, {**turn, "standalone_question": "what made bollate succeed"}, None)
    follow_up = {**turn, "question": "And its challenges?", "standalone_question": "What challenges did Bollate face?"}
    assert '<p class="searched">Searched for: <q>What challenges did Bollate face?</q></p>' in render_turn(
        1, follow_up, None
    )
    refused = render_turn(1, {**follow_up, "in_scope": False, "quotes": []}, None)  # what was not found, next to it
    assert refused.index('class="notice"') < refused.index('class="searched"') < refused.index('class="feedback"')


def test_report_footnote_marks_are_muted_superscripts_not_citations():
    html = render_turn(1, _overview("overview"), None)
    source = html.split('id="t1-s2"')[1]
    assert '<sup class="fn" title="footnote 19 of the document">[19]</sup>' in source
    assert '<a class="cite"' not in source.split("</blockquote>")[0]


def test_breadcrumbs_show_two_levels_and_the_whole_path_on_hover():
    html = short_crumbs(["Appendix 2", "Italian case studies", "Bollate Prison", "Outcomes"])
    assert html == ('<span class="crumbs" title="Appendix 2 › Italian case studies › Bollate Prison › Outcomes">'
                    "… › Bollate Prison › Outcomes</span>")  # fmt: skip
    assert short_crumbs(["Only"]) == '<span class="crumbs" title="Only">Only</span>'


def test_out_of_scope_suggests_questions_from_the_nearest_sections_and_folds_the_weak_matches():
    turn = {**_turn("Sourdough"), "in_scope": False, "quotes": [], "notice": "The report does not seem to cover this."}
    turn["passages"] = [{**turn["passages"][0], "rank": n, "id": f"p{n}", "section": ["Case studies", f"Town {n}"],
                         "weak": True} for n in range(1, 6)]  # fmt: skip
    html = render_turn(1, turn, None)
    assert html.count('class="suggest"') == 3 and "What does the report say about Town 1 in Case studies?" in html
    assert '<details class="more"><summary>Nearest passages, weak matches (5)</summary>' in html
    assert '<section class="sources"' not in html


def test_plural_forms_and_the_documents_panel():
    html = render_documents([{"name": "a.pdf", "passages": 1, "pages": 1, "added": "2026-12-01 10:00"},
                             {"name": "b.txt", "passages": 3, "pages": None, "added": ""}], [("c.pdf", "no text")])  # fmt: skip
    assert "1 passage<" in html and "1 page<" in html and "3 passages" in html and "2 documents" in html
    assert "<strong>c.pdf</strong>: no text" in html and "Skipped (1 file)" in html
    toc = render_toc(Outline.of([Passage("p1", "one.md", ("A",), 0, 3, "One")]))
    assert "(1 passage)" in toc


def test_export_names_carry_the_date_and_the_first_question():
    import datetime as dt

    turns = [{"question": "What made Bollate succeed, and why?"}, {"question": "Later"}]
    assert export_name(turns, ".md", dt.date(2026, 12, 1)) == "psp-qa-2026-12-01-what-made-bollate-succeed-and-why.md"
    assert export_name([{"question": "¿¡!"}], ".html", dt.date(2026, 1, 2)) == "psp-qa-2026-01-02.html"


def test_the_page_keeps_only_well_formed_turns_and_caps_the_history():
    from psp_qa.web.api import MAX_HISTORY_TURNS
    from psp_qa.web.page import MAX_HISTORY_CHARS, restored

    good = _turn("The harbour ledger is audited.")
    junk = [None, "text", {"question": 3}, {**good, "quotes": [{"text": 1, "citation": "x"}]},
            {**good, "passages": [{"rank": "1"}]}]  # fmt: skip
    assert restored([*junk, good]) == [good]
    assert restored({"not": "a list"}) == []
    many = [{**good, "question": f"Q{n}"} for n in range(MAX_HISTORY_TURNS + 20)]
    kept = restored(many)
    assert len(kept) == MAX_HISTORY_TURNS and kept[-1]["question"] == many[-1]["question"]
    big = {**good, "passages": [{**good["passages"][0], "text": "x" * 100_000}]}
    assert len(json.dumps(restored([big] * 20))) <= MAX_HISTORY_CHARS


def test_contents_and_sections_escape_headings():
    passage = Passage("p1", "evil<b>.md", (PAYLOAD, "Sub <i>"), 0, 10, PAYLOAD)
    outline = Outline.of([passage])
    for html in (render_toc(outline, {("evil<b>.md", (PAYLOAD, "Sub <i>"))}),
                 render_section(outline, "evil<b>.md", (PAYLOAD,))):  # fmt: skip
        result = parsed(html)
        assert set(result.tags) <= OUR_TAGS
        assert PAYLOAD in "".join(result.text)


@given(st.text())
def test_markdown_escaping_hides_every_special_character(text):
    escaped = md_escape(text)
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == text
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]<>|~&#!]", escaped.replace("\\\\", ""))


def test_markdown_transcript_lists_cited_passages_with_section_and_page():
    turn = _turn("The harbour ledger is audited.")
    turn["passages"][0].update(section=["Accounts", "Audit"], source="ledger.pdf", page=3, page_end=4)
    markdown = transcript_markdown([turn])
    assert "## 1. The harbour ledger is audited." in markdown
    assert "> “The harbour ledger is audited.” [1]" in markdown
    assert "**[1]** Accounts › Audit, pp. 3–4 (ledger.pdf)" in markdown


@pytest.mark.parametrize(
    ("original", "expected"),
    [("report.pdf", "report.pdf"), ("../../etc/passwd.txt", "passwd.txt"), ("..\\..\\boot.ini.md", "boot.ini.md"),
     ("/abs/path/Notes.MD", "Notes.md"), (".hidden.txt", "hidden.txt"), ("..pdf", "document.pdf"),
     ("Cittá del Noi (2).pdf", "Citta-del-Noi-2.pdf"), ("a b\x00c.txt", "a-b-c.txt"), ("README.md", "readme-upload.md"),
     ("x" * 300 + ".txt", "x" * 80 + ".txt"), ("notes.markdown", "notes.markdown")],
)  # fmt: skip
def test_upload_names_are_plain_and_stay_in_the_folder(original, expected):
    assert safe_name(original) == expected


@pytest.mark.parametrize("original", ["evil.exe", "archive.tar.gz", "noextension", "", "pdf"])
def test_unsupported_upload_names_are_refused(original):
    with pytest.raises(IngestError, match="unsupported file type"):
        safe_name(original)


def test_saving_never_overwrites_or_follows_a_link(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "outside.md"
    corpus.mkdir()
    (corpus / "notes.md").write_text("original")
    (corpus / "notes-2.md").symlink_to(outside)
    saved = save_new_file(corpus, "notes.md", b"new")
    assert saved == corpus.resolve() / "notes-3.md" and saved.read_bytes() == b"new"
    assert (corpus / "notes.md").read_text() == "original" and not outside.exists()
    assert sorted(p.name for p in corpus.iterdir()) == ["notes-2.md", "notes-3.md", "notes.md"]


def test_saving_works_without_hard_links(tmp_path, monkeypatch):
    def no_links(*args):
        raise PermissionError(1, "hard links are not supported here")

    monkeypatch.setattr("os.link", no_links)  # as on a FAT memory stick
    (tmp_path / "notes.md").write_text("original")
    saved = save_new_file(tmp_path, "notes.md", b"new")
    assert saved.name == "notes-2.md" and saved.read_bytes() == b"new"
    assert (tmp_path / "notes.md").read_text() == "original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes-2.md", "notes.md"]


@pytest.fixture()
def live(engine, report_settings, tmp_path):
    """A live engine over a private copy of the session's corpus and index."""
    shutil.copytree(report_settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(report_settings.index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    settings = load_settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    return LiveEngine(Engine(settings, engine.encoder, engine.index))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [("fake.pdf", b"just text, not a PDF", "not a PDF"), ("broken.pdf", b"%PDF-1.4\n" + bytes(range(256)), "PDF"),
     ("binary.txt", b"\x00\x01\x02" * 100, "binary"), ("empty.md", b"", "empty file"),
     ("big.txt", b"word " * 400, "too large")],
)  # fmt: skip
def test_bad_uploads_leave_the_corpus_and_engine_alone(live, tmp_path, name, data, reason):
    upload = tmp_path / "upload.bin"
    upload.write_bytes(data)
    engine, before = live.engine, sorted(p.name for p in live.engine.settings.corpus_dir.iterdir())
    if name == "big.txt":
        from dataclasses import replace

        live.swap(Engine(replace(engine.settings, max_file_bytes=1000), engine.encoder, engine.index))
        engine = live.engine
    with pytest.raises(IngestError, match=reason) as raised:
        live.add_document(upload, name)
    assert raised.value.path == name
    assert sorted(p.name for p in live.engine.settings.corpus_dir.iterdir()) == before
    assert live.engine is engine


def test_an_upload_swaps_the_engine_while_questions_keep_being_answered(live, tmp_path):
    upload = tmp_path / "ferry.md"
    upload.write_text("# Island ferry\n\nThe island ferry co-operative was founded by fishermen in 1998. "
                      "It runs three boats between the harbour and the island every day.\n")  # fmt: skip
    old, answers, failures, stop = live.engine, [], [], threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            try:
                answers.append(live.engine.ask("What made Bollate succeed?"))
            except Exception as exc:  # noqa: BLE001 (any failure is the finding)
                failures.append(exc)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        added = live.add_document(upload, "Island Ferry.md")
    finally:
        stop.set()
        asker.join()
    assert not failures and answers
    assert added.name == "Island-Ferry.md" and added.passages >= 1 and added.pages is None
    assert live.engine is not old and live.outline.trees["Island-Ferry.md"].passages == added.passages
    answer = live.engine.ask("Who founded the island ferry co-operative?")
    assert answer.hits[0].passage.source == "Island-Ferry.md"
    with pytest.raises(IngestError, match="already in the corpus as Island-Ferry.md"):
        live.add_document(upload, "copy.md")


def test_credentials_come_from_a_file_or_both_variables(tmp_path):
    auth = tmp_path / "users"
    auth.write_text("# trainers\nann: pass:word \n\nbob:secret\n")
    assert read_credentials(auth, {}) == {"ann": " pass:word", "bob": "secret"}
    assert read_credentials(None, {"PSP_QA_USER": "cy", "PSP_QA_PASSWORD": "pw"}) == {"cy": "pw"}
    assert read_credentials(None, {}) == {}
    with pytest.raises(PspQaError, match="both PSP_QA_USER and PSP_QA_PASSWORD"):
        read_credentials(None, {"PSP_QA_USER": "cy"})
    with pytest.raises(PspQaError, match="cannot read the auth file"):
        read_credentials(tmp_path / "missing", {})


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.20", False),
                                                ("::", False), ("example.org", False)])  # fmt: skip
def test_only_loopback_addresses_are_private(host, loopback):
    assert is_loopback(host) is loopback
