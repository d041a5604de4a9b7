"""Collections in the section tree: sections whose subsections are items of one kind (case studies, examples).

A report groups its examples under headings that share a noun phrase ("Italian
case studies", "Netherlands case studies", "Case studies from elsewhere in the
UK") beneath one parent. That shape, not any name, tells a list or an overview
which section holds what it asks for:

- "an overview of the case studies" is of the parent whose subsections all
  share the asked words, not of a section that merely uses them;
- "which case studies in Denmark?" is of the subsection under the collection
  whose heading the question names;
- "which examples come from abroad?" is of the collection whose heading says
  "internationally", the corpus word nearest "abroad" (see list_section), less
  the groups of the part the question does not name: a collection headed
  "available internationally and in the UK" whose group "Case studies from
  elsewhere in the UK" carries the other part's word (see other_part);
- "which case studies are from outside the UK?" sets aside the groups whose
  headings carry the words after "outside" (see set_aside_words).

A long collection is shown within the passage limit by taking items from every
group in turn, so no group is left out because another is longer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from psp_qa.indexing.keywords import keyword_tokens
from psp_qa.types import Passage, SectionPath

ITEM_WORDS = frozenset(keyword_tokens("example examples case cases study studies project projects model models"))
MIN_GROUPS = 2  # subsections sharing the asked words that make their parent the collection asked about
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6}


def ordered_sections(passages: Iterable[Passage]) -> list[SectionPath]:
    """Every section and every section above one, in the report's order."""
    return list(dict.fromkeys(p.section[:depth] for p in passages for depth in range(1, len(p.section) + 1)))


@functools.lru_cache(maxsize=4096)
def _heading_tokens(heading: str) -> frozenset[str]:
    return frozenset(t for t in keyword_tokens(heading) if not t.isdigit())


def heading_words(section: SectionPath) -> set[str]:
    return set(_heading_tokens(section[-1])) if section else set()


def children(sections: list[SectionPath], section: SectionPath) -> list[SectionPath]:
    return [s for s in sections if len(s) == len(section) + 1 and s[: len(section)] == section]


def _children_of(sections: list[SectionPath]) -> dict[SectionPath, list[SectionPath]]:
    """Every section's subsections, in one pass (asking `children` of each section in turn is quadratic)."""
    found: dict[SectionPath, list[SectionPath]] = {s: [] for s in sections}
    for s in sections:
        if s and s[:-1] in found:
            found[s[:-1]].append(s)
    return found


def named_by_children(sections: list[SectionPath], words: set[str]) -> SectionPath:
    """The section whose subsections (two or more) all hold every one of `words` in their headings, when
    no section's own heading is those words: "the case studies" -> the parent of "Italian case studies"..."""
    if not words:
        return ()
    for section, kids in _children_of(sections).items():
        holding = [k for k in kids if words <= heading_words(k)]
        if len(holding) >= MIN_GROUPS and len(holding) == len(kids):
            return section
    return ()


def group_named(sections: list[SectionPath], words: set[str]) -> SectionPath:
    """The group of a collection that the question names by what sets it apart from its siblings, and by
    nothing else: "the Italian examples" -> "Italian Case studies", "the UK examples" -> "Case studies from
    elsewhere in the UK", whose siblings also say "case studies"; not "the Ministry of Justice in the UK"."""
    for kids in _children_of(sections).values():
        if len(kids) < MIN_GROUPS:
            continue
        common = set.intersection(*(heading_words(k) for k in kids))
        if not common:
            continue
        rest = words - common - ITEM_WORDS
        named = [k for k in kids if rest and rest <= heading_words(k) - common]
        if len(named) == 1:
            return named[0]
    return ()


# "outside the UK", "other than Italy", "besides the PSPs", "apart from the partners themselves": what follows
# names what the question leaves out, up to a word that goes on with the question.
_SETTING_ASIDE = re.compile(
    r"\b(?:outside(?:\s+of)?|beyond|besides|excluding|except(?:\s+for)?|other\s+than|apart\s+from|aside\s+from"
    r"|not\s+(?:in|from))\s+(?P<what>(?:(?!and\b|or\b|but\b|that\b|which\b|who\b|what\b)[\w'’-]+\s*){1,4})",
    re.I,
)


def set_aside_phrases(question: str) -> list[str]:
    """What a question leaves out: "which case studies are from outside the UK?" -> ["the UK"]."""
    return [m.group("what").strip() for m in _SETTING_ASIDE.finditer(question)]


def set_aside_words(question: str) -> set[str]:
    """The words of what a question leaves out: "which case studies are from outside the UK?" -> {"uk"}."""
    return {t for phrase in set_aside_phrases(question) for t in keyword_tokens(phrase)}


def without_set_aside(question: str) -> str:
    """The question without what it leaves out: "which organisations besides the PSPs?" names no PSPs."""
    return _SETTING_ASIDE.sub(" ", question)


