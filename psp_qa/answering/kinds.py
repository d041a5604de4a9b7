"""What kind of answer a question wants, read from its form alone.

factual (who, what, when, how many, why), definition ("what is X", "what does
X stand for"), overview ("summarise X", "key points about Y"), list ("which
case studies...", "who was interviewed") or comparison ("compare A and B").
Only the words of the question's form are used, never a report's names: the
report's structure decides the rest (see compose.py), for instance that a
question naming a section with subsections wants an overview.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from psp_qa.indexing.keywords import keyword_tokens

FACTUAL, DEFINITION, OVERVIEW, LIST, COMPARISON, THEME = (
    "factual", "definition", "overview", "list", "comparison", "theme"
)  # fmt: skip

_COMPARISON_FORMS = [
    re.compile(
        r"\bcompare\s+(?!with\b|to\b|against\b)(?P<a>.+?)\s+(?:and|with|to|against|versus|vs\.?)\s+(?P<b>.+)", re.I
    ),
    re.compile(
        r"\b(?:how|in what ways?)\s+(?:does|do|did|is|are|was|were)\s+(?P<a>.+?)\s+"
        r"(?:compare|differ|contrast|stack\s+up|measure\s+up)\s+(?:with|to|from|against)\s+(?P<b>.+)",
        re.I,
    ),  # fmt: skip
    re.compile(r"\bwhat\s+sets\s+(?P<a>.+?)\s+apart\s+from\s+(?P<b>.+)", re.I),
    re.compile(r"\bwhat\s+sets\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+apart\b", re.I),
    re.compile(
        r"\bhow\s+(?:do|did|does)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+(?:compare|differ|contrast)\b"
        r"(?:\s+(?:in|on|over|when\s+it\s+comes\s+to|in\s+terms\s+of)\s+(?P<after>[^?]+))?",
        re.I,
    ),
    re.compile(r"\bdifferences?\s+(?:between|of)\s+(?P<a>.+?)\s+and\s+(?P<b>.+)", re.I),
    re.compile(r"\bsimilarities\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)", re.I),
    re.compile(r"^(?:\w+\s+){0,3}?(?P<a>.+?)\s+(?:versus|vs\.?|compared\s+(?:with|to))\s+(?P<b>.+)", re.I),
    # "is A more mainstream than B?", "did A do better than B?": compared on what follows "more"
    re.compile(
        r"^\s*(?:and\s+|so\s+)?(?:is|are|was|were|did|does|do|has|have)\s+(?!there\b|it\b|this\b|that\b)(?P<a>.+?)\s+(?:\w+\s+)?"
        r"(?:more|less|better|worse)\s+(?:(?P<after>\w+(?:\s+\w+)?)\s+)?than\s+(?P<b>[^?]+)",
        re.I,
    ),
]
_ACRONYM_QUESTION = re.compile(
    r"\bwhat\s+(?:does|do|did)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?['\"‘“]?(?P<short>[A-Za-z][A-Za-z0-9&-]{1,9})"
    r"['\"’”]?\s+(?:stand\s+for|mean)\b",
    re.I,
)
_SPELLED = re.compile(r"\b(?:what\s+is|what's)\s+(?P<short>[A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*)\s+short\s+for\b")
_DEFINITION = re.compile(
    r"^\s*(?:[^,?]{1,30},\s*)?(?:so\s+|and\s+|ok,?\s+)?(?:what|who)(?:\s+(?:exactly\s+|actually\s+)?(?:is|was)|['’]?s)\s+"
    r"(?:exactly\s+|actually\s+)?(?!been\b|going\b|(?-i:[a-z]+ed)\b)(?P<subject>(?:a|an|the)?\s*[^,;?]{2,80}?)"
    r"(?:\s+(?:meant|supposed|intended)\s+to\s+be(?:\s+for)?)?\s*(?:,\s*(?!\s|and\b|regarding\b)[^,;?]{2,60})?\s*\??\s*$"
    r"|\bwhat\s+(?:do|does)\s+(?:they|the\s+report|the\s+authors|it)\s+mean\s+by\s+(?P<term>[^?]+)"
    r"|\b(?:define|definition\s+of|meaning\s+of)\s+(?P<defined>[^?]+)",
    re.I,
)
# A second question asked of the term ("what is realist evaluation and how did they use it here?") is no part of it.
_SECOND_QUESTION = re.compile(r"\s+and\s+(?:how|why|what|where|when|who|which|did|does|do|was|were)\b.*$", re.I)
_OVERVIEW = re.compile(
    r"\b(?:summari[sz]e|summary|overview|outline|key\s+points|main\s+points|key\s+findings|main\s+findings"
    r"|tell\s+me\s+(?:about|more)|describe|in\s+a\s+nutshell|walk\s+me\s+through|talk\s+me\s+through"
    r"|what\s+do\s+we\s+know\s+about"
    r"|what\s+is\s+known\s+about|explain|give\s+me\s+(?:a|an|the)\s+(?:\w+\s+){0,2}(?:picture|sense|rundown|background)"
    r"|rundown|big\s+picture|gist|sum\s+(?:\w+\s+)?up|(?:the|whole)\s+story\s+(?:of|with|behind|about)|all\s+about)\b"
    # How something went as a whole: "so overall, how did the pilots work out?"
    r"|^\s*(?:so\s+|and\s+)?overall\b"
    r"|\bhow\s+(?:did|has|have)\s+.+?\s+(?:work(?:ed)?|turn(?:ed)?|pan(?:ned)?)\s+out\b"
    # What the report puts forward: "what does the report suggest (for the future)?"
    r"|\bwhat\s+(?:does|do|did)\s+(?:the\s+)?(?:report|study|research|authors?|they)\s+(?:suggest|recommend|propose)",
    re.I,
)
_LIST = re.compile(
    # "For every pound spent, how much came back?" asks for a ratio, not for one answer per pound.
    r"^\s*(?:and\s+|so\s+)?(?:list|name|enumerate|for\s+each|for\s+every\b(?![^?]*,\s*how\s+(?:much|many)\b))\b"
    r"|(?:^|[,;]\s*|[.?!]\s+)(?:and\s+|so\s+)?(?:which|wich|whcih|whihc)\s+(?:other\s+)?(?:of\s+the\s+)?(?:\w+\s+){0,2}(?!(?:is|was|has|does)\b)\w+s\b"
    # "which of the partnerships is held up as ...", "... used the model best": one of them asked for, not a list
    r"(?!\s+(?:is|was|has|had)\b)(?![^?]*\bbest\b)(?![^?]*\bhow\s+many\b)"  # "which kids and how many ...?": a count
    # "who was interviewed (for the study)?", of no one part ("who was involved in the workshop?" asks of one)
    r"|\bwho\s+(?:else\s+)?(?:was|were)\s+(?:interviewed|consulted|involved|surveyed|spoken\s+to|talked\s+to)\b"
    r"(?!\s+(?:in|at|with|from)\s+(?:the|a|an)\s+(?!(?:report|study|research|review)\b)\w+)"
    # The same asked of the doers, of no one place: "who did the researchers interview?", "who did they talk to?"
    # ("who did they speak to at the Big Lottery Fund?" asks of one; "How did they collect it? Who did they talk
    # to?" asks how first).
    r"|^\s*(?:and\s+|so\s+)?who\s+(?:else\s+)?(?:did|do|does)\s+(?:\w+\s+){1,3}?(?:interview|consult|survey|speak\s+(?:to|with)|talk\s+(?:to|with)"
    r"|meet(?:\s+with)?)(?:\s+(?:for|in|during)\s+(?:the|this|their)\s+(?:report|study|research|review))?\s*[?.!]*\s*$"
    # "what examples from the Netherlands are there?", "are there any Dutch case studies?"
    r"|^\s*(?:and\s+|so\s+)?what\s+(?:other\s+)?(?:\w+\s+){0,4}?(?:case\s+stud(?:y|ies)|examples|projects)\b[^?]*"
    r"\b(?:are|were)\s+there\b"
    r"|^\s*(?:and\s+|so\s+)?(?:are|were)\s+there\s+(?:any\s+)?(?:other\s+)?(?:\w+\s+){0,2}?"
    r"(?:case\s+stud(?:y|ies)|examples|projects)\b"
    # "what kinds of evidence did they gather?" as the question's own form, not in a clause after it ("who
    # delivered it, and on what sort of contract?" asks who)
    r"|^\s*(?:and\s+|so\s+)?what\s+(?:kinds?|types?|sorts?)\s+of\b"
    r"|\bwhat\s+(?:are|were)\s+the\s+(?:(?!the\b)\w+\s+){0,3}(?:case\s+studies|examples|projects|partners|steps|stages)\b"
    r"|^\s*(?:and\s+|so\s+)?what\s+(?:other\s+)?(?:case\s+stud(?:y|ies)|examples|projects)\s+(?:are|were|is|did|do|does)\b"
    # "what Finnish projects are described?": the items of a group, named by what sets it apart
    r"|^\s*(?:and\s+|so\s+)?what\s+(?:\w+\s+){1,2}?(?:case\s+studies|examples|projects)\s+(?:are|were)\s+"
    r"(?:described|covered|included|mentioned|discussed|presented|there|given|used)\b",
    re.I,
)
# A list asked for by its count: "what were the six PSPs (and what was each about)?", "which two examples ...",
# "name the three ...": the count stands right after the question's form, before the plural noun of its items.
_COUNTED = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:(?:which|what)\s+(?:(?:are|were)\s+)?(?:the\s+)?|(?:list|name)\s+(?:the\s+)?)"
    # the count's plural noun, not one owning what is asked ("what were the two cohorts' reconviction rates?")
    r"(?:two|three|four|five|six|seven|eight|nine|ten|twelve|\d+)\s+(?:[\w-]+\s+){0,3}?[\w-]+[^sS\W']s\b(?!['’])",
    re.I,
)
# A clause setting something aside ("apart from the six partnerships themselves, who else did they interview?",
# "who else, besides the PSP staff, was interviewed?"): the question's form is read without it.
_ASIDE_CLAUSE = re.compile(
    r"(?:^|,|\s)\s*(?:apart\s+from|aside\s+from|besides|other\s+than|except(?:\s+for)?|excluding)\s+[^,?]+"
    r"(?:,\s*|(?=[?.!]|$))",
    re.I,
)
# A request put politely around a list question: "tell me which ...", "can you tell me what ...".
_ASKING_LEAD = re.compile(
    r"^\s*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:tell|show)\s+me\s+(?=(?:which|what|who)\b)", re.I
)
_OPENS_WITH_WHICH = re.compile(r"^\s*(?:and\s+|so\s+)?which\b", re.I)
# "Which of the partnerships managed to break down silos?": the one(s) that did a thing, as the sentence saying so
# names them, not the items of a collection ("which of the examples come from Finland?" lists them).
_ONE_OF_DID = re.compile(r"^\s*(?:and\s+|so\s+)?which\s+of\s+the\s+(?:[\w-]+\s+){0,2}?[\w-]+s\s+(?-i:[a-z]+ed)\b", re.I)


def _list_form(text: str) -> str:
    """The question as its list form reads: without a clause setting something aside or a polite lead-in."""
    return _ASKING_LEAD.sub("", _ASIDE_CLAUSE.sub(" ", text)).strip() or text


# "What's meant by X?", "what do they mean by X, going by the examples?": a definition, whatever follows the term.
_MEANT_BY = re.compile(
    r"\bwhat(?:\s+is|['’]?s)\s+(?:really\s+|actually\s+|exactly\s+)?meant\s+by\s+(?P<meant>[^,;?]+)"
    r"|\bwhat\s+(?:do|does|did)\s+(?:they|the\s+report|the\s+authors?|the\s+study|it|you)\s+"
    r"(?:really\s+|actually\s+|exactly\s+)?mean\s+by\s+(?P<mean>[^,;?]+)"
    r"|^\s*(?:(?:tell|show)\s+me\s+|so\s+)?what\s+(?:is|was|are|were)\s+(?P<about>[^,;?]+?)\s+(?:all\s+|really\s+)?about\s*[?.!]*\s*$"
    r"|^\s*(?:tell|show)\s+me\s+what\s+(?P<told>[^,;?]+?)\s+(?:is|was|are|were)\s+(?:all\s+|really\s+)?about\s*[?.!]*\s*$",
    re.I,
)
# What follows a term that only says where to look: "... in the examples they give", "... there".
_TERM_TAIL = re.compile(
    r"\s+(?:(?:in|from|across|throughout|going\s+by)\s+(?:the|this|these|its|their|all)\b.*|there|here)\s*$", re.I
)
# "... going by the examples it gives", "... in the case studies": what the term means where the examples use it.
_BY_EXAMPLES = re.compile(
    r"\b(?:in|from|across|going\s+by|judging\s+by|through)\s+(?:the|its|their|these|all\s+the)\s+(?:\w+\s+){0,2}?"
    r"(?:examples|case[\s-]+stud(?:y|ies)|cases)\b",
    re.I,
)
# "What is the aim of X?", "what was the overall drop in reconvictions across...": an attribute of X asked for,
# a fact the report states in a sentence, not what X is.
_ATTRIBUTE = re.compile(
    r"^(?:the|a|an)\s+(?:(?:main|overall|key|biggest|first|original|total)\s+)?"
    r"(?:risk|cost|budget|result|reduction|drop|increase|number|size|impact|outcome"
    r"|effect|benefit|challenge|problem|reason|cause|rate|value|amount|total|share|percentage)s?"
    r"(?:\s+[a-z][\w-]*)?\s+(?:of|in|for|across|from|behind|at|with)\s",
    re.I,
)
# A theme asked across the report: what it says about X, the role X played, X across the cases.
_THEME = re.compile(
    r"\bwhat\s+(?:does|do|did)\s+(?:the\s+)?(?:report|study|research|authors?|they|it)\s+(?:say|said|tell\s+us|find)"
    r"\s+(?:about|on|regarding)\b"
    r"|\bwhat\s+(?:role|part)\s+(?:does|do|did|has|have)\b|\bacross\s+(?:all\s+)?the\s+(?:\w+\s+){0,3}\w+s\b"
    r"|\bwhere\s+(?:do|does|did)\s+.+?\s+(?:come\s+in(?:to)?|turn\s+up|crop\s+up|come\s+up|feature)\b|\bin\s+which\s+(?:of\s+the\s+)?(?:\w+\s+){0,2}\w+s\b"
    r"|\b(?:does|do|did)\s+(?:the\s+)?(?:report|study|research|authors?|they|it)\s+(?:talk|speak|say\s+anything)"
    r"\s+(?:about|on|of)\b"
    r"|\bwhat\s+comes\s+up\b"
    # "the challenges that come up across the report", "does it come up much that...", "a big thing in the report?"
    r"|\b(?:come|comes|came|crop|crops)\s+up\b[^?]*?\b(?:across|throughout|again|much|often|in\s+the\s+report)\b"
    r"|\b(?:does|do|did)\s+(?:it|this|that)\s+(?:come|crop)\s+up\b"
    r"|\b(?:across|throughout)\s+the\s+(?:whole\s+)?(?:report|document|study)\b"
    r"|\b(?:a|an)\s+(?:big|major|recurring|common|central)\s+(?:thing|theme|issue|topic)\b"
    r"|\bhow\s+much\s+(?:does|do|did)\s+.+?\s+matter\b",
    re.I,
)
# Where in the document something is dealt with ("which parts of the report deal with prisons?", "where in the
# report are older people discussed?"): a theme, wherever the report speaks of its subject, not a list of parts.
_PARTS_ABOUT = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:which|what)\s+(?:parts?|sections?|chapters?|bits|places|pages)\s+"
    r"(?:of\s+(?:the|this)\s+(?:report|document|study)\s+)?(?:\w+\s+){0,2}?"
    r"(?:deal|discuss|cover|talk|mention|touch|address|focus|refer|relate|concern|look)\w*\s+"
    r"(?:(?:with|about|on|at|to|upon)\s+)?(?P<subject>[^?]+)"
    r"|^\s*(?:and\s+|so\s+)?where\s+(?:in\s+(?:the|this)\s+(?:report|document|study)\s+)(?:is|are|does|do)\s+"
    r"(?:it\s+(?:\w+\s+)?(?:about|on)\s+)?(?P<where>[^?]+?)\s+(?:discussed|mentioned|covered|dealt\s+with|described|talked\s+about)",
    re.I,
)
# A comparison of the two senses: what worked against what did not.
_BOTH_SENSES = re.compile(
    r"\b(?:strengths\s+and\s+weaknesses|pros\s+and\s+cons|successes\s+and\s+(?:failures|challenges|problems)"
    r"|(?:benefits|advantages)\s+and\s+(?:drawbacks|disadvantages|challenges|problems))\b"
    r"|\bworked(?:\s+well)?\b.*\bwhat\s+(?:didn[’']?t|did\s+not|failed|went\s+wrong)",
    re.I,
)
# The members of one group compared with each other, no other side named: "how do the two Dutch examples compare?"
_AMONG = re.compile(
    r"\bhow\s+(?:do|did|does)\s+(?P<members>(?:the|these|those|its|their)\s+(?:two|three|four|both)?\s*[^?,]+?)\s+"
    r"(?:compare|differ|contrast)\s*(?:with\s+(?:each\s+other|one\s+another)\s*)?[?.!]*\s*$",
    re.I,
)
# A question about the document itself: an overview of its top-level sections.
_WHOLE = re.compile(
    r"\bwhat\s+(?:is|'s)\s+(?:the|this)\s+(?:whole\s+)?(?:report|document|study|paper)\s+(?:about|for)\b"
    r"|\b(?:summari[sz]e|(?:an\s+)?overview\s+of|outline|walk\s+me\s+through)\s+(?:the|this)\s+(?:whole\s+)?"
    r"(?:report|document|study|paper)\s*[?.!]*\s*$",
    re.I,
)
# A question about a whole collection ("who paid for the case-study projects?"): one answer per member.
_OVER_ITEMS = re.compile(
    r"\b(?:the|these|all|each|every)\s+(?:\w+[\s-]+){0,3}?(?:case[\s-]+stud(?:y|ies)|examples|projects|cases)\b"
    r"(?:\s+(?:that\s+)?(?:they|it|the\s+report|the\s+authors)\s+(?:give|gives|describe|describes|use|uses|cite|cites))?",
    re.I,
)
_GENERALLY = re.compile(r"\b(?:usually|generally|typically|commonly|in\s+general|as\s+a\s+rule|tend\s+to)\b", re.I)
# A question answered yes or no, after any clause saying where to look ("In the pilots, did they keep going?").
_YES_NO = re.compile(
    r"^\s*(?:[^,?]{1,60},\s*)?(?:and\s+|so\s+)?(?:did|does|do|is|are|was|were|has|have|had|can|could|will|would)\s",
    re.I,
)


def asks_yes_or_no(question: str) -> bool:
    """Whether the question is answered yes or no ("did the money matter?", "was it needed?")."""
    return _YES_NO.search(question) is not None


# A subject that is a clause, not a term: a doing ("designing the services") or a predicate left hanging on its
# preposition ("the scheme meant for"): what was asked is a fact about it, not what it is.
# "what's still missing between A and B?", "what is now needed?": an adverb opens a predicate, not a term.
_CLAUSE_SUBJECT = re.compile(r"^(?:still|now|currently|already|yet|really|then|also|left)\b|^(?-i:[a-z]+ing)\s"
                             r"|\s(?:for|at|to|with|by|from|on)$", re.I)  # fmt: skip
# A factual question's own form: a number, a date, a reason or a person wanted.
# A clause saying where to look may come first ("Of the papers found under X, how many were used?"); one asking for
# each ("For each keyword, how many ...") asks for a list.
_FACTUAL_FORM = re.compile(
    r"^\s*(?:(?!for\s+each\b)[^,?]{1,60},\s*)?(?:and\s+|so\s+)?(?:how\s+(?:many|much|long|often)|when|why|what\s+year)\b",
    re.I,
)


# A factual form that asks for several things: a process, a set of findings or of challenges, a theme.
_SEVERAL = re.compile(
    r"^\s*(?:and\s+|so\s+)?how\s+(?:did|do|does|was|were|is|are|have|has)\b"
    r"|\b(?:challenges|problems|barriers|difficulties|obstacles|lessons|findings|results|outcomes|factors|ways"
    r"|benefits|achievements|issues|strengths|weaknesses|recommendations|considerations)\b"
    r"|\b(?:got|get|gets|getting)\s+in\s+(?:\S+\s+){0,4}?way|\bheld\s+(?:\w+\s+){0,2}back|\bachiev\w*"
    r"|\bin\s+short\b|\w,?\s+and\s+(?:what|how|who|why|where)\b"  # a summary, or a second question
    r"|\b(?:show|showed|find|found)\b|\bacross\b",
    re.I,
)


# The words of a kind's form, beside what it asks about ("give me an overview of the case studies").
_FORM_WORDS = {
    OVERVIEW: "summarise summary overview outline key main points findings tell describe nutshell walk talk "
    "know known explain give picture sense rundown background brief briefly quick gist sum story whole",
}


@cache
def form_words(kind: str) -> frozenset[str]:
    return frozenset(keyword_tokens(_FORM_WORDS.get(kind, "")))


_HOW_FORM = re.compile(r"^\s*(?:and\s+|so\s+)?how\s+(?:did|do|does|was|were|is|are|have|has)\b", re.I)


def asks_for_several(question: str) -> bool:
    return _SEVERAL.search(question) is not None


def asks_one_way(question: str) -> bool:
    """ "How did they check their findings with the people who took part?": a how-question asking the one way
    something was done, with nothing else in it asking for several things (no "challenges", no second question)."""
    return _HOW_FORM.search(question) is not None and not asks_for_several(_HOW_FORM.sub("", question))


@dataclass(frozen=True)
class Kind:
    name: str
    sides: tuple[str, ...] = ()  # comparison: the two things compared
    subject: str = ""  # definition: the term defined (for an acronym, the short form); theme: what it is about
    acronym: bool = False
    # theme: asked of a whole collection ("what did the case studies achieve?"); definition: as its examples
    # use the term ("what do they mean by X, going by the examples?")
    collection: bool = False
    whole: bool = False  # overview: of the whole document ("what is the report about?")
    senses: bool = False  # comparison: of what worked with what did not, rather than of two things
    among: bool = False  # comparison: of the items of one collection with each other ("the two Dutch examples")
    aspect: str = ""  # comparison: what the sides are compared on ("... when it comes to mainstreaming")


# A side that is only a reference to what the conversation is about ("how does that compare with...").
_PRONOUN_SIDE = re.compile(r"^(?:that|this|it|they|them|these|those|this\s+one|that\s+one)$", re.I)
# The other side is the first one's own members: "how do the two Dutch examples differ from each other?"
_EACH_OTHER = re.compile(r"^(?:each\s+other|one\s+another)$", re.I)


def points_back(kind: Kind) -> bool:
    """A comparison with a side that only points back to the conversation ("how does that compare with X?")."""
    return kind.name == COMPARISON and any(_PRONOUN_SIDE.match(s) for s in kind.sides)


def with_conversation_topic(kind: Kind, topic: str) -> Kind:
    """A comparison side that only points back ("that") stands for the conversation's topic, when there is one."""
    if not topic or not points_back(kind):
        return kind
    return replace(kind, sides=tuple(topic if _PRONOUN_SIDE.match(s) else s for s in kind.sides))


