"""How well one of the report's sentences answers a question, beyond its similarity.

A sentence that points elsewhere ("These are discussed in turn below."), a
heading or a lone table cell says nothing on its own; a question asking how
many wants a number, when wants a date, why wants a reason; a question about
success wants sentences in that sense, not the challenges (and the other way
round). These are cues of English, not of one report.
"""

from __future__ import annotations

import re

from psp_qa.answering.figures import COUNT_WINDOW, YEAR_OR_MONTH, things_counted
from psp_qa.answering.scope import TYPO_SIMILARITY
from psp_qa.answering.typos import close_matches
from psp_qa.indexing.keywords import KeywordIndex, fold, keyword_tokens

MIN_WORDS = 6
_POINTER = re.compile(
    r"\b(?:in\s+turn|(?:discussed|presented|described|outlined|set\s+out|reported|shown|listed|given|explained"
    r"|detailed|summari[sz]ed|illustrated)\s+(?:below|above|in\s+turn|in\s+chapter"
    r"|in\s+the\s+(?:next|previous|following|last)\s+(?:section|chapter|part))"
    r"|as\s+follows|the\s+following|see\s+(?:chapter|section|appendix|table|figure))\b|:\s*$",
    re.I,
)
# A figure is a word of its own ("29", "£60m", "13.5%", "two"), not a digit inside a name ("Activ8").
_NUMBER = re.compile(r"(?<![A-Za-z])[£$€]?\d[\d.,]*(?:%|[mbk]n?\b|\b)"
                     r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
                     r"|hundred|thousand|million|billion|dozen|half|third|quarter)\b", re.I)  # fmt: skip
_FIGURE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")
_YEAR = YEAR_OR_MONTH
# "How long": a span of time, or the dates that bound it.
_DURATION = re.compile(
    r"\b(?:years?|months?|weeks?|days?|since|until|till|ongoing|from\s+\d{4}|between\s+\d{4})\b", re.I
)
# "Who": a doer named after a passive verb ("owned and financed by Tampere council") or by a role.
# Not a quantity ("reduced by more than 7.5%", "rose by 10%").
_AGENT = re.compile(r"\b\w+(?:ed|en|un|wn)\s+(?:\w+\s+){0,3}?by\s+(?!means\b|way\b|far\b|more\b|less\b|up\b|over\b"
                    r"|about\b|around\b|almost\b|nearly\b|some\b|half\b|[\d£$€])(?:the\s+)?\w"
                    r"|\b(?:lead|leading|main|key)\s+(?:partner|organisation|organization|agency|body|funder)s?\b"
                    r"|\b(?:led|run|managed|funded|financed|owned|delivered|commissioned)\s+by\b", re.I)  # fmt: skip
_WHO = re.compile(r"^\s*(?:and\s+|so\s+)?(?:who|which\s+(?:\w+\s+){0,2}?(?:organi[sz]ations?|body|bodies|partners?"
                  r"|agency|agencies|charity|charities|company|companies))\b", re.I)  # fmt: skip
# Not one pattern with retrieve._CAUSE (the why answer type): see there.
_REASON = re.compile(r"\b(?:because|due\s+to|owing\s+to|thanks\s+to|as\s+a\s+result|result(?:ed|s)?\s+(?:in|from)"
                     r"|facilitated|enabled|led\s+to|factors?|reasons?|so\s+that|in\s+order\s+to|therefore|thus"
                     r"|depended|driven|(?:related|linked|attributed|owed|contribut\w*|key)\s+to|caused\s+by|stem(?:s|med)?\s+from"
                     r"|(?:positively|negatively|directly)\s+affect\w*|explain(?:s|ed)\s+(?:by|why)"
                     r"|\bif\b[^.;]{3,120}?,?\s+then)\b", re.I)  # fmt: skip
# "What did the evaluation show?": a question asking what a study found, and a sentence that only says one was made
# ("An evaluation of the project was conducted by Reeve et al."): the sentence after it says what it found.
_ASKS_FINDING = re.compile(
    r"\b(?:show\w*|find|found|findings|results?|outcomes?|conclu\w+|reveal\w*|achiev\w*)\b", re.I
)
_STUDY_MADE = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+(?:also\s+)?(?:evaluated|conducted|commissioned"
                         r"|undertaken|carried\s+out|assessed|analy[sz]ed|published|investigated|studied)\b", re.I)  # fmt: skip
