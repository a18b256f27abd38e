"""Reading a question: what kind of answer it wants, what specific things it names, and whether time matters.

Pure text processing over the question alone (the corpus's term statistics come in through `Query` and idf).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.countries import countries_in
from index.errors import QuestionError
from index.text import AUXILIARIES, STOPWORDS, normalise, raw_tokens, terms

_WS = re.compile(r"\s+")

# The answer type a question asks for: one table of cues, read top to bottom; the first cue that matches decides.
# Quantities (a number with a unit) come before counts, counts before dates ("how many days until …" is a count).
ANSWER_TYPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("contact", r"\b(?:e-?mail|website|web ?site|web ?page|url|phone|telephone|fax|portal|upload|link)\b"),
        ("money", r"\b(?:cost|costs|price|budget|funding|fund|pay|pays|paid|expensive|money|spend|spent|fee)\b"),
        ("mass", r"\bhow heavy\b|\b(?:mass|weigh\w*|kg|kilograms?|tonnes?)\b"),
        ("power", r"\b(?:power|watts?|energy|electricity)\b"),
        ("data", r"\b(?:data|bandwidth|megabytes?|gigabytes?|downlink)\b"),
        (
            "length",
            r"\bhow (?:far|big|large|tall|wide|high|deep|long is|long was)\b|\b(?:distance|diameter|altitude|size"
            r"|dimensions?|length|width|height|km|kilomet\w+)\b",
        ),
        ("quantity", r"\bhow much\b|\b(?:speed|capacity|volume|temperature|limit)\b"),
        ("number", r"\bhow many\b|\bnumber of\b|\bcount of\b"),
        (
            "date",
            r"\bwhen\b|\b(?:what|which) (?:date|day|year|month|time)\b|\bdeadlines?\b|\bdue\b|\bby when\b"
            r"|\bhow long (?:do|does|did|have|has|until)\b|\bdate\b|\bwhat year\b",
        ),
        ("duration", r"\bhow long\b|\bduration\b|\blifetime\b"),
        (
            "place",
            r"\bwhere\b|\b(?:which|what) (?:site|crater|region|location|place|city|area|pole|launch site)\b"
            r"|\blanding (?:site|spot|area)\b|\blocation\b",
        ),
        (
            "organisation",
            r"\b(?:which|what) (?:agency|agencies|organi[sz]ations?|institutions?|company|companies"
            r"|body|bodies|university|universities|center|centre)\b",
        ),
        ("countries", r"\b(?:which|what) (?:other )?(?:countries|nations)\b|\bcountries\b.*\bjoin"),
        ("country", r"\b(?:which|what) (?:country|nation)\b"),
        (
            "list",
            r"\b(?:which|what) (?:countries|nations|states|members|partners|instruments|payloads|missions"
            r"|organi[sz]ations|agencies)\b|\blist\b|\bname (?:the|all)\b|\bwho (?:are|were) the\b",
        ),
        (
            "person",
            r"\bwho (?:is|was|are|were|will be) (?:the |a |an )?(?:[a-z]+ )?(?:head|leader|director|chief|manager"
            r"|president|administrator|minister|spokes\w*|founder|commander|principal|chair\w*|secretary)\b"
            r"|\bwho (?:heads|leads|led|directs|manages|runs|chairs|founded)\b|\bpoint of contact\b"
            r"|\bcontact person\b|\bwhich (?:person|official|scientist|engineer)\b|\bname of the\b",
        ),
        ("agent", r"\bwho\b|\bwhom\b|\bwhose\b|\bcontact\b"),
        ("yesno", r"^(?:is|are|was|were|does|do|did|has|have|can|could|will|would|should)\b"),
    )
)
ANSWER_TYPES = (*(name for name, _ in ANSWER_TYPE_CUES), "any")

# Questions whose true answer changes over time: the newest source should lead.
_TEMPORAL = re.compile(
    r"\b(?:latest|now|currently|current|today|so far|as of|most recent|recently|newest|still|at present|to date"
    r"|at the moment|these days|nowadays|how many|who)\b"
)
_METADATA_FIELDS = (
    ("author", re.compile(r"\bwho\s+(?:wrote|writes|authored|penned)\b|\bauthor|\bwritten by\b|\bwriter\b|\bbyline\b")),
    ("title", re.compile(r"\b(?:title|headline)\b|\bwhat is the (?:article|document|story|piece) (?:called|named)\b")),
)
_NEXT_DEADLINE = re.compile(
    r"\b(?:next|upcoming|coming|soonest|nearest|remaining|open)\s+(?:deadlines?|dates?|milestones?)\b"
    r"|\bdeadlines?\s+(?:coming up|left|ahead|remaining)\b"
    r"|\bwhat(?:'s| is| are)? the deadlines\b|\blist (?:the |all )?deadlines\b",
    re.IGNORECASE,
)
# An instruction to the bot in front of the question ("Ignore previous instructions and …"): not what is asked.
_PREAMBLE = re.compile(
    r"^\s*(?:please\s+)?(?:ignore|disregard|forget|override)\b[^.?!:;]*?\b(?:instructions?|rules?|prompts?|context"
    r"|guidelines?|everything|above)\b\s*(?:and|then|,|\.|:|;|-)*\s*",
    re.IGNORECASE,
)
# Words that address the bot rather than ask about the documents ("you are now in developer mode", "answer in
# French", "reveal your system prompt").
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|pretend|instructions?|rules|prompt|developer mode|jailbreak"
    r"|you are now|act as|answer (?:in|as|only)|respond (?:in|as|only)|just say|say (?:yes|no)|reveal)\b",
    re.IGNORECASE,
)
_SEGMENT = re.compile(r"[^.!?:;]+[.!?:;]*")
_MID_CAPITAL = re.compile(r"(?<!^)(?<![.!?:]\s)\b[A-Z][\w’'-]*")
_DESIGNATION = re.compile(r"^[a-z]{2,}\d+$")


@dataclass(frozen=True)
class QuestionInfo:
    """What answering needs to know about a question, before looking at any passage."""

    text: str  # the question as read: preamble removed, ALL CAPS lowered
    answer_type: str  # one of ANSWER_TYPES
    temporal: bool  # the answer may change over time: prefer the newest source
    names: tuple[str, ...]  # specific things the question names, as stemmed terms (designations, names, numbers)
    focus: str | None  # the noun the question asks for ("what rocket" → rocket), stemmed
    countries: tuple[str, ...]  # countries the question names, as written
    several: bool = False  # it asks for several things ("which stations", "list the prizes", "what are the steps")


def clean_question(question: str, max_chars: int) -> str:
    text = _WS.sub(" ", question or "").strip()
    if not text or not re.search(r"\w", text):
        raise QuestionError("Please ask a question: it was empty.")
    if len(text) > max_chars:
        raise QuestionError(f"That question is {len(text)} characters long; please keep it under {max_chars}.")
    return text


def readable(question: str) -> str:
    """The question without an instruction preamble, and in lower case when typed in capitals."""
    text = normalise(question)
    segments = _SEGMENT.findall(text)
    while len(segments) > 1 and (_INSTRUCTION.search(segments[0]) or len(segments[0].split()) <= 1):
        segments.pop(0)
    stripped = _PREAMBLE.sub("", "".join(segments))
    if re.search(r"\w", stripped):
        text = stripped
    return (text.lower() if shouted(text) else text).strip()


def shouted(text: str) -> bool:
    """Typed in capitals: its case says nothing about names."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def answer_type(question: str) -> str:
    q = normalise(question).lower().strip()
    for name, cue in ANSWER_TYPE_CUES:
        if cue.search(q):
            return name
    return "any"


