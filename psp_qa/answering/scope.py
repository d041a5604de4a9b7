"""Questions near the report that it still does not answer.

Similarity alone cannot tell "How many staff does AVIS employ?" from "How many
donors does AVIS have?": both are close to the AVIS passages. Two checks on
the question's form and the corpus's words do:

- a question that asks for a figure ("how many X", "how much", "what
  percentage", "what was the X rate") is covered only when a passage it is answered from holds a
  figure beside the thing counted (X): a count a few words from X ("28 in-depth face-to-face
  interviews"), not a year or a number elsewhere in the sentence ("Kulturverket works with
  about 1000 children" holds no count of the people who work there);
- a question that names something (a capitalised word) the corpus never uses,
  even allowing for a typo, asks about what the report does not cover.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import NamedTuple

from psp_qa.answering.demonyms import places_of
from psp_qa.answering.figures import AMOUNT, MONEY, SHARE, YEAR, things_counted
from psp_qa.answering.item_groups import ITEM_WORDS
from psp_qa.answering.typos import close_matches
from psp_qa.indexing.keywords import KeywordIndex, fold, keyword_tokens, stopwords
from psp_qa.indexing.names import WORD, starts_sentence
from psp_qa.types import Passage

_FIGURE_QUESTION = re.compile(
    r"\bhow\s+(?P<kind>many|much)\b(?P<rest>[^?.!]*)"
    r"|\b(?:what|which)\s+(?P<share>percentage|proportion|share)\b(?P<shared>[^?.!]*)"
    r"|\b(?:what|which)(?:\s+|['’]s\s+)(?:(?:is|was|were|are)\s+)?(?:the\s+|its\s+|their\s+|(?:[\w-]+\s+){0,3}?[\w-]+['’]s\s+)?"
    # "what is Utrecht's unemployment rate target?" asks for an aim, which words may give: no figure needed.
    r"(?P<rated>(?:[\w-]+\s+){0,4}?)rates?\b(?!\s+(?:targets?|goals?|ambitions?|aims?|objectives?|polic(?:y|ies))\b)"
    # "what was the budget for X", "what was Elevate's annual budget": a sum, whatever it is of.
    # "What costs did they face?" asks what they were, so the copula is needed.
    r"|\bwhat(?:\s+(?:is|was|were|are)\s+|['’]s\s+)(?:the\s+|its\s+|their\s+|(?:[\w-]+\s+){0,3}?[\w-]+['’]s\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?P<sum>budgets?|cost|price|salar(?:y|ies)|wages?|turnover|revenue|expenditure"
    r"|returns?(?=\s+on\b|\s+per\b|\s+for\b|\s*[?.!]|\s*$))(?![\w-])"
    # "what social return did X get": a return on what was put in, a sum, asked without a copula.
    r"|\bwhat\s+(?:[\w-]+\s+){0,2}?(?P<returned>returns?)\s+(?:did|does|do|has|have|was|were|is|are)\b"
    # "what is the number of staff at X", "what's the population of Tampere": a count, asked by its noun.
    r"|\bwhat(?:\s+(?:is|was|were|are)\s+|['’]s\s+)(?:the\s+|its\s+|their\s+)?(?:total\s+|overall\s+|exact\s+)?"
    r"(?P<numbered>number|population)\s+of\b(?P<counted>[^?.!]*)",
    re.IGNORECASE,
)
# What "how much did X <verb>" asks for is a sum when the verb moves money or changes a figure.
_AMOUNT_VERB = re.compile(
    r"\b(?:spen[dt]|spending|cost|gave|give|given|invest|put|raise|save|pa(?:y|id)|fund|receive|get|got|earn|"
    r"contribute|allocate|award|generate|return|cut|reduce|fall|fell|drop|rise|rose|increase|grow|grew|"
    r"worth|charge|budget|money|euros?|pounds?|dollars?)\w*",
    re.IGNORECASE,
)
_MONEY_VERB = re.compile(r"\b(?:spen[dt]|spending|costs?|invest\w*|pa(?:y|id|ys)|fund\w*|budget\w*|money|euros?|pounds?"
                         r"|dollars?)\b", re.IGNORECASE)  # fmt: skip
_CHANGE_VERB = re.compile(r"\b(?:cut|reduc\w+|f[ae]ll|drop\w*|r[io]se|increas\w+|gr[eo]w\w*|sav\w+|return\w*)\b",
                          re.IGNORECASE)  # fmt: skip
# A verb right after "how much" ("how much came back", "how much was raised" has "was", below): no thing counted.
_PAST_VERB = re.compile(
    r"\s*(?:came|comes?|went|goes|got|gets|made|makes|took|takes|gave|gives|brought|brings|paid|pays|spent|"
    r"\w{3,}ed)\b",
    re.IGNORECASE,
)
# "how much lower", "how many more": a comparative alone after "how much/many" asks for a difference.
_COMPARATIVE = re.compile(
    r"(?:more|less|fewer|lower|higher|greater|bigger|smaller|larger|better|worse|cheaper|dearer|faster|slower"
    r"|longer|shorter)\b",
    re.IGNORECASE,
)
# "What year did X open?", "when was X set up?": a date of something that happened, which a year gives.
# Not "when should commissioners be involved?": a "when" of conditions, not of a date.
_DATE_QUESTION = re.compile(
    r"\b(?:what|which)\s+(?:year|date)\b|\bsince\s+when\b"
    r"|\bwhen\s+(?:did|was|were|has|had|is|does)\b[^?.!]*?\b(?:first\b|open|start|began"
    r"|begun|begin|found|establish|launch|set\s+up|creat|clos|end(?:ed|s)?\b|introduc|buil[dt]|inaugurat|pilot"
    r"|publish|pass|form|shut|finish|complet|sign)",
    re.IGNORECASE,
)
# A year in a sentence, but not a source's ("(Meddings et al. (2014)"): that dates a paper, not the thing.
# A source's year stands after "(" or ", " and before ")", ";" or "." ("(Reeve, 2016)", "Fuglsang, L., 2008.");
# "(launched in 2010)" still dates.
_YEAR_IN_TEXT = re.compile(r"(?<!\()(?<!, )\b(?:1[89]|20)\d\d\b|\b(?:1[89]|20)\d\d\b(?![a-z]?\s*[;).])")
# The thing counted ends at the verb: "how many staff | does AVIS employ".
_VERB = re.compile(
    r"\b(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could|should|in|of|for|at|on)\b", re.IGNORECASE
)
_NUMBER_WORDS = (
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|millions|billion|dozen|half|third|quarter)\b"
)
# A digit inside a name ("Activ8 has successfully sought external funds") is no number.
_NUMBER = re.compile(rf"(?<![A-Za-z])\d|{_NUMBER_WORDS}", re.IGNORECASE)
# In a sentence, a number word past its start with a capital names something ("the Third Sector organisation").
_NUMBER_IN_TEXT = re.compile(rf"(?<![A-Za-z])\d|{_NUMBER_WORDS}|^\W*(?i:{_NUMBER_WORDS})")
_PREPOSITIONS = frozenset("about across at by for from in into of on outside to with within".split())
LABEL_WORDS = 4  # a row this short is a table label, read with the row after it
_EDGES = "()[]{},.;:!?'\"‘’“”"
TYPO_FROM = 6  # letters a word needs before a near miss counts as a typo of a corpus word
TYPO_SIMILARITY = 0.8  # difflib ratio at which an unknown name is taken for a known one misspelt
EVERYDAY_TYPO_SIMILARITY = 0.85  # at which a capitalised word is an everyday corpus word misspelt, not a name
SYNONYM_SIMILARITY = 0.85  # cosine at which a corpus word is another name for an unknown one
# Cosine at which an unknown qualifier ("Nordic case studies": "sweden" 0.77, "Dutch": "netherlands" 0.78) describes
# what the corpus names; one further off ("Spanish": "english" 0.72, "German" 0.68) names another place's cases.
RELATED_SIMILARITY = 0.75
RARE_SHARE = 0.1  # a name used in at most this share of passages is a specific subject
_ITEMS = ITEM_WORDS | set(keyword_tokens("one ones"))  # what a qualifier picks out: "the spanish case study"


class Figure(NamedTuple):
    """A figure a question asks for: its kind, the tokens of the thing counted, and that thing as asked."""

    kind: str  # "count" (how many), "quantity" (how much of something), "amount" (money) or "share"
    thing: list[str]
    asked: str = ""
    money: bool = False  # a sum of money ("what was the budget"): a share ("100%") is no answer
    # "how much came back" names no thing counted: its words only say where a figure is (retrieval reads them).
    anywhere: bool = False


def figure_wanted(question: str) -> Figure | None:
    """The figure the question asks for, if it asks for one."""
    match = _FIGURE_QUESTION.search(question)
    if not match:
        return None
    if match.group("share"):  # "by what percentage did reoffending drop": a share of what the rest is about
        return Figure("share", _counted(match.group("shared")))
    if match.group("rated") is not None:  # "what was the reoffending rate": a share of the thing rated
        return Figure("share", _counted(match.group("rated")))
    if match.group("numbered"):
        if match.group("numbered").lower() == "population":  # told in its own words, beside any number
            return Figure("quantity", keyword_tokens("population inhabitants residents"))
        asked = _VERB.split(match.group("counted"), maxsplit=1)[0].strip()
        return Figure("count", _counted(asked), asked)
    sum_asked = match.group("sum") or match.group("returned")
    if sum_asked:
        # A return is told as one, beside its sum ("a return ranging from 1,70 to 13,80 euro"): not any sum
        # of the passage ("the municipality contributes around £400,000").
        returned = sum_asked.lower().startswith("return")
        return Figure("amount", _counted(sum_asked) if returned else [], money=True)
    rest = match.group("rest")
    if match.group("kind").lower() == "much" and _PAST_VERB.match(rest):
        # "how much came back": "much" is the thing asked for; a sum when the question speaks of money.
        return Figure("amount" if _AMOUNT_VERB.search(question) else "quantity", _counted(rest), anywhere=True)
    asked = _VERB.split(rest, maxsplit=1)[0].strip()
    comparing = _COMPARATIVE.match(asked)
    if comparing and not _counted(asked[comparing.end() :]):
        # "how much lower": a difference, told as a share or a sum ("reduced recidivism by 16%"); the comparative
        # is no thing counted. One before a noun qualifies it ("how many smaller ones": "530 small projects").
        return Figure("amount", [])
    if _verb_only(asked):
        # "papers, how many selected": the verb follows "how many" at once; what it counts was named before it.
        return Figure("count", [], anywhere=True)
    thing = _counted(asked)
    if match.group("kind").lower() == "much":
        if not thing and not _AMOUNT_VERB.search(match.group("rest")):
            return None  # "how much does the law matter": a question of degree, not of a figure
        if not thing or thing == ["money"]:
            # "how much did it cost": a sum of money, which a share is not; "how much did reoffending fall": either.
            money = bool(_MONEY_VERB.search(rest) and not _CHANGE_VERB.search(rest))
            return Figure("amount", [], money=money)
        return Figure("quantity", thing)  # "how much value": a number anywhere in a sentence about it
    return Figure("count", thing, asked)


def _names_all(passage: Passage, tokens: set[str]) -> bool:
    """Whether the passage itself (its text, section path or row label) uses all of `tokens`."""
    return tokens <= passage_tokens(passage)


def date_wanted(question: str) -> Figure | None:
    """The date the question asks for ("What year did X first open?"), if it asks for one: a year anywhere in
    a sentence about what it names."""
    return Figure("year", []) if _DATE_QUESTION.search(question) else None


def _verb_only(asked: str) -> bool:
    """Whether the words after "how many" are a verb alone ("selected", "made it"), not a thing qualified by
    one ("trained staff"): the verb, then nothing but stop words."""
    verb = _PAST_VERB.match(asked)
    return bool(verb) and all(word.lower() in stopwords() for word in WORD.findall(asked[verb.end() :]))


def _counted(words: str) -> list[str]:
    """The tokens of the thing counted, without the number words of its name ("one-to-one interviews")."""
    return [token for token in keyword_tokens(words) if not _NUMBER.fullmatch(token)]


def passage_tokens(passage: Passage) -> set[str]:
    """The tokens of a passage with its section path and its table row's label."""
    return set(keyword_tokens(" ".join((*passage.section, passage.lead, passage.text))))