# "Who pays for it?": money, in whichever words ("funded", "financed", "invested").
_MONEY = re.compile(r"\b(?:pa(?:y|ys|id|ying|yment)|fund\w*|financ\w*|invest\w*|cost\w*|money|monies|budget\w*"
                    r"|spen[dt]\w*|grants?)\b", re.I)  # fmt: skip
_CURRENCY = re.compile(r"[£$€]\s?\d")  # a sum of money answers "was it worth the money?" without naming money
_SUCCESS = re.compile(r"\b(?:succe\w*|facilitat\w*|enabl\w*|achiev\w*|strength\w*|benefit\w*|positive\w*|effective\w*"
                      r"|improv\w*|worked\s+(?:well|best)|helped|key\s+factor"
                      # a question's everyday words for it: "what went well?", "and the good bits?"
                      r"|went\s+well|go(?:ne|es)?\s+well|good\s+(?:bits?|points?|news|parts?|things?)\b|upsides?\b|pros\b)",
                      re.I)  # fmt: skip
_CHALLENGE = re.compile(r"\b(?:challeng\w*|barrier\w*|obstacle\w*|problem\w*|difficult\w*|lack\w*|limitation\w*"
                        r"|weakness\w*|fail\w*|risk\w*|tension\w*|friction\w*|resist\w*|objections?|objected|critici[sz]\w*"
                        r"|struggl\w*|constrain\w*|hinder\w*|held\s+back|wary|wariness|suspic\w*|suspect\w*|distrust\w*"
                        r"|mistrust\w*|reluctan\w*|scepti\w*|skepti\w*"
                        r"|(?:hold\w*|held)\s+(?:\w+\s+){0,2}back|patchy|not\s+(?:been\s+)?(?:fully|yet|always)|uncertain\w*"
                        r"|got\s+in\s+(?:\S+\s+){0,4}?way|go\s+wrong|went\s+wrong|downside\w*|drawback\w*"
                        r"|push\s*backs?|push(?:ed)?\s+back\s+(?:on|against)|missing|oppos(?:ed|ition)|worr(?:y|ies|ied)"
                        r"|catch(?:es)?\b(?!\s+up)|negatives\b|cons\b|bad\s+(?:bits?|points?|news|parts?|things?)\b)",
                        re.I)  # fmt: skip
# "How did they get round the low referrals?", "What did they change to get it taken up?": a remedy, and the
# sentence that states one ("For overcoming this barrier, ...", "To address this, ...", "was refocused").
_ASKS_REMEDY = re.compile(r"\b(?:overcom\w*|g[eo]t\s+(?:round|around|past|over)\b|tackl\w*|deal\s+with|dealt\s+with"
                          r"|solv\w*|fix\w*|resolv\w*|remed\w*|work\s+around|(?:do|did|done|change|changed)\s+to\s+"
                          r"(?:get|make|improve|increase|boost|overcome|address|fix|solve|encourage)"
                          r"|(?:was|were)\s+done\s+(?:to|about))", re.I)  # fmt: skip
_REMEDY = re.compile(r"\b(?:overcom\w*|to\s+address|addressed|tackl\w*|in\s+response|solution\w*|solv\w*|resolv\w*"
                     r"|remed\w*|mitigat\w*|get\s+round|get\s+around|refocus\w*|redesign\w*|(?:was|were)\s+(?:changed"
                     r"|revised|adapted|reshaped|introduced\s+to))", re.I)  # fmt: skip
# "What was it trying to do?", "what's the main goal of X?": an aim, and the sentence that states one
# ("Its overall objective was to ...", "with the aim to ..."), whichever of the words it uses. Not "aimed at
# older people": that asks who a thing is for.
_ASKS_PURPOSE = re.compile(r"\b(?:aim(?:s|ed)?(?!\s+at\b)|goals?|objectives?|purposes?|intentions?|(?:trying|tried|try|set\s+(?:out|up)|meant"
                           r"|intended|designed|supposed|there)\s+to\s+(?:do|achieve|accomplish|fix|solve|change|improve"
                           r"|deliver|address))\b", re.I)  # fmt: skip
