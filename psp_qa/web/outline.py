"""The shape of an index for reading: sources, their section trees, and passage neighbours.

The web page needs four things the retrieval index does not keep: the table
of contents (from the passages' section paths, per source), the text of one
section, the passages just before and after a cited one, and the table a
flattened table's row passage belongs to (see row_tables.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from psp_qa.types import Passage, SectionPath
from psp_qa.web.row_tables import RowLayout, row_layouts


@dataclass
class SectionNode:
    """One heading of a source; `passages` counts the passages at or under it."""

    title: str
    path: SectionPath
    passages: int = 0
    children: dict[str, SectionNode] = field(default_factory=dict)


@dataclass
class Outline:
    sources: list[str]
    trees: dict[str, SectionNode]  # per source, a root node with an empty path
    by_source: dict[str, list[Passage]]  # in document order
    position: dict[str, tuple[str, int]]  # passage id -> (source, index in by_source[source])
    rows: dict[str, RowLayout] = field(default_factory=dict)  # passage id -> its table row's layout

    @classmethod
    def of(cls, passages: Iterable[Passage]) -> Outline:
        by_source: dict[str, list[Passage]] = {}
        for passage in passages:
            by_source.setdefault(passage.source, []).append(passage)
        for items in by_source.values():
            items.sort(key=lambda p: (p.start, p.end))
        trees, position, rows = {}, {}, {}
        for source, items in by_source.items():
            rows.update(row_layouts(items))
            root = trees[source] = SectionNode(source, ())
            for number, passage in enumerate(items):
                position[passage.id] = (source, number)
                node = root
                node.passages += 1
                for depth, title in enumerate(passage.section):
                    node = node.children.setdefault(title, SectionNode(title, passage.section[: depth + 1]))
                    node.passages += 1
        return cls(sorted(by_source, key=str.lower), trees, by_source, position, rows)

    def passage(self, passage_id: str) -> Passage | None:
        found = self.position.get(passage_id)
        return self.by_source[found[0]][found[1]] if found else None

    def neighbours(self, passage_id: str, around: int = 1) -> tuple[list[Passage], list[Passage]]:
        """The passages just before and just after one, in the same source."""
        found = self.position.get(passage_id)
        if not found:
            return [], []
        items, number = self.by_source[found[0]], found[1]
        return items[max(0, number - around) : number], items[number + 1 : number + 1 + around]

    def section_passages(self, source: str, path: SectionPath) -> list[Passage]:
        """Every passage at or under a section, in reading order."""
        depth = len(path)
        return [p for p in self.by_source.get(source, []) if p.section[:depth] == tuple(path)]