def holds_figure(passages: list[Passage], kind: str, thing: list[str], money: bool = False) -> bool:
    """Whether a passage has a sentence with a figure of the wanted kind, beside the thing counted."""
    kinds = {
        "count": _NUMBER_IN_TEXT,
        "quantity": _NUMBER_IN_TEXT,
        "amount": AMOUNT,
        "share": SHARE,
        "year": _YEAR_IN_TEXT,
    }
    pattern = MONEY if money else kinds[kind]
    wanted = set(thing)
    for passage in passages:
        sentences = passage.sentence_texts() or [passage.text]
        for first, second in zip(sentences, [*sentences[1:], ""]):
            # A table's figure sits in the row after its label ("Co-production", "70").
            text = f"{first} {second}" if len(first.split()) <= LABEL_WORDS else first
            if kind == "count" and wanted:
                if _counts(text, wanted):
                    return True
            elif pattern.search(text) and (not wanted or wanted & set(keyword_tokens(text))):
                return True
    return False


def _counts(text: str, wanted: set[str]) -> bool:
    """Whether `text` counts the thing: a count at most COUNT_WINDOW words before a word of it ("1000 – 1500
    children"), or right after it ("Interviews 28"). A year is no count, and neither is a capitalised number
    word past the first ("Third Sector"); a count after the verb ("works with about 1000") counts something else.
    """
    return bool(things_counted(text, wanted, _is_count))