_PURPOSE = re.compile(r"\b(?:aim(?:s|ed)?|goals?|objectives?|purposes?|intend\w*|designed\s+to|set\s+out\s+to"
                      r"|seeks?\s+to|sought\s+to|mission)\b", re.I)  # fmt: skip
PURPOSE_BONUS = 0.1
REASON_BONUS = 0.1  # a why-question's sentence that gives a reason
# "What has to happen with the money?", "so what still needs doing?": what must be done, and the sentence that says
# it must ("has to be ring-fenced", "more needs to be done", "should continue").
_ASKS_OBLIGATION = re.compile(r"\b(?:has|have|needs?|ought)\s+to\s+(?:happen|be\s+\w+|change|do)\b|\bneeds?\s+doing\b"
                              r"|^\s*(?:and\s+|so\s+)?what\s+(?:\w+\s+){0,2}?(?:should|must)\b", re.I)  # fmt: skip
_OBLIGATION = re.compile(r"\b(?:has|have|need|needs|ought)\s+to\b|\b(?:should|must)\b"
                         r"|\b(?:is|are)\s+(?:essential|necessary|vital|required)\b", re.I)  # fmt: skip
OBLIGATION_BONUS = 0.1
# "What happens when there isn't a strong push?": the sentence about the case without it ("is not as strong").
_NEGATION = re.compile(r"\b(?:no|not|never|without|none|absence|lack\w*)\b|n['’]t\b", re.I)
_NAME_WORD = re.compile(r"[A-Z][\w'-]*")


def negates(text: str) -> bool:
    """A negation, not a word inside a name ("Cycling without Age": a capitalised word on either side)."""
    for match in _NEGATION.finditer(text):
        before, after = text[: match.start()].split()[-1:], text[match.end() :].split()[:1]
        if not (before and after and _NAME_WORD.match(before[0]) and _NAME_WORD.match(after[0])):
            return True
    return False


# "Was the money really needed?", "is a strong leader enough?", "what's still missing?": a yes-or-no question's
# predicate, answered by a sentence stating it in whichever word of English ("was necessary", "alone was not
# sufficient", "is still lacking"); the model, weighing the whole sentence, ranks those low.
_PREDICATES = tuple(
    re.compile(words, re.I)
    for words in (
        r"\b(?:enough|(?:in)?sufficient\w*|(?:in)?adequate\w*)\b",
        r"\b(?:needed|necessary|necessity|essential|indispensable|required|requisite|vital|crucial)\b",
        r"\b(?:missing|lack(?:s|ed|ing)?|absent|absence|gaps?)\b",
    )
)
PREDICATE_BONUS = 0.1
NEGATION_BONUS = 0.05  # a question asked in the negative: the sentence about the case without it
# "What was the overall drop in ...?", "Which website did they use?", "What percentage of ...?": one thing, named by a
# singular noun before the verb or what qualifies it; "what challenges were faced?" asks for several.
_VERB = (
    r"(?:was|were|is|are|did|do|does|has|have|had|came|comes?|got|gets?|went|go|goes|made|makes?|held|holds?"
    r"|led|leads?|kept|keeps?|took|takes?|gave|gives?|stood|ran|runs?|put|puts?|set|sets?|brought|brings?)"
)
_ONE_THING = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:what|which)\s+(?:(?:was|is)\s+(?:the|its|their)\s+)?"
    r"(?!(?:did|do|does|was|were|is|are|has|have|had|can|could|would|should|will|about|kinds?|sorts?|types?|part)\b)"
    rf"(?:(?!{_VERB}\b)[\w'-]+(?<![^s]s)\s+){{0,3}}?(?!{_VERB}\b)[\w'-]+(?<![^s]s)(?<!ed)"
    r"\s+(?:was|is|did|does|do|has|had|of|per|in|across|for|came|comes)\b",
    re.I,
)
REMEDY_BONUS = 0.2  # a remedy question's sentence that states a response beats one that only names the problem
# "how many were used?": no noun, the count of what the clause before it names ("Of the papers found, ...")
_HOW_MANY = re.compile(r"\bhow\s+(?:many|much)\s+(?:(?P<noun>(?:[\w-]+\s+){0,3}?[\w-]+)\s+)??(?:were|was|are|is|did|do|does"
                       r"|have|has|had|in|got|took|received|attended|\?)", re.I)  # fmt: skip


