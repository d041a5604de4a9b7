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

PROBLEMS, RESULTS = "problems", "results"

_PROBLEM_WORDS = re.compile(
    r"\b(?:problem|challeng|difficult|barrier|obstacle|hurdle|issues\b|wrong\b|struggl|friction|tension"
    r"|object(?:ed|ing|ions?)?\b|oppos|resist|suspic|sceptic|skeptic|critici|risk|threat|weakness|limitation"
    r"|hardest|setback|concern|worr(?:y|ied|ies)|drawback|downside|pitfall|conflict|trouble|awkward|tricky"
    r"|fail|complain|constrain|hinder|hamper|obstruct|frustrat|shortcoming|stumbling|pushback|tough)"
    r"|\b(?:held|hold|holding|holds)\s+(?:\w+\s+){0,3}?back\b|\bhard\s+part\b|\bgo(?:ne|es)?\s+badly\b",
    re.IGNORECASE,
)
_RESULT_WORDS = re.compile(
    r"\b(?:outcome|result|achiev|accomplish|impact|effects?\b|effectiv|success|succeed|benefit"
    r"|findings|evaluat\w*\s+(?:\w+\s+)?(?:find|found|finds|show|shows|showed|conclude)|\bevaluated\b|improve|difference\b|pa(?:y|id)\s+off|worth\s+(?:it|the)\b)"
    r"|\b(?:came|come|comes|coming)\s+(?:out\s+)?of\b"
    r"|\bhow\s+(?:did|has|have|well\s+did)\s+(?:\w+\s+){1,5}?(?:do|done|perform|performed|go|gone)\b",
    re.IGNORECASE,
)


def facet(text: str) -> str | None:
    """The facet a question (or a heading) is about, if exactly one: PROBLEMS or RESULTS."""
    problems, results = bool(_PROBLEM_WORDS.search(text)), bool(_RESULT_WORDS.search(text))
    if problems == results:
        return None
    return PROBLEMS if problems else RESULTS