# What a comparison's last side is followed by: what both are compared on, not a part of the side.
_ASPECT = re.compile(
    r"\s*,?\s+(?:when\s+it\s+comes\s+to|in\s+terms\s+of|with\s+regard\s+to|as\s+(?:an?\s+)?(?:ways?|means|models?)\s+(?:of|to|for)"
    r"|in\s+(?:how|the\s+way)|in(?=\s+\w+ing\b))\s+(?P<aspect>.+)$",
    re.I,
)
# "the two Finnish examples, Village Sports and ...": a lead-in naming the collection, not a side of its own.
_COLLECTION_LEAD = re.compile(
    r"\b(?:two|three|four|both)\b|\b(?:examples|case\s+studies|projects|cases|ones)\s*$", re.I
)
LISTED_WORDS = 5  # a listed side is a name, a few words long; a longer part is a clause of the question
# The first of three or more sides may carry what they are compared on: "the evaluations of the POPP, ...".
_LISTED_ASPECT = re.compile(r"^(?:the\s+)?(?P<aspect>\w+)\s+of\s+(?:the\s+)?(?=\S)", re.I)


def _sides(a: str, b: str) -> tuple[tuple[str, ...], str]:
    """The sides of "A, B and C" (a lead-in naming their collection left out), and what they are compared on."""
    aspect = ""
    found = _ASPECT.search(b)
    if found:
        aspect, b = found.group("aspect").strip(" ?.!"), b[: found.start()]
    parts = [p.strip() for p in a.strip(" ?.!").split(",") if p.strip()]
    if len(parts) >= 2 and not _COLLECTION_LEAD.search(parts[0]) and all(len(p.split()) <= LISTED_WORDS for p in parts):
        listed = _LISTED_ASPECT.match(parts[0])
        if listed and not aspect:
            aspect, parts[0] = listed.group("aspect"), parts[0][listed.end() :]
        return (*(_side(p) for p in parts), _side(b)), aspect
    return (_side(a), _side(b)), aspect