# "How far has it spread?", "how widely is it used?": an extent, told by figures ("across 65 local councils").
_EXTENT = re.compile(r"\bhow\s+(?:widely|wide|big|large)\b|\bhow\s+far\b.*\b(?:spread|reach|expand|grow|grew|scal)"
                     r"|\b(?:spread|expanded|scaled\s+up|grown|rolled\s+out)\b.*\bhow\s+far\b", re.I)  # fmt: skip


# "How far has it got?", "what stage is it at?": progress, told by a stage reached ("is at the stage of scaling up").
_ASKS_PROGRESS = re.compile(r"\bhow\s+far\s+(?:\w+\s+){0,6}?(?:got|gotten|come|progressed|along)\b|\bwhat\s+stage\b"
                            r"|\bhow\s+(?:is|are)\s+(?:\w+\s+){0,6}?(?:progressing|getting\s+on|coming\s+along)\b"
                            r"|\bwhere\s+(?:is|are)\s+(?:\w+\s+){0,6}?(?:now|up\s+to)\b", re.I)  # fmt: skip
_PROGRESS = re.compile(r"\b(?:stage|so\s+far|to\s+date|currently|progress\w*|scal\w+\s+up|mainstream\w*|completed"
                       r"|under\s+way|underway|ongoing|still)\b", re.I)  # fmt: skip


# "When": the question's own word unless another asks before it ("Who did they speak to when ...") or after the
# clause it opens ("When they went through it, which papers ..."); "what year", "when did" always ask when.
_WH = re.compile(r"\b(?:who|whom|whose|what|which|why|how|where)\b", re.I)
_WHAT_YEAR = re.compile(r"\bwhat\s+(?:year|date|month)\b|\bsince\s+when\b"
                        r"|\bwhen\s+(?:did|was|were|is|are|does|do|will|has|had|have)\b", re.I)  # fmt: skip


def asks_when(question: str) -> bool:
    if _WHAT_YEAR.search(question):
        return True
    match = re.search(r"\bwhen\b", question, re.I)
    if match is None or _WH.search(question[: match.start()]):
        return False
    after = question[match.end() :]
    comma = after.find(",")
    return comma < 0 or _WH.search(after[comma:]) is None


_ORDINALS = {w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}
_ORDINAL_NOUN = re.compile(
    r"\b(?P<n>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\s+(?P<noun>[a-z]{3,})\b", re.I
)
_NOUN_FIGURE = re.compile(r"\b(?P<noun>[a-z]{3,})\s+(?P<n>\d{1,2})\b(?![.,]\d|\s*%)", re.I)


def numbered(text: str) -> set[tuple[str, int]]:
    """The numbered things a text names, "cohort 2" and "the second cohort" alike: {("cohort", 2)}."""
    found = set()
    for match in (*_ORDINAL_NOUN.finditer(text), *_NOUN_FIGURE.finditer(text)):
        n, noun = match.group("n").lower(), match.group("noun").lower().removesuffix("s")
        if noun not in _ORDINALS and keyword_tokens(noun):
            found.add((noun, _ORDINALS.get(n) or int(n.rstrip("stndrh"))))
    return found


TYPO_LETTERS = 6  # a shorter word is a typo away from too many others to be put right
_SPELT = re.compile(rf"[A-Za-z]{{{TYPO_LETTERS},}}")


TYPO_LENGTH = 1  # a typo drops, adds or swaps a letter or two: "surgeries" is not "series" misspelt