# A heading that ends on two parts joined: "... available internationally and in the UK".
_TWO_PARTS = re.compile(r"(?P<first>[\w'’-]+)\s+(?:and|or|&)\s+(?P<second>(?:[\w'’-]+\s*){1,4})$", re.I)


def other_part(sections: list[SectionPath], section: SectionPath, words: set[str]) -> list[SectionPath]:
    """The groups of `section` that belong to a part of it the question does not ask for.

    A collection's heading may end on two parts ("available internationally and in the UK"), and some
    groups carry one part's words ("Case studies from elsewhere in the UK"): the groups without them
    are the other part. A question naming one part only (`words`, its own and the corpus words nearest
    them: "abroad" -> "internationally") asks for that part's groups, not the other's.
    """
    parts = _TWO_PARTS.search(section[-1]) if section else None
    if not parts:
        return []
    first, second = (set(keyword_tokens(parts.group(g))) - ITEM_WORDS for g in ("first", "second"))
    kids = children(sections, section)
    carrying = [k for k in kids if heading_words(k) & second]
    if (
        not first
        or not second
        or not carrying
        or len(carrying) == len(kids)
        or any(heading_words(k) & first for k in kids)
    ):
        return []  # the groups are not told apart by the two parts
    if first & words and not second & words:
        return carrying
    if second & words and not first & words:
        return [k for k in kids if k not in carrying]
    return []


def marks_apart(groups: list[SectionPath]) -> dict[SectionPath, set[str]]:
    """Each sibling group's heading words that set it apart from the others ("Italian" of "Italian Case
    studies" beside "Netherland case studies"), beyond the words of items ("case studies")."""
    common = set.intersection(*map(heading_words, groups)) if groups else set()
    return {g: heading_words(g) - common - ITEM_WORDS for g in groups}


def group_touched(
    sections: list[SectionPath],
    section: SectionPath,
    words: set[str],
    has_items: Callable[[SectionPath], bool] = lambda s: True,
) -> SectionPath:
    """The one group under `section` that the question names by a word setting it apart from its siblings,
    among other words: "the UK examples they looked at outside Scotland" -> "Case studies from elsewhere in
    the UK", though "elsewhere" goes unsaid. `section` itself when no group, or more than one, is named.
    A group has items (`has_items`): "the Italian examples ... the normal system" names no one of the
    Italian items, though one's heading says "Italian transfusion system"."""
    kids = children(sections, section)
    if len(kids) < MIN_GROUPS:
        return section
    named = [k for k, marks in marks_apart(kids).items() if marks & words and has_items(k)]
    if len(named) != 1 or (heading_words(section) - heading_words(named[0])) & words:
        return section  # "the international and UK case studies": the section's own heading is named too
    return named[0]


def narrowed(
    sections: list[SectionPath], section: SectionPath, words: set[str], has_items: Callable[[SectionPath], bool]
) -> SectionPath:
    """The deepest section under `section` whose heading the question names and which still has items
    ("which Denmark case studies" -> "Denmark" under "Finnish, Swedish and Danish case studies"); of
    several named apart ("from Finland, Sweden or Denmark"), the section they all lie in."""
    own = heading_words(section)
    named = [
        s
        for s in sections
        if len(s) > len(section)
        and s[: len(section)] == section
        and heading_words(s)
        and heading_words(s) - own
        and heading_words(s) <= words
        and has_items(s)
    ]
    if not named:
        return section
    deepest = max(named, key=len)
    apart = [s for s in named if s[: len(deepest)] != deepest and deepest[: len(s)] != s]
    if not apart:
        return deepest
    shared = deepest
    for other in apart:  # the deepest section above all of them
        while other[: len(shared)] != shared:
            shared = shared[:-1]
    return shared if len(shared) >= len(section) else section


def in_turn(items: list[SectionPath], score: Callable[[SectionPath], float], limit: int) -> list[SectionPath]:
    """At most `limit` items, the best of each group (the section right above an item: "Denmark", "Italian case
    studies") first, then the next best of each, and so on; in report order."""
    groups: dict[SectionPath, list[SectionPath]] = {}
    for item in items:
        groups.setdefault(item[:-1], []).append(item)
    place = {
        item: (turn, -score(item))
        for group in groups.values()
        for turn, item in enumerate(sorted(group, key=lambda i: -score(i)))
    }
    keep = set(sorted(items, key=lambda i: place[i])[:limit])
    return [item for item in items if item in keep]


def stated_count(text: str) -> int:
    """How many items a phrase says there are ("the two Dutch examples": 2), or 0."""
    return next((_COUNTS[w] for w in text.lower().split() if w in _COUNTS), 0)


def item_collection(sections: list[SectionPath]) -> SectionPath:
    """The section whose subsections (two or more) are all groups of items by their headings ("Italian Case
    studies", "Case studies from elsewhere in the UK"): what "the examples" or "the projects" stand for when
    the question names the collection by another item word than its headings use."""
    for section in sections:
        kids = children(sections, section)
        if len(kids) >= MIN_GROUPS and all(heading_words(k) & ITEM_WORDS for k in kids):
            return section
    return ()