def _side(text: str) -> str:
    """A comparison side without its lead-in ("the two Finnish examples, Village Sports" -> "Village Sports")."""
    text = re.split(r"\s[-–—]\s", text.strip(" ?.!"))[0]  # "B - how do those two differ?"
    text = text.split(",")[-1].strip()
    return re.sub(r"^(?:the\s+)?(?:ones?\s+in\s+|one\s+in\s+)", "", text, flags=re.I).strip() or text


# What a theme or a list of items with a property is about, once the question's form is taken away.
_BIG = r"(?:a|an)\s+(?:big|major|recurring|common|central)\s+(?:thing|theme|issue|topic)\b"
_THEME_FORM = [
    # "Does it come up much that X?", "Is X a big thing in the report?", "What are the common X that come up?"
    re.compile(
        r"^\s*(?:does|do|did)\s+(?:it|this|that)\s+(?:come|crop)\s+up\s+(?:\w+\s+){0,2}?(?:that|about|on)\s+", re.I
    ),
    re.compile(rf"^\s*(?:is|are|was|were)\s+(?=.+?\s{_BIG})", re.I),
    re.compile(rf"\s+{_BIG}.*$", re.I),
    re.compile(r"\s+(?:that|which)\s+(?:come|comes|came|crop|crops)\s+up\b.*$", re.I),
    re.compile(r"^\s*what\s+(?:are|were)\s+(?:the\s+)?(?:(?:common|main|key|recurring)\s+)?(?=\w+s\b)", re.I),
    # "what does the report say (across the case studies) about X": what it says is about X.
    re.compile(r"^.*?\b(?:say|said|tell\s+us|find)\s+(?:[^?]{0,60}?\s)?(?:about|on|regarding)\s+", re.I),
    # "Across the examples, who holds ...?", "Looking at the Italian examples, how far ...": where to look.
    re.compile(r"^\s*(?:and\s+|so\s+)?(?:across|looking\s+at|thinking\s+(?:about|of)|going\s+by)\s+[^,?]+,\s*", re.I),
    re.compile(
        r"^\s*how\s+far\s+(?:has|have|had|did|does|do|is|are)\s+(?:each(?:\s+one)?|they|it|these|those)\s+", re.I
    ),
    re.compile(r"^\s*(?:and\s+|so\s+)?what\s+comes?\s+up\s+(?:[^?]{0,30}?\s)?(?:about|on|regarding)\s+", re.I),
    re.compile(r"^\s*(?:and\s+|so\s+)?what\s+(?:role|part)\s+(?:does|do|did|has|have)\s+", re.I),
    re.compile(r"\s+(?:play|played|plays)\b.*$", re.I),
    re.compile(r"^\s*the\s+(?:role|part)\s+(?:that\s+|which\s+)?", re.I),  # "... about the part that laws play"
    re.compile(r",?\s*\bacross\b.*$", re.I),
    re.compile(r"^\s*(?:and\s+|so\s+)?where\s+(?:do|does|did)\s+", re.I),
    re.compile(r"\s+(?:come\s+in(?:to)?|turn\s+up|crop\s+up|come\s+up|feature)\b.*$", re.I),
    re.compile(r"^\s*(?:and\s+|so\s+)?(?:how|in\s+what\s+ways?)\s+(?:is|are|was|were|do|does|did)\s+", re.I),
    re.compile(r"^.*?\b(?:talk|speak|say\s+anything)\s+(?:about|on|of)\s+", re.I),
    re.compile(r"^.*?\bmean\s+by\s+", re.I),
    re.compile(r"\s+(?:in|of|from|across|among|for)\s*[?.!]*\s*$", re.I),  # left dangling by a collection's name
    re.compile(r"^\s*(?:and\s+|so\s+)?how\s+much\s+(?:does|do|did)\s+|\s+matters?\b.*$", re.I),
    # "How important was funding across the examples?": how much it mattered is what the theme's places tell.
    re.compile(r"^\s*(?:and\s+|so\s+)?how\s+(?:important|big|central|significant)\s+(?:is|are|was|were)\s+", re.I),
    re.compile(r"\s*[-–—:]*\s*(?:what|that)\s+comes?\s+up\b.*$", re.I),
]