def spelt_right(
    question: str, keywords: KeywordIndex, vocabulary: list[str], everyday: frozenset[str] = frozenset()
) -> str:
    """The question with each long word the corpus lacks put right by the corpus word it is a typo of.

    For composing the answer, not for retrieval: "What were the chalenges?" asks
    for challenges, and a misspelt cue word must not lose the question its sense.
    A word the model's vocabulary holds whole (`everyday`) or a stop word is spelt
    right already, though the corpus lacks it: "spread" is not "read" misspelt,
    nor "through" "thoughts".
    """

    def right(match: re.Match) -> str:
        word = match.group(0)
        tokens = keyword_tokens(word)
        if not tokens or keywords.known(tokens) or fold(word) in everyday:
            return word
        close = close_matches(fold(word), vocabulary, n=1, cutoff=TYPO_SIMILARITY)
        return close[0] if close and abs(len(close[0]) - len(word)) <= TYPO_LENGTH else word

    return _SPELT.sub(right, question)


def sense(text: str) -> int:
    """+1 for success, -1 for challenges, 0 for neither or both."""
    success, challenge = len(_SUCCESS.findall(text)), len(_CHALLENGE.findall(text))
    return (success > challenge) - (challenge > success)


_LEANS_ON_CONTEXT = re.compile(r"^(?:it|its|this|these|that|those|they|their|such|he|she|thus|therefore|hence"
                               r"|however|moreover|furthermore|also|as\s+a\s+result)\b", re.I)  # fmt: skip


def leans_on_context(sentence: str) -> bool:
    """A sentence that opens on what came before ("Thus, ...", "It involved ...")."""
    return _LEANS_ON_CONTEXT.match(sentence) is not None


# "The reason was that ...", "This was because ...": the reason for what the sentence before it says.
_EXPLAINS_PREVIOUS = re.compile(r"^(?:the\s+(?:main\s+|key\s+|primary\s+|only\s+)?reasons?\s+(?:for\s+(?:this|that)\s+|why\s+)?"
                                r"(?:was|were|is|are)|(?:this|that|it)\s+(?:was|is)\s+(?:\w+ly\s+)?(?:because|due\s+to))\b",
                                re.I)  # fmt: skip
# "For example, ...", "Secondly, ...": a sentence that goes on with what the one before it announced.
_GOES_ON = re.compile(r"^(?:for\s+(?:example|instance)|first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|finally"
                      r"|also|in\s+particular|in\s+addition|additionally|moreover|furthermore|another|other)\b",
                      re.I)  # fmt: skip


def explains_previous(sentence: str) -> bool:
    """A reason given for the sentence before it: without that sentence, it says why but not of what."""
    return _EXPLAINS_PREVIOUS.match(sentence) is not None


def goes_on(sentence: str) -> bool:
    """A sentence that gives an example or the next item of what the sentence before it announced."""
    return _GOES_ON.match(sentence) is not None


NUMBERED_BONUS = 0.1  # for the numbered thing asked about ("cohort 2"); taken off for another of its kind
SAYS_NOTHING_PENALTY = 0.5  # taken off a pointer, heading or cell: its row (see focus.py) may still answer
LEAD_IN_WORDS = 15  # a sentence shorter than this, ending in a full stop, leads in to the next one


ANNOUNCE_WORDS = 16  # an announcing sentence is short: a longer one says more than that things were found
# "Some factors were analysed as influencing this result.", "A number of lessons can be drawn from ...": that some
# things of a kind were found, made or faced, without saying which.
_ANNOUNCES = re.compile(
    r"^(?:[\w'-]+,?\s+){0,3}?(?:some|several|a\s+number\s+of|a\s+range\s+of|various|different|two|three|four|five"
    r"|six)\s+(?:[\w'-]+\s+){0,5}?(?:were|was|have|has|had|can|could|are|is)\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:identified|outlined|faced|developed|analysed|analyzed|drawn|established|highlighted|noted|found|reported"
    r"|described|emerged|made|considered)\b",
    re.I,
)


def announces(sentence: str) -> bool:
    """A short sentence that only says some things of a kind were found or made: what they are comes after it."""
    return len(sentence.split()) <= ANNOUNCE_WORDS and _ANNOUNCES.search(sentence) is not None


