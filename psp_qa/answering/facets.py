"""Which of a topic's subsections a question asks for, read from its form: the topic's problems or its results.

A case study's passages sit under its own heading and under subsections the
section tree repeats across case studies ("Outcomes", "Challenges"). A question
about the case picks among them by what it asks: "what went wrong", "what held
it back", "did anyone object" ask for its problems; "what did it achieve", "what
came out of it", "what did the evaluation find" for its results. Headings are
read with the same everyday words, so "Barriers", "Limitations", "Results" or
"Impact" in another report are facets too; a heading in neither ("Methodology")
is none, and a question with words of both, or of neither, asks for no facet.
"""

from __future__ import annotations

import re

PROBLEMS, RESULTS, BASICS = "problems", "results", "basics"

_PROBLEM_WORDS = re.compile(
    r"\b(?:problem|challeng|difficult|barrier|obstacle|hurdle|issues\b|wrong\b|struggl|friction|tension"
    r"|object(?:ed|ing|ions?)?\b|oppos|resist|suspic|sceptic|skeptic|critici|risk|threat|weakness|limitation"
    r"|hardest|setback|concern|worr(?:y|ied|ies)|drawback|downside|pitfall|conflict|trouble|awkward|tricky"
    r"|fail|complain|constrain|hinder|hamper|obstruct|frustrat|shortcoming|stumbling|pushback|tough|missing\b)"
    r"|\b(?:held|hold|holding|holds)\s+(?:\w+\s+){0,3}?back\b|\bhard\s+part\b|\bgo(?:ne|es)?\s+badly\b"
    # Everyday words for a thing's other side: "what's the catch?", "and the negatives?", "the bad bits".
    r"|\bcatch(?:es)?\b(?!\s+up)|\bnegatives\b|\bcons\b|\bbad\s+(?:bits?|points?|news|parts?|things?)\b",
    re.IGNORECASE,
)
_RESULT_WORDS = re.compile(
    r"\b(?:outcome|result|achiev|accomplish|impact|effects?\b|effectiv|success|succeed|benefit"
    r"|findings|evaluat\w*\s+(?:\w+\s+)?(?:find|found|finds|show|shows|showed|conclude)|\bevaluated\b|improve|difference\b|pa(?:y|id)\s+off|worth\s+(?:it|the)\b)"
    r"|\b(?:came|come|comes|coming)\s+(?:out\s+)?of\b|\b(?:get|gets|got|getting|gain|gained|gains)\s+(?:\w+\s+)?out\s+of\b"
    r"|\b(?:went|go(?:ne|es)?)\s+well\b|\bgood\s+(?:bits?|points?|news|parts?|things?)\b|\bpositives\b|\bupsides?\b"
    r"|\bpros\b|\bgains\b|\bwins\b"
    r"|\bhow\s+(?:did|has|have|well\s+did)\s+(?:\w+\s+){1,5}?(?:do|done|perform|performed|go|gone)\b(?!\s+about)",
    re.IGNORECASE,
)


# What a thing is, and no more: "what is Kulturverket exactly?", "what's the One Service?".
_WHAT_IT_IS = re.compile(
    r"^\W*(?:(?:so|and|ok|okay)\W+)?what(?:\s+(?:is|was|are|were)|['’]s)\s+(?:[\w'’-]+\s*){1,8}\??\s*$", re.IGNORECASE
)
# What a thing is, who is behind it, when it began, how it works: told under its own heading, before its
# subsections ("What is AVIS?", "Who ran the bond?", "What year was it set up?", "How does it match them?").
_BASIC_FORMS = re.compile(
    r"^\W*(?:(?:so|and|ok|okay)\W+)?(?:what|who)(?:\s+(?:is|was|are|were)|['’]s)\s+(?:[\w'’-]+\s*){1,8}\??\s*$"
    r"|\b(?:stands?|short)\s+for\b"
    r"|\b(?:when|what\s+year|who)\b.*\b(?:set\s+up|established|founded|launched|created|started|began|begun)\b"
    r"|\bwho\s+(?:\w+\s+)?(?:runs?|ran|leads?|led|manages?|managed|delivers?|delivered"
    r"|(?:is|was|were|are)\s+(?:behind|in\s+charge))\b"
    r"|\bhow\s+(?:does|do|did|is|was)\s+(?:\w+\s+){1,6}?(?:work|run|operate|match|organi[sz]ed|funded|financed)\b(?!\s+out)"
    r"|\baimed\s+at\b|\bmeant\s+for\b",
    re.IGNORECASE,
)


# What a thing set out to achieve is its aim, told with what it is, not a result: "what was it hoping to achieve?"
_AIM = re.compile(
    r"\b(?:hop\w*|aim\w*|try\w*|tried|want\w*|meant|intend\w*|plan\w*|set\s+out)\s+(?:\w+\s+){0,3}?to\s+"
    r"(?:\w+\s+){0,2}?(?:achieve|improve|accomplish)",
    re.IGNORECASE,
)


def facet(text: str) -> str | None:
    """The facet a question (or a heading) is about, if exactly one: PROBLEMS or RESULTS."""
    problems = bool(_PROBLEM_WORDS.search(text))
    results = bool(_RESULT_WORDS.search(_AIM.sub(" ", text)))
    if problems == results:
        return None
    return PROBLEMS if problems else RESULTS


def asks_what_it_is(question: str) -> bool:
    """Whether the question asks what a thing is ("what was POPP?"): told where the report introduces it."""
    return _WHAT_IT_IS.search(question) is not None


def asked_facet(question: str, without_name: str = "") -> str | None:
    """The facet a question asks for: its problems or results (read without its topic's name, which may hold
    such a word), else its BASICS when it asks what a thing is, who is behind it, when it began or how it works."""
    text = without_name or question
    if _PROBLEM_WORDS.search(text) or _RESULT_WORDS.search(_AIM.sub(" ", text)):
        return facet(text)
    return BASICS if _BASIC_FORMS.search(question) else None