def theme_subject(question: str) -> str:
    """ "What does the report say about leadership, across the PSPs?" -> "leadership"."""
    subject = question.strip()
    for form in _THEME_FORM:
        subject = form.sub("", subject)
    subject = subject.strip(" ?.!,;:-–—")
    return subject if len(subject.split()) >= 1 and len(subject) >= 3 else question


# The words the question forms below turn on, so that a typo in one ("whats the differnce between A and B?")
# does not cost the question its kind: English question words, not the corpus's.
_SPELT_FORM_WORDS = ("difference", "differences", "different", "differ", "compare", "compared", "comparison", "contrast",
               "versus", "similar", "similarities", "summarise", "summarize", "summary", "overview", "outline",
               "describe", "described", "explain", "examples", "meaning", "stand", "define", "definition")  # fmt: skip
_LONG_WORD = re.compile(r"[A-Za-z]{6,}")


def form_words_spelt(question: str, known: Callable[[str], bool]) -> str:
    """The question with a misspelt form word put right: a word of six letters or more that is no word `known`
    (to the model's vocabulary or the corpus) and starts as a form word does, at least 0.85 like it
    ("differnce", "summarsie", "comparision"; not "contract", a word of its own)."""

    def right(match: re.Match) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in _SPELT_FORM_WORDS or known(lower):
            return word
        close = difflib.get_close_matches(lower, [w for w in _SPELT_FORM_WORDS if w[0] == lower[0]], n=1, cutoff=0.85)
        return close[0] if close else word

    return _LONG_WORD.sub(right, question)


