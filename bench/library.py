"""A synthetic library: new documents made of the report's own sentences, reshuffled.

Each document keeps the report's headings (so sections exist, as Markdown),
each marked with the document's volume number, shuffles the order of the
sub-chapters within each chapter (the case studies change places), and fills
every paragraph with sentences drawn from a shuffled pool of all the report's
sentences. What is embedded (a sentence with its headings, a passage, a
heading) is therefore new text in every document, as in a real library, while
the words stay real. Fixed seeds: the same library every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from bench.common import REPORT

SENTENCE_SCALE = 1.65  # sentences per paragraph, relative to the report: about 150 passages a document


@dataclass(frozen=True)
class Paragraph:
    section: tuple[str, ...]
    sentences: int


def report_outline() -> tuple[list[list[Paragraph]], list[str]]:
    """The report as groups of paragraphs (one group per sub-chapter, in order), and all its sentences."""
    from psp_qa.reading.chunking import split_sentences
    from psp_qa.reading.ingest import load_document

    document = load_document(REPORT)
    groups: list[list[Paragraph]] = []
    pool: list[str] = []
    for block in document.blocks:
        text = document.text[block.start : block.end]
        for chunk in text.split("\n\n"):
            sentences = [" ".join(chunk[s.start : s.end].split()) for s in split_sentences(chunk)]
            if not sentences:
                continue
            pool.extend(sentences)
            paragraph = Paragraph(block.section, len(sentences))
            if groups and groups[-1][0].section[:2] == block.section[:2]:
                groups[-1].append(paragraph)
            else:
                groups.append([paragraph])
    return groups, pool


def synthetic_document(number: int, groups: list[list[Paragraph]], pool: list[str]) -> str:
    """Markdown text of library document `number`."""
    rng = random.Random(number)
    order = _shuffled_within_chapters(groups, rng)
    supply: list[str] = []
    lines: list[str] = []
    shown: tuple[str, ...] = ()
    for paragraph in (p for group in order for p in group):
        section = tuple(f"{heading} (volume {number})" for heading in paragraph.section)
        shared = 0
        while shared < min(len(shown), len(section)) and shown[shared] == section[shared]:
            shared += 1
        for depth in range(shared, len(section)):
            lines.append(f"{'#' * min(depth + 1, 6)} {section[depth]}\n")
        shown = section
        wanted = max(1, round(paragraph.sentences * SENTENCE_SCALE))
        while len(supply) < wanted:
            batch = pool[:]
            rng.shuffle(batch)
            supply.extend(batch)
        lines.append(" ".join(supply[:wanted]) + "\n")
        del supply[:wanted]
    return "\n".join(lines)


def _shuffled_within_chapters(groups: list[list[Paragraph]], rng: random.Random) -> list[list[Paragraph]]:
    """Sub-chapter groups in a new order inside each chapter; chapters keep theirs."""
    chapters: list[list[list[Paragraph]]] = []
    for group in groups:
        if chapters and chapters[-1][0][0].section[:1] == group[0].section[:1]:
            chapters[-1].append(group)
        else:
            chapters.append([group])
    for chapter in chapters:
        rng.shuffle(chapter)
    return [group for chapter in chapters for group in chapter]


def write_library(corpus: Path, documents: range) -> list[Path]:
    """Write the library's documents into `corpus` (existing files with the same text are kept)."""
    groups, pool = report_outline()
    corpus.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in documents:
        path = corpus / f"synthetic-report-{number:03d}.md"
        text = synthetic_document(number, groups, pool)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