def _is_count(word: str, at: int) -> bool:
    word = word.strip(_EDGES)
    if any(ch.isdigit() for ch in word):
        return not YEAR.fullmatch(word)
    return bool(_NUMBER.fullmatch(word)) and (at == 0 or word.islower())


def unknown_names(
    question: str,
    keywords: KeywordIndex,
    vocabulary: list[str],
    nearest_word: dict[str, tuple[str, float]] | None = None,
    says: Callable[[str], bool] | None = None,
) -> list[str]:
    """Capitalised words of the question that the corpus never uses, typos and other names allowed for.

    Not names: a word that starts a sentence ("Tell me about Bollate. What did it achieve?"),
    a stop word ("The Life I Want"), and a word that qualifies the noun after it ("Nordic
    case studies") describes what is asked for rather than naming it; only a name standing
    as a noun (or after a preposition: "the partnership in Dundee") counts. A word whose
    nearest corpus word is nearly the same in the embedding space (`nearest_word`, from
    retrieval) is another name for something the corpus names ("Holland", "Netherlands").
    """
    return [word for word, _ in _unknown_names(question, keywords, vocabulary, nearest_word, says=says)]


def _unknown_names(
    question: str,
    keywords: KeywordIndex,
    vocabulary: list[str],
    nearest_word: dict[str, tuple[str, float]] | None = None,
    names: frozenset[str] = frozenset(),
    says: Callable[[str], bool] | None = None,
) -> list[tuple[str, bool]]:
    """unknown_names, each with whether it follows a preposition (places or names what is asked about).

    With `names` (the words the corpus writes as names), a qualifier typed in lower case counts too
    (see _lower_case_qualifier): "the spanish case study" asks of a case the report lacks as "the
    Spanish case study" does. A people's name is known when the report (`says`) names it or its place
    ("Dutch": "Netherlands").
    """
    nearest_word = nearest_word or {}
    says = says or _uses(keywords)
    unknown = []
    matches = list(WORD.finditer(question))
    words = [m.group() for m in matches]
    for number, word in enumerate(words):
        if starts_sentence(question, matches[number].start()):
            continue
        following = words[number + 1] if number + 1 < len(words) else ""
        if names and _lower_case_qualifier(word, following, keywords, vocabulary, nearest_word, names):
            unknown.append((word, False))
            continue
        if not (word[:1].isupper() and len(word) > 2):
            continue
        if word.lower() in stopwords() or (word.isupper() and len(word) <= 5):
            continue  # a stop word, or an acronym that may be spelt otherwise in the corpus
        if places_of(word) and not unknown_people(word, says):
            continue  # "Dutch" when the report names the Netherlands
        after_preposition = number > 0 and words[number - 1].lower() in _PREPOSITIONS
        if (
            not after_preposition
            and following[:1].islower()
            and following.lower() not in stopwords()
            and keywords.known(keyword_tokens(following))
            # A word with no nearest word is one the corpus uses: here, its bibliography alone ("the Oxford case").
            and nearest_word.get(fold(word), ("", 0.0))[1] >= RELATED_SIMILARITY
        ):
            continue  # a modifier of a word the corpus knows, close to one of its names; "in Dundee" stays a name
        if nearest_word.get(fold(word), ("", 0.0))[1] >= SYNONYM_SIMILARITY or corpus_knows(
            word, keywords, vocabulary, names=names
        ):
            continue
        unknown.append((word, after_preposition))
    return unknown