def question_kind(question: str) -> Kind:
    text = question.strip()
    acronym = _ACRONYM_QUESTION.search(text) or _SPELLED.search(text)
    if acronym and sum(c.isupper() for c in acronym.group("short")) >= 2:
        return Kind(DEFINITION, subject=acronym.group("short"), acronym=True)
    if _WHOLE.search(text):
        return Kind(OVERVIEW, whole=True)
    if _BOTH_SENSES.search(text):
        return Kind(COMPARISON, senses=True)
    for form in _COMPARISON_FORMS:
        match = form.search(text)
        if match:
            sides, aspect = _sides(match.group("a"), match.group("b"))
            after = match.groupdict().get("after")  # "how did A and B differ in how they started?"
            aspect = aspect or (after or "").strip(" ?.!")
            a, b = sides[0], sides[-1]
            if a and _EACH_OTHER.match(b):
                return Kind(COMPARISON, sides=(a,), among=True, aspect=aspect)
            if all(sides) and len({s.lower() for s in sides}) == len(sides):
                return Kind(COMPARISON, sides=sides, aspect=aspect)
    among = _AMONG.search(text)
    if among:  # "how do the two Utrecht examples compare?": its members, each as one side
        return Kind(COMPARISON, sides=(among.group("members"),), among=True)
    if _COUNTED.search(text):
        return Kind(LIST)
    listed = _LIST.search(_list_form(text)) is not None and not _ONE_OF_DID.search(text)
    text = _list_form(text) if listed else text
    meant = _MEANT_BY.search(text)
    if meant:
        term = _TERM_TAIL.sub("", next(t for t in meant.groups() if t)).strip(" ?.'\"‘’“”")
        if term:
            return Kind(DEFINITION, subject=term, collection=_BY_EXAMPLES.search(text) is not None)
    parts = _PARTS_ABOUT.search(text)
    if parts:
        return Kind(THEME, subject=(parts.group("subject") or parts.group("where")).strip(" ?.!"))
    if _THEME.search(text):
        return Kind(THEME, subject=theme_subject(text))
    if _FACTUAL_FORM.search(text):
        return Kind(FACTUAL)
    if listed and _OPENS_WITH_WHICH.search(text):  # "which Finnish examples does the report describe?"
        return Kind(LIST)
    if _OVERVIEW.search(text):
        return Kind(OVERVIEW)
    if listed:
        return Kind(LIST)
    # "did the projects keep going?" asks one fact; "what usually has to change, going by the examples?" asks
    # what the report finds of them all, in the sentence that generalises
    if _OVER_ITEMS.search(text) and not _YES_NO.search(text) and not _GENERALLY.search(text):
        return Kind(THEME, subject=theme_subject(_OVER_ITEMS.sub(" ", text)), collection=True)
    definition = _DEFINITION.search(text)
    if definition:
        found = (definition.group(g) for g in ("subject", "term", "defined"))
        subject = _SECOND_QUESTION.sub("", next((f for f in found if f), "")).strip(" ?.'\"‘’“”")
        if _ATTRIBUTE.match(subject) or re.match(r"(?:in|on|at)\s", subject):  # "who was in charge of ..."
            return Kind(FACTUAL)
        if _CLAUSE_SUBJECT.search(subject):  # "who is designing the services?", "who was the scheme meant for?"
            return Kind(FACTUAL)
        return Kind(DEFINITION, subject=subject)
    return Kind(FACTUAL)