def metadata_field(question: str) -> str | None:
    """Which front-matter field a question asks about: "author", "title", or None."""
    q = normalise(question).lower()
    return next((name for name, cue in _METADATA_FIELDS if cue.search(q)), None)


def asks_for_deadlines(question: str) -> bool:
    """ "What's the next deadline?", "upcoming deadlines": answered from the extracted deadline records."""
    return bool(_NEXT_DEADLINE.search(normalise(question)))


def named_terms(question: str) -> tuple[str, ...]:
    """Stemmed terms of the specific things a question names: designations ("Chang'e-7" → change7), numbers,
    capitalised names mid-sentence, countries. Generic words are left to the corpus's idf."""
    found: list[str] = []
    for term in terms(question):
        if _DESIGNATION.match(term) or term.isdigit():
            found.append(term)
    for match in _MID_CAPITAL.finditer(question):
        found.extend(terms(match.group(0)))
    for country in countries_in(question):
        found.extend(terms(country))
    # "Chang'e-8" is the designation change8, not the words "chang" and "8" on their own.
    designations = [t for t in found if _DESIGNATION.match(t)]
    parts = {p for d in designations for p in (d.rstrip("0123456789"), d[len(d.rstrip("0123456789")) :])}
    parts |= {p for d in designations for p in terms(d.rstrip("0123456789"))}
    return tuple(t for t in dict.fromkeys(found) if t in designations or t not in parts)