def _lower_case_qualifier(
    word: str,
    following: str,
    keywords: KeywordIndex,
    vocabulary: list[str],
    nearest_word: dict[str, tuple[str, float]],
    names: frozenset[str],
) -> bool:
    """Whether a lower-case `word` picks out one of the report's items as a name the corpus lacks would.

    Without a capital a name is told by where it stands and where it lies: it qualifies an item word
    ("the spanish case study", "the german example", "the french ones"), and the corpus word nearest it
    is one the corpus writes as a name ("spanish": "English"), yet not near enough to be another name
    for it ("dutch": "Netherlands", 0.78). An everyday word before other nouns ("brand new services")
    or lying nearest an everyday word is none.
    """
    if not (word.islower() and len(word) > 2) or word in stopwords():
        return False
    if not (following.islower() and set(keyword_tokens(following)) & _ITEMS):
        return False
    nearest, similarity = nearest_word.get(fold(word), (None, 1.0))
    if nearest is None:  # a word the corpus uses: a name only its bibliography uses ("the oxford case") is none
        return fold(word) in names and not keywords.known(keyword_tokens(word))
    if nearest not in names or similarity >= RELATED_SIMILARITY:
        return False
    return not corpus_knows(word, keywords, vocabulary, typo_from=TYPO_FROM)


