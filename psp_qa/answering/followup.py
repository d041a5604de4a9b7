"""Turn a follow-up question into a standalone one, using the conversation so far.

"What were its challenges?" after "What is the Connected Care model?" becomes
"What were Connected Care's challenges?". The rewrite is shown to the user, so
it stays close to their words: a pronoun is replaced by the earlier topic, or
the topic is added at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_PRONOUNS = {
    "it": "{topic}", "its": "{topic}'s", "they": "{topic}", "them": "{topic}",
    "their": "{topic}'s", "he": "{topic}", "she": "{topic}", "his": "{topic}'s",
    "her": "{topic}'s", "this": "{topic}", "these": "{topic}", "there": "in {topic}",
}  # fmt: skip
# One or more: "and what about the bounceback one", "ok so how about Elevate".
LEADING_CONNECTIVE = re.compile(r"^\s*(?:(?:and|but|so|also|then|ok(?:ay)?|what about|how about)\b[\s,]*)+", re.I)
QUESTION_WORDS = {"what", "who", "whom", "which", "when", "where", "why", "how", "tell", "is", "are",
                   "was", "were", "did", "does", "do", "can", "could", "and", "but", "describe", "give",
                   "list", "explain", "summarise", "summarize", "i", "please", "show"}  # fmt: skip
_WORD = re.compile(r"[\w'’-]+")
POSSESSIVE = re.compile(r"['’]s?$")
_NAME_JOINERS = {"of", "for", "and", "the", "in", "without", "del", "di", "de"}


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def topic_of(question: str, is_content_word: Callable[[str], bool]) -> str:
    """The subject of a question: its capitalised names, else its content words."""
    words = _words(question)
    spans: list[list[str]] = []
    current: list[str] = []
    for position, word in enumerate(words):
        named = word[:1].isupper() and not (position == 0 or word.lower() in QUESTION_WORDS)
        named = named or bool(current and word[:1].isupper())
        # "Ministry of Justice": a small joining word inside a name belongs to it.
        joins = (
            bool(current) and word in _NAME_JOINERS and position + 1 < len(words) and words[position + 1][:1].isupper()
        )
        if named or joins:
            current.append(word)
        elif current:
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    if spans:  # a possessive is the earlier question's grammar, not the name: "East Renfrewshire's aims"
        return " and ".join(POSSESSIVE.sub("", " ".join(span)) for span in spans)
    content = [w for w in words if w.lower() not in QUESTION_WORDS and is_content_word(w)]
    return " ".join(content)


def has_own_topic(question: str) -> bool:
    """True when the question names its own subject: a capitalised name after the first word.

    Rare corpus words are no such sign: "the second cohort" still leans on the
    conversation for which cohort is meant.
    """
    words = _words(question)
    return any(position > 0 and word[:1].isupper() and word.lower() not in QUESTION_WORDS
               for position, word in enumerate(words))  # fmt: skip


_BE = {"is", "are", "was", "were", "be", "been", "isn't", "aren't", "wasn't", "weren't"}


def _existential(words: list[str], i: int) -> bool:
    """ "there" beside a form of "be" ("which examples are there?", "there were three") refers to nothing."""
    if words[i].lower() != "there":
        return False
    return any(0 <= j < len(words) and words[j].lower() in _BE for j in (i - 1, i + 1))


def has_pronoun(question: str) -> bool:
    words = _words(question)
    return any(w.lower() in _PRONOUNS and not _existential(words, i) for i, w in enumerate(words))


_DEMONSTRATIVES = {"that", "those"}


def refers_back(question: str) -> bool:
    """Whether "that" or "those" closes the question, alone or before one last word ("funding things that
    way?", "how was that evaluated?"): then it points back to the conversation. Elsewhere "that" is mostly a
    conjunction ("does the report say that ..."), which points nowhere. "Else" ("who else paid?", "what else
    was tried?") always points back: besides what was said before."""
    words = [w.lower() for w in _words(question)]
    return any(w in _DEMONSTRATIVES for w in words[-2:]) or "else" in words


def standalone_question(
    question: str,
    history: list[str],
    is_content_word: Callable[[str], bool] = lambda w: len(w) > 3,
    topic: str = "",
) -> str:
    """The question rewritten to stand alone; unchanged when it needs no history.

    `topic` names what the conversation is about when the caller knows it (the
    section of the last answer); otherwise it is read from the earlier questions.
    """
    question = " ".join(question.split())
    if not history:
        return question
    if has_own_topic(question) and not has_pronoun(question):
        return question
    for earlier in reversed(history):
        if topic:
            break
        topic = topic_of(earlier, is_content_word)
    if not topic or topic.lower() in question.lower():
        return question
    stripped = LEADING_CONNECTIVE.sub("", question).strip() or question
    stripped = stripped[:1].upper() + stripped[1:]
    replaced = _replace_first_pronoun(stripped, topic)
    if replaced != stripped:
        return replaced
    body = stripped.rstrip(" ?.!")
    return f"{body}, regarding {topic}?"


def without_pronouns(question: str) -> str:
    """The question's own words, without its pronouns and leading connective: "and what held it back?" -> "what held back"."""
    words = _words(LEADING_CONNECTIVE.sub("", question))
    return " ".join(w for i, w in enumerate(words) if w.lower() not in _PRONOUNS or _existential(words, i))


def _replace_first_pronoun(question: str, topic: str) -> str:
    words = list(re.finditer(_WORD, question))
    for i, match in enumerate(words):
        word = match.group().lower()
        if word not in _PRONOUNS or _existential([w.group() for w in words], i):
            continue
        following = words[i + 1].group().lower() if i + 1 < len(words) else ""
        if word in ("this", "these") and following and following not in QUESTION_WORDS:
            continue  # a determiner: "this project" already names its subject
        replacement = _PRONOUNS[word].format(topic=topic)
        return question[: match.start()] + replacement + question[match.end() :]
    return question


# "and for X?", "what about the X one": a follow-up that only names a new subject.
_ELLIPSIS_LEAD = re.compile(r"^(?:(?:for|in|at|from|with|regarding|about|on|of)\s+)?(?:the\s+)?", re.I)
_ASKING_WORDS = QUESTION_WORDS - {"and", "but", "i", "please"}
MAX_ELLIPSIS_WORDS = 6


def elliptical_subject(question: str) -> tuple[str, bool] | None:
    """The new subject of a follow-up that is nothing but one, and whether a connective led it.

    "and for Kulturverket?" -> ("Kulturverket", True): the earlier question is
    meant again, of Kulturverket. A follow-up that asks something of its own
    ("and how long did it run?") is no such ellipsis.
    """
    body = question.strip().rstrip("?.!, ")
    connective = LEADING_CONNECTIVE.match(body)
    rest = body[connective.end() :] if connective and connective.end() else body
    rest = _ELLIPSIS_LEAD.sub("", rest, count=1).strip()
    words = _words(rest)
    if not words or len(words) > MAX_ELLIPSIS_WORDS:
        return None
    if any(re.split(r"['’]", w.lower())[0] in _ASKING_WORDS or w.lower() in _PRONOUNS for w in words):
        return None
    return rest, bool(connective and connective.end())


_NAME_LINKS = frozenset({"for", "of", "the", "de", "del", "di", "van", "von"})  # never "and": two names


def name_spans(question: str) -> list[tuple[int, int]]:
    """Where the question's capitalised names are ("Social Impact Factory"), first word excepted."""
    words = list(re.finditer(_WORD, question))
    spans: list[list[int]] = []
    for position, match in enumerate(words):
        word = match.group()
        named = word[:1].isupper() and position > 0 and word.lower() not in QUESTION_WORDS
        # A linking word between two capitalised words is inside one name: "Ready for Business", not two.
        following = words[position + 1].group() if position + 1 < len(words) else ""
        linking = word in _NAME_LINKS and following[:1].isupper() and bool(spans) and spans[-1][1] == position - 1
        if (named or linking) and spans and spans[-1][1] == position - 1:
            spans[-1][1] = position
        elif named:
            spans.append([position, position])
    return [(words[first].start(), words[last].end()) for first, last in spans]


def replace_subject(question: str, start: int, end: int, subject: str) -> str:
    """The question with [start:end] (its old subject) replaced, a possessive kept."""
    possessive = "'s" if re.search(r"['’]s$", question[start:end]) else ""
    return question[:start] + subject + possessive + question[end:]
