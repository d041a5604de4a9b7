"""The data that flows through psp-qa, top to bottom:

    corpus file -> Document -> Passage -> Hit -> Answer(Citation...)

Frozen dataclasses with no logic beyond conversion to and from dicts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SectionPath = tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A run of a document's text that sits under one section path.

    `kind` is "prose" or "table"; a table is kept whole in one passage where it fits.
    """

    start: int
    end: int
    section: SectionPath
    kind: str = "prose"


@dataclass(frozen=True)
class Document:
    """The extracted text of one corpus file, with its structure and pages."""

    source: str
    sha256: str
    text: str
    blocks: tuple[Block, ...]
    # Character offset where each page starts (PDF only); page numbers are 1-based.
    page_starts: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    # The label printed on each page ("xii", "15"), where the PDF defines labels that differ from the numbers.
    page_labels: tuple[str, ...] = ()
    title: str = ""  # a title the file gives itself (Markdown front matter), "" if none

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        page = 1
        for number, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = number
            else:
                break
        return page

    def page_label_at(self, offset: int) -> str | None:
        page = self.page_at(offset)
        return self.page_labels[page - 1] if page is not None and page <= len(self.page_labels) else None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a passage, as offsets into the document text."""

    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """A retrievable unit: whole sentences under one section, cited by id."""

    id: str
    source: str
    section: SectionPath
    start: int
    end: int
    text: str
    page: int | None = None  # the physical page, 1-based
    page_end: int | None = None
    sentences: tuple[Sentence, ...] = ()
    page_label: str | None = None  # the label printed on that page ("15", "xii"), where the PDF has labels
    page_end_label: str | None = None
    # The header row (or opening fence) of the table or code block this passage continues, or the
    # label of the flattened table row it is part of ("Low Moss"), repeated so the piece reads on
    # its own; not part of `text`, whose offsets stay verbatim.
    lead: str = ""

    def to_dict(self) -> dict:
        data = {"id": self.id, "source": self.source, "section": list(self.section), "start": self.start,
                "end": self.end, "text": self.text, "page": self.page, "page_end": self.page_end,
                "sentences": [[s.start, s.end] for s in self.sentences],
                "page_label": self.page_label, "page_end_label": self.page_end_label}  # fmt: skip
        return {**data, "lead": self.lead} if self.lead else data

    @classmethod
    def from_dict(cls, data: dict) -> Passage:
        return cls(
            id=data["id"],
            source=data["source"],
            section=tuple(data["section"]),
            start=data["start"],
            end=data["end"],
            text=data["text"],
            page=data.get("page"),
            page_end=data.get("page_end"),
            sentences=tuple(Sentence(s, e) for s, e in data.get("sentences", [])),
            page_label=data.get("page_label"),
            page_end_label=data.get("page_end_label"),
            lead=data.get("lead", ""),
        )

    @property
    def cited_pages(self) -> tuple[int | str | None, int | str | None]:
        """The pages to cite: the printed labels where the document has them, else the physical pages."""
        return self.page_label or self.page, self.page_end_label or self.page_end

    def sentence_texts(self) -> list[str]:
        return [self.text[s.start - self.start : s.end - self.start] for s in self.sentences]


@dataclass(frozen=True)
class Hit:
    """A passage ranked for a question."""

    passage: Passage
    score: float
    rank: int


@dataclass(frozen=True)
class Quote:
    """One sentence of an answer, quoted verbatim from the passage cited as `citation`."""

    text: str
    citation: int  # 1-based rank of the cited passage


@dataclass(frozen=True)
class Point:
    """One item of a broad answer: a subsection, a listed item or one side of a comparison.

    `heading` is the report's own heading for it; `quotes` may be empty for a
    comparison side the report does not cover.
    """

    heading: str
    section: SectionPath
    quotes: tuple[Quote, ...]

    def to_dict(self) -> dict:
        return {"heading": self.heading, "section": list(self.section),
                "quotes": [{"text": q.text, "passage": q.citation} for q in self.quotes]}  # fmt: skip


@dataclass(frozen=True)
class Answer:
    """`kind` is what the question asked for: factual, definition, overview, list or comparison.

    Overview, list and comparison answers have `points`; their `quotes` are the
    points' quotes in order.
    """

    question: str
    standalone_question: str
    in_scope: bool
    quotes: tuple[Quote, ...]
    hits: tuple[Hit, ...]
    notice: str = ""
    extra: dict = field(default_factory=dict)
    kind: str = "factual"
    points: tuple[Point, ...] = ()

    @property
    def text(self) -> str:
        """Plain text with [n] markers; a point's heading leads its quotes, one point a line."""
        if not self.points:
            return " ".join(f"{q.text} [{q.citation}]" for q in self.quotes)
        lines = []
        for point in self.points:
            body = " ".join(f"{q.text} [{q.citation}]" for q in point.quotes)
            # A table row's quote opens with its label, which heads the point: not said twice.
            row = point.section and point.heading != point.section[-1]
            opens = bool(row and point.quotes) and point.quotes[0].text.startswith(point.heading)
            lines.append(body if opens else f"{point.heading}: {body}" if body else point.heading)
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "in_scope": self.in_scope,
            "answer": self.text,
            "notice": self.notice,
            "kind": self.kind,
            "points": [point.to_dict() for point in self.points],
            "quotes": [asdict(q) for q in self.quotes],
            "passages": [
                {
                    "rank": hit.rank,
                    "id": hit.passage.id,
                    "text": hit.passage.text,
                    "source": hit.passage.source,
                    "section": list(hit.passage.section),
                    "lead": hit.passage.lead,  # a table row's label and header, or a split table's header row
                    "page": hit.passage.page,
                    "page_end": hit.passage.page_end,
                    "page_label": hit.passage.page_label,
                    "page_end_label": hit.passage.page_end_label,
                    "start": hit.passage.start,
                    "end": hit.passage.end,
                    "score": round(hit.score, 6),
                    "weak": not self.in_scope,
                }
                for hit in self.hits
            ],
            **self.extra,
        }