def _spelled_out(words: str, keywords: KeywordIndex, vocabulary: list[str]) -> list[str]:
    """The corpus words that the words the corpus lacks are typos of ("interveiws": "interviews")."""
    found = []
    for word in WORD.findall(words):
        if len(word) >= TYPO_FROM and not keywords.known(keyword_tokens(word)):
            found += close_matches(fold(word), vocabulary, n=1, cutoff=TYPO_SIMILARITY)
    return found


def corpus_knows(
    word: str, keywords: KeywordIndex, vocabulary: list[str], typo_from: int = 0, names: frozenset[str] = frozenset()
) -> bool:
    """Whether the corpus uses `word`, or (for a word of `typo_from` letters or more) a word a typo away from it.

    With `names` (the words the corpus writes as names), a capitalised word is a misspelt name ("Bolate",
    "Sweedish"), or an everyday word misspelt by a letter or so ("Chalenges"): "Poland" is no typo of "plan".
    """
    if keywords.known(keyword_tokens(word)):
        return True
    if len(word) < typo_from:
        return False
    folded = fold(word)
    matches = close_matches(folded, vocabulary, n=3, cutoff=TYPO_SIMILARITY)
    if not (names and (word[:1].isupper() or folded in names)):  # "france", as the corpus writes it, is a name
        return bool(matches)
    return any(
        m in names or difflib.SequenceMatcher(None, folded, m).ratio() >= EVERYDAY_TYPO_SIMILARITY for m in matches
    )


def names_a_rare_subject(question: str, keywords: KeywordIndex) -> bool:
    """Whether the question names something specific the corpus knows: a capitalised word few passages use.

    "What was the Peterborough bond in England about?" is about Peterborough; the
    name the corpus lacks (England) only places it. "What does the report say
    about Wales?" has no such subject.
    """
    return bool(rare_names(question, keywords))


def rare_names(question: str, keywords: KeywordIndex, names: frozenset[str] = frozenset()) -> set[str]:
    """The tokens of the names the question uses that few passages use: capitalised past a sentence's start,
    or (typed in lower case) words the corpus writes as names (`names`)."""
    size = max(1, keywords.size)
    found: set[str] = set()
    for match in WORD.finditer(question):
        word = match.group()
        if word.lower() in stopwords() or not (
            (word[:1].isupper() and not starts_sentence(question, match.start())) or word.lower() in names
        ):
            continue
        tokens = keyword_tokens(word)
        if (
            tokens
            and len(keywords.known(tokens)) == len(tokens)
            and all(keywords.document_frequency(t) / size <= RARE_SHARE for t in tokens)
        ):
            found.update(tokens)
    return found