def leads_in(sentence: str) -> bool:
    """A short sentence ("Results for Cohort 2 were published."): the one after it says what it leads to.

    A table cell is short too, but ends without a full stop: the cell after it is another column.
    """
    return len(sentence.split()) < LEAD_IN_WORDS and sentence.rstrip()[-1:] in ".:!?"


POINTER_WORDS = 15  # a cross-reference in a longer sentence is an aside, not all it says


# "Figure 5 - Realist evaluation (adapted from ...)", "Table 6 – Reports and Papers screened": a caption names what
# a figure or table shows, and says nothing of it.
_CAPTION = re.compile(r"^(?:figure|fig\.|table|chart|graph|diagram|box|exhibit|map)\s+[\dA-Z][\d.]*\s*[-–—:.]", re.I)


def says_nothing_alone(sentence: str) -> bool:
    """A pointer sentence, a heading, a caption or a table cell: never an answer on its own."""
    words = len(sentence.split())
    return (
        words < MIN_WORDS
        or (words < POINTER_WORDS and _POINTER.search(sentence) is not None)
        or (words < POINTER_WORDS and _CAPTION.match(sentence) is not None)
    )


def _counted(sentence: str, nouns: set[str]) -> int:
    """How many of the question's nouns follow a number closely ("29 pilot local authority sites")."""
    return len(things_counted(sentence, nouns, lambda word, at: bool(_NUMBER.search(word)), reach=(1, COUNT_WINDOW)))


_CITATION = re.compile(r"\([^()]*\b(?:1[89]|20)\d\d[a-z]?\)")  # "(OECD, 2015)": a source, not a figure
PARTICULARS_BONUS = 0.1  # a sentence giving a figure, in a summary of a thing (Cues.particulars)


def gives_figure(sentence: str) -> bool:
    """Whether a sentence gives a figure (an amount, a share, a count, a date) beyond its sources' years."""
    return re.search(r"\d", _CITATION.sub("", sentence)) is not None


