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
    page: int | None = None
    page_end: int | None = None
    sentences: tuple[Sentence, ...] = ()

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "section": list(self.section), "start": self.start,
                "end": self.end, "text": self.text, "page": self.page, "page_end": self.page_end,
                "sentences": [[s.start, s.end] for s in self.sentences]}  # fmt: skip

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
        )

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
            lines.append(f"{point.heading}: {body}" if body else point.heading)
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
                    "page": hit.passage.page,
                    "page_end": hit.passage.page_end,
                    "start": hit.passage.start,
                    "end": hit.passage.end,
                    "score": round(hit.score, 6),
                    "weak": not self.in_scope,
                }
                for hit in self.hits
            ],
            **self.extra,
        }