def beyond_the_report(
    question: str,
    answer_from: list[Passage],
    keywords: KeywordIndex,
    vocabulary: list[str],
    neighbours: list[Passage] = (),
    nearest_word: dict[str, tuple[str, float]] | None = None,
    names: frozenset[str] = frozenset(),
    also_called: Callable[[str], list[str]] = lambda thing: [],
    names_section: bool = False,
    placing: frozenset[str] = frozenset(),
    speaks_of: Callable[[Passage, set[str]], bool] = lambda passage, tokens: bool(tokens & passage_tokens(passage)),
    everyday: frozenset[str] = frozenset(),
    says: Callable[[str], bool] | None = None,
) -> bool:
    """True for a near question the passages do not answer: a missing figure or a name the corpus lacks.

    `answer_from` are the passages an answer would be drawn from: the best ones and their topic's
    section; `neighbours` the other passages shown (the top 5). A figure in a neighbour counts when
    that passage also uses one of the specific names the question uses ("How many people did the
    Low Moss service support?": a table row naming Low Moss), or any neighbour when the question
    names nothing specific ("How many interviews did the research team carry out?").
    `also_called` gives the corpus words nearest to the thing a question counts; `names_section` says
    whether the question names a section of the report (its subject), in any case; `placing` holds the
    (folded) words that stand for one of the report's groups of examples ("Scandinavia"): no unknown names.
    A figure counts only in a passage that `speaks_of` the names the question uses (`everyday` words typed
    in lower case are none), when one does: by default, one using them; the engine's, one in a topic whose
    passages use them ("Copenhagen" for all of Cycling without Age). `says` tells whether the report names a
    place (a phrase, outside its bibliography); a people's name in any case ("norwegian case studies") asks of
    their place.
    """
    wanted = figure_wanted(question) or date_wanted(question)
    if wanted and wanted.anywhere:
        wanted = wanted._replace(thing=[])
    if wanted and wanted.kind == "year":
        # A year in a passage that does not name the thing dates something else: another row of its table
        # ("Elevate ... 2015" for "when did Low Moss open?"), another case of its topic.
        speaks_of = _names_all  # the passage itself, not its topic
    if wanted:
        # The names the question uses that few passages use: a figure in a neighbour counts only beside one.
        specific = rare_names(question, keywords, names)
        # Those that are names as typed (in lower case an everyday word is none: "give back" names no "Bounce
        # Back Project"): a figure of another case is none of theirs. "The social return on investment of
        # Kulturverket" is not AVIS's return, though the passage telling that is the nearest.
        # (Unless no passage shown speaks of them: then the question's names are no guide to where it is.)
        named = rare_names(question, keywords, names - everyday)
        if wanted.kind == "year":
            named = named or specific  # "low moss when did it open": a date is of what it names, however typed
        shown = [*answer_from, *neighbours]
        named_shown = named and any(speaks_of(p, named) for p in shown)
        own = [p for p in answer_from if speaks_of(p, named)] if named_shown else answer_from
    if wanted and not holds_figure(own, wanted.kind, wanted.thing, wanted.money):
        nearby = [p for p in neighbours if not specific or speaks_of(p, specific)]
        # The report may count the thing by another name ("co-ops": "ten social cooperatives"), or the
        # question misspell it ("interveiws").
        thing = [*wanted.thing, *keyword_tokens(" ".join(also_called(wanted.asked)))] if wanted.asked else wanted.thing
        thing += keyword_tokens(" ".join(_spelled_out(wanted.asked, keywords, vocabulary)))
        if not holds_figure([*own, *nearby], wanted.kind, thing, wanted.money):
            return True
    if unknown_lower_case_place(question, keywords, vocabulary, nearest_word, names, placing):
        return True
    if founder_unnamed(question, [*answer_from, *neighbours]) or post_holder_unnamed(
        question, [*answer_from, *neighbours]
    ):
        return True
    says = says or _uses(keywords)
    unknown = [
        u
        for u in _unknown_names(question, keywords, vocabulary, nearest_word, names, says)
        if fold(u[0]) not in placing
    ]
    seen = {fold(word) for word, _ in unknown}
    # A people whose place the report never names stands for none of its groups, however near ("Norwegian").
    unknown += [(w, False) for w in WORD.findall(question) if fold(w) not in seen and unknown_people(w, says)]
    if not unknown:
        return False
    # An unknown name may only place or qualify a subject the report has: a section the question names
    # ("the older people's projects in England", "the British pilot in Basildon"), or, after a preposition,
    # a specific name ("the Peterborough bond in England"). Without one, a qualifier is what is asked about
    # ("the German co-production schemes", even when compared "with Scotland's").
    placing = all(after_preposition for _, after_preposition in unknown)
    return not (names_section or (placing and names_a_rare_subject(question, keywords)))