def read_question(question: str, corrected: str | None = None) -> QuestionInfo:
    """`corrected`: the readable question with its typos corrected, when the corpus's vocabulary has been consulted."""
    text = corrected or readable(question)
    # Questions are often typed in lower case (or in capitals): a country is recognised however it is typed.
    countries = countries_in(text) | countries_in(text.title())
    return QuestionInfo(
        text=text,
        answer_type=answer_type(text),
        temporal=bool(_TEMPORAL.search(text.lower())),
        names=tuple(dict.fromkeys([*named_terms(text), *(t for c in countries for t in terms(c))])),
        countries=tuple(sorted(countries)),
        focus=focus_term(text),
        several=asks_for_several(text),
    )


# "list the prizes", "name all partners", "what are the steps", "who were the members", "what does the fee include"
_SEVERAL = re.compile(
    r"\blist\b|\bname (?:the|all|some|every)\b|\b(?:what|which|who) (?:are|were) (?:the|all|its|their|some)\b"
    r"|\binclude[sd]?\b|\bconsists? of\b|\bmake up\b|\bmade up of\b|\bkinds? of\b|\btypes? of\b"
)
# What may follow a plural noun that is not the first word after "which": "which ground stations are …"; a verb
# follows a singular noun ("which station tracks Queqiao-2").
_AFTER_NOUN = AUXILIARIES | frozenset("in on of for at from to with by that which who".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten other new".split())
_NOT_PLURAL = ("ss", "us", "is", "ous")


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL) and word not in AUXILIARIES


def asks_for_several(question: str) -> bool:
    """The question asks for several things: a plural noun after "which"/"what" ("which ground stations", "what
    sensors does it have"), or a phrase that asks for a list, its members or its contents."""
    q = normalise(question).lower()
    if _SEVERAL.search(q):
        return True
    words = [*re.findall(r"[a-z0-9'-]+", q), ""]
    for i, word in enumerate(words):
        if word not in ("which", "what"):
            continue
        rest = [w for w in words[i + 1 : i + 5] if w not in _NUMBER_WORDS and not w.isdigit()]
        if rest and _plural(rest[0]):
            return True
        if len(rest) > 2 and rest[0] not in AUXILIARIES | STOPWORDS and _plural(rest[1]) and rest[2] in _AFTER_NOUN:
            return True
    return False


_FOCUS_PATTERNS = (
    re.compile(r"^(?:what|which)\s+(?:[a-z]+\s+)?([a-z]+)\s+(?:is|are|was|were|will|does|do|did|has|have|can)\b"),
    re.compile(r"^(?:what|which)\s+([a-z]+)\b"),
    re.compile(r"^(?:who|what)(?:\s+|'s\s+)(?:is|are|was|were)?\s*(?:the|a|an)\s+([a-z]+)\s+(?:of|for|at|in|on)\b"),
    re.compile(r"^who\s+(?:is|are|was|were)\s+(?:the|a|an)\s+(?:[a-z0-9'-]+\s+)*?([a-z]+)\s*\??$"),
    re.compile(r"^(?:is|are) there (?:a|an|any)\s+([a-z]+)"),
)
# Words that follow "what"/"which" without naming the thing asked for.
_NOT_FOCUS = frozenset(
    "is are was were do does did will would can could should has have had may might must shall about if kind sort"
    " type happens happened happen means mean makes made causes caused comes goes year date day month time number"
    " part role way reason thing s the a an agency agencies organisation organization organisations organizations"
    " country countries nation nations place site location person people".split()
)


def focus_term(question: str) -> str | None:
    """The noun a question asks for when its shape makes it plain ("what rocket …", "who is the head of …"),
    stemmed; None otherwise."""
    q = question.lower().strip()
    for pattern in _FOCUS_PATTERNS:
        match = pattern.match(q)
        if match and match.group(1) not in _NOT_FOCUS and match.group(1) not in STOPWORDS:
            stems = terms(match.group(1))
            return stems[0] if stems else None
    return None


def designation_stem(term: str) -> str | None:
    """ "change7" → "change": the family a numbered designation belongs to, or None for other terms."""
    if not _DESIGNATION.match(term):
        return None
    return term.rstrip("0123456789")


def word_count(text: str) -> int:
    return len(raw_tokens(text))