class Cues:
    """What a question's form asks of a sentence, as a bonus to add to its similarity."""

    def __init__(self, question: str, particulars: bool = False):
        self.question = question
        # A summary of a thing (a comparison's side, an overview): its sentences giving figures say most of it.
        self.particulars = particulars
        self.how_many = _HOW_MANY.search(question)
        self.noun_tokens = set(keyword_tokens(self.how_many.group("noun") or "")) if self.how_many else set()
        self.when = asks_when(question)
        self.how_long = re.search(r"\bhow\s+long\b", question, re.I) is not None
        self.who = _WHO.search(question) is not None
        self.why = re.search(r"\b(?:why|what\s+made|what\s+(?:led|helped|enabled))\b|\bhow\s+come\b", question, re.I)
        self.sense = sense(question)
        self.asks_finding = _ASKS_FINDING.search(question) is not None
        self.money = _MONEY.search(question) is not None
        self.remedy = _ASKS_REMEDY.search(question) is not None
        self.purpose = _ASKS_PURPOSE.search(question) is not None
        self.one_thing = _ONE_THING.search(question) is not None
        self.negated = negates(question)
        self.predicates = [words for words in _PREDICATES if words.search(question)]
        self.obligation = _ASKS_OBLIGATION.search(question) is not None
        self.extent = not self.how_many and _EXTENT.search(question) is not None
        self.progress = _ASKS_PROGRESS.search(question) is not None
        # The figures a question names ("cohort 2"): a sentence with another figure is about something else.
        self.figures = set(_FIGURE.findall(question))
        # "The second cohort": a sentence about another one ("Cohort 1") is about something else.
        self.numbered = numbered(question)

    def wants_reason(self, sentence: str) -> bool:
        """A why-question's sentence that gives no reason: the one after it may ("It was seen as ...")."""
        return bool(self.why) and _REASON.search(sentence) is None

    def gives_reason(self, sentence: str) -> bool:
        """A why-question's sentence that says it gives a reason ("because", "The reason was", "factors")."""
        return bool(self.why) and _REASON.search(sentence) is not None

    def asks_type(self) -> bool:
        """The question asks for a sentence of a type: a reason, a figure, a date, a span, a doer, money or a remedy."""
        return bool(
            self.why or self.how_many or self.extent or self.when or self.how_long or self.who or self.money
            or self.remedy
        )  # fmt: skip

    def gives_type(self, sentence: str) -> bool:
        """The sentence is of every type the question asks for (a why-question's: it gives a reason)."""
        return (
            (not self.why or _REASON.search(sentence) is not None)
            and (not (self.how_many or self.extent) or _NUMBER.search(sentence) is not None)
            and (not self.when or _YEAR.search(sentence) is not None)
            and (not self.how_long or _DURATION.search(sentence) is not None or _YEAR.search(sentence) is not None)
            and (not self.who or _AGENT.search(sentence) is not None)
            and (not self.money or _MONEY.search(sentence) is not None or _CURRENCY.search(sentence) is not None)
            and (not self.remedy or _REMEDY.search(sentence) is not None)
            # Not a type of its own: with another ("what has to happen with the money?"), a sentence of both.
            and (not self.obligation or _OBLIGATION.search(sentence) is not None)
        )

    def wants_type(self, sentence: str) -> bool:
        """A typed question's sentence that is not of its type: another close one, or one a little deeper, may be."""
        return self.asks_type() and not self.gives_type(sentence)

    def wants_finding(self, sentence: str) -> bool:
        """A question about what a study found, and a sentence that opens on saying the study was made
        (not in a clause of its own, "although the project was evaluated, ...", nor after its findings)."""
        if not self.asks_finding or _STUDY_MADE.search(sentence) is None:
            return False
        opening = _STUDY_MADE.split(sentence, maxsplit=1)[0]
        return "," not in opening and _ASKS_FINDING.search(opening) is None

    def counts(self, sentence: str) -> bool:
        """The sentence gives a number of what a how-many question asks about."""
        return bool(self.how_many) and _counted(sentence, self.noun_tokens) > 0

    def bonus(self, sentence: str, heading: str = "") -> float:
        """Added to the sentence's cosine; a sentence of the opposite sense is pushed far down."""
        score = 0.0
        counted = 0
        if self.how_many:
            if _NUMBER.search(sentence):
                counted = _counted(sentence, self.noun_tokens)
                score += 0.1 + 0.25 * min(2, counted)
            else:
                score -= 0.1
        if self.extent:
            score += 0.1 if _NUMBER.search(sentence) else -0.1
        if self.progress and _PROGRESS.search(sentence):
            score += 0.1
        if self.when and _YEAR.search(sentence):
            score += 0.15
        if self.why and _REASON.search(sentence):
            score += REASON_BONUS
        if self.how_long and (_DURATION.search(sentence) or _YEAR.search(sentence)):
            score += 0.15
        if self.who and _AGENT.search(sentence):
            score += 0.1
        if self.money and (_MONEY.search(sentence) or _CURRENCY.search(sentence)):
            score += 0.1
        if self.remedy and _REMEDY.search(sentence):
            score += REMEDY_BONUS
        if self.obligation and _OBLIGATION.search(sentence):
            score += OBLIGATION_BONUS
        if any(words.search(sentence) for words in self.predicates):
            score += PREDICATE_BONUS
        if self.negated and negates(sentence):
            score += NEGATION_BONUS
        if self.purpose and _PURPOSE.search(sentence):
            score += PURPOSE_BONUS
        if self.figures and self.figures <= set(_FIGURE.findall(sentence)):
            score += 0.1
        if self.numbered:
            held = numbered(sentence)
            nouns = {noun for noun, _ in self.numbered}
            if held & self.numbered:
                score += NUMBERED_BONUS
            elif any(noun in nouns for noun, _ in held):
                score -= NUMBERED_BONUS
        if self.sense:
            own = sense(sentence) or sense(heading)
            if own == -self.sense:
                score -= 0.4
            elif own == self.sense:
                score += 0.1
        if self.particulars and gives_figure(sentence):
            score += PARTICULARS_BONUS
        if says_nothing_alone(sentence) and not counted:  # a counted figure answers how many even in a cell
            score -= SAYS_NOTHING_PENALTY
        elif leans_on_context(sentence):  # "It involved...": less clear out of its paragraph
            score -= 0.05
        return score