# "Who founded X?", "who set up the bus in Tampere?": a question for the doer of X's beginning.
_FOUNDER_QUESTION = re.compile(
    r"^\s*(?:and\s+|so\s+|ok,?\s+)?who\s+(?:originally\s+|first\s+|actually\s+|initially\s+)?"
    r"(?:found(?:ed)?|set\s+up|start(?:ed)?|establish(?:ed)?|launch(?:ed)?|creat(?:ed|e)|initiat(?:ed|e)|beg[au]n"
    r"|came\s+up\s+with|invent(?:ed)?)\s+(?P<subject>[^?.!]+)"
    r"|^\s*(?:and\s+|so\s+|ok,?\s+)?who\s+(?:originally\s+|first\s+|actually\s+|initially\s+)?set\s+"
    r"(?P<set>[^?.!]+?)\s+up\b(?P<after>[^?.!]*)",  # "Who set Kulturverket up?"
    re.IGNORECASE,
)
# A follow-up's subject added at its end: "Who founded the initiative, regarding Cycling without Age?".
_REGARDING = re.compile(r",?\s*\bregarding\b", re.IGNORECASE)
_FOUNDING = re.compile(
    r"\b(?:found(?:ed|ers?|ing)|set\s+up|start(?:ed|s)?|establish(?:ed|es)?|launch(?:ed|es)?|creat(?:ed|es)"
    r"|initiat(?:ed|es)|began|begun|invent(?:ed)?)\b",
    re.IGNORECASE,
)
# A doer named anywhere in a sentence about the thing: "run as a partnership between AIW Health and ...",
# "has been funded by private citizens", "the lead partner"; not "between 2010 and 2015", "reduced by 7.5%".
_DOER = re.compile(
    r"\b\w+(?:ed|en|un|wn)\s+(?:[\w'’-]+\s+){0,4}?(?:by|between)\s+"
    r"(?!means\b|way\b|far\b|more\b|less\b|up\b|over\b|about\b|around\b|almost\b|nearly\b|some\b|half\b|[\d£$€])"
    r"|\bpartnership\s+(?:between|of)\s+(?![\d£$€])|\b(?:lead|leading|main|key)\s+(?:partner|organi[sz]ation|funder)s?\b",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"\b(?:councils?|authorit(?:y|ies)|government|ministry|department|compan(?:y|ies)|foundation|universit(?:y|ies)"
    r"|trust|charit(?:y|ies)|organi[sz]ations?|citizens|residents|volunteers|partners|association|agency|board)\b",
    re.IGNORECASE,
)
DOER_REACH = 6  # words before a founding verb in which its doer stands: "In 2005, the City of Ulmea set up X"


def founder_unnamed(question: str, passages: list[Passage]) -> bool:
    """True for a question asking who began something ("Who founded X?") when no sentence of `passages` that
    speaks of X names a person or organisation as a doer: "X ... started in Copenhagen in 2012" names none;
    "X was established ... as a partnership between A and B", "the City of Ulmea set up X" and "X has been
    funded by private citizens" do (who runs or pays for it may be what the asker is after)."""
    asked = _FOUNDER_QUESTION.search(question)
    if not asked:
        return False
    named = asked.group("subject") or f"{asked.group('set')} {asked.group('after')}"
    subject = {t for t in keyword_tokens(_REGARDING.sub(" ", named)) if not t.isdigit()}
    if not subject:
        return False
    for passage in passages:
        # A passage under the subject's own heading speaks of it even where a sentence only says "the bus":
        # one naming who runs or pays for it ("owned and financed by Tampere local council") answers.
        headed = _about(subject, " ".join(passage.section[-1:]))
        for sentence in passage.sentence_texts() or [passage.text]:
            if not _about(subject, sentence):
                # About something else ("the City Council had launched a strategy ..."), unless it names
                # a doer of the subject its heading names.
                if headed and _DOER.search(sentence):
                    return False
                continue
            if _DOER.search(sentence) or any(
                _founded_by(sentence, verb, subject) for verb in _FOUNDING.finditer(sentence)
            ):
                return False
    return True


def _about(subject: set[str], text: str) -> bool:
    """Whether `text` uses at least half of the subject's tokens."""
    return 2 * len(subject & set(keyword_tokens(text))) >= len(subject)


def _founded_by(sentence: str, verb: re.Match, subject: set[str]) -> bool:
    """Whether the founding verb at `verb` has a doer before it: a name or an organisation among the words
    before it that is not the thing begun itself ("In 2005, the City of Ulmea set up Kulturverket")."""
    before = list(WORD.finditer(sentence[: verb.start()]))[-DOER_REACH:]
    for match in before:
        word = match.group()
        own = set(keyword_tokens(word)) & subject or difflib.get_close_matches(
            fold(word), subject, cutoff=TYPO_SIMILARITY
        )
        if own or starts_sentence(sentence, match.start()) or word.lower() in stopwords():
            continue
        if word[:1].isupper() or _ORGANISATION.fullmatch(word):
            return True
    return False


# "Who is the director of Turning Point?", "who's the head of AIW Health": a question for a person holding a post.
_POST_QUESTION = re.compile(
    r"^\s*(?:and\s+|so\s+|ok,?\s+)?who(?:\s+(?:is|was|are|were)|['’]s)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:current\s+|present\s+|new\s+)?(?P<post>director|head|chief\s+executive|ceo|chair(?:man|woman|person)?"
    r"|president|boss)s?\s+(?:of|at|for)\s+(?P<subject>[^?.!]+)",
    re.IGNORECASE,
)


def post_holder_unnamed(question: str, passages: list[Passage]) -> bool:
    """True for a question asking who holds a post at X ("Who is the director of Turning Point?") when no
    sentence of `passages` that speaks of X speaks of that post: the report names organisations, seldom
    their staff, and a holder it names stands beside the post ("Director", in the row of a table of
    those interviewed)."""
    asked = _POST_QUESTION.search(question)
    if not asked:
        return False
    subject = {t for t in keyword_tokens(_REGARDING.sub(" ", asked.group("subject"))) if not t.isdigit()}
    post = set(keyword_tokens(asked.group("post")))
    if not subject or not post:
        return False
    for passage in passages:
        label = passage.lead  # a table row's label: what its cells speak of
        for sentence in passage.sentence_texts() or [passage.text]:
            if _about(subject, f"{label} {sentence}") and post <= set(keyword_tokens(sentence)):
                return False
    return True


_CLOSING_PLACE = re.compile(r"\b(?:about|in|from|at)\s+(?P<name>[a-z][a-z'’-]+)\W*$")


def unknown_lower_case_place(
    question: str,
    keywords: KeywordIndex,
    vocabulary: list[str],
    nearest_word: dict[str, tuple[str, float]] | None = None,
    names: frozenset[str] = frozenset(),
    placing: frozenset[str] = frozenset(),
) -> bool:
    """A question typed all in lower case that ends on a place or thing the corpus never uses ("… about ireland").

    Without capitals a name cannot be told from an everyday word, so only the question's last word,
    after "about", "in", "from" or "at", counts, and only when no corpus word is another name for
    it or a typo away from it. Names lie nearest to names: when the nearest corpus word is one the
    corpus never writes with a capital (`names` holds those it does), the word is an everyday one
    ("from abroad": "internationally"), not a place ("about ireland": "Scotland").
    """
    if any(ch.isupper() for ch in question[1:]):
        return False  # capitals are there to tell names by: unknown_names reads them
    match = _CLOSING_PLACE.search(question)
    if not match or match.group("name") in stopwords():
        return False
    name = match.group("name")
    if fold(name) in placing:
        return False  # "... from scandinavia": one of the report's groups (see beyond_the_report)
    nearest, similarity = (nearest_word or {}).get(fold(name), (None, 0.0))
    if similarity >= SYNONYM_SIMILARITY:
        return False
    if nearest is not None and nearest not in names:
        return False
    return not corpus_knows(name, keywords, vocabulary, typo_from=TYPO_FROM, names=names)


def _uses(keywords: KeywordIndex) -> Callable[[str], bool]:
    """Whether the corpus uses every word of a phrase: how `says` reads without the report's text."""
    return lambda phrase: len(keywords.known(keyword_tokens(phrase))) == len(keyword_tokens(phrase)) > 0


def unknown_people(word: str, says: Callable[[str], bool]) -> bool:
    """Whether `word` names a people ("Norwegian", "danish") whose place the report never names, nor the
    people themselves: a question of them asks of a place the report does not cover."""
    places = places_of(word)
    return bool(places) and not says(fold(word)) and not any(says(place) for place in places)


def defined_acronyms(question: str, acronyms: dict[str, str], names: frozenset[str]) -> list[str]:
    """The acronyms the report spells out (`acronyms`: short -> long form) that the question uses, in any case.

    "drt stands for wat" names DRT: a word the corpus only ever writes as a name (`names`), so typed
    in lower case it is still the acronym, not an everyday word that happens to share its letters.
    """
    by_word = {fold(short): short for short in acronyms if fold(short) in names}
    return list(dict.fromkeys(by_word[fold(m.group())] for m in WORD.finditer(question) if fold(m.group()) in by_word))
