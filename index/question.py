"""Reading a question: what kind of answer it wants, what specific things it names, and whether time matters.

Pure text processing over the question alone (the corpus's term statistics come in through `Query` and idf).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.asked_for import asks_for_several, focus_term
from index.countries import countries_in
from index.errors import QuestionError
from index.name_variants import LETTERED
from index.text import WH_WORDS, YES_NO, normalise, raw_tokens, terms

_WS = re.compile(r"\s+")

# Nouns of time: "how long is the term?" asks for a duration, "how long is the rover?" for a length.
_TIME_NOUNS = (
    r"term|period|mandate|mission|stay|delay|wait|process|review|embargo|season|night|day|pass|trip|journey|flight"
    r"|campaign|phase|test|session|visit|tenure|contract|lifetime|life|window|break|transfer|cruise|programme|program"
)
# The answer type a question asks for: one table of cues, read top to bottom; the first cue that matches decides.
# A yes/no question comes first ("Is there a fee?" asks yes or no, not an amount). Quantities (a number with a unit)
# come before counts, counts before dates ("how many days until …" is a count). A topic word is no answer type:
# "data" asks for a data volume only in "how much data", "data rate"; a fee asks for money only when its amount is
# asked, not what it includes or whether it is waived.
ANSWER_TYPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, pattern if isinstance(pattern, re.Pattern) else re.compile(pattern))
    for name, pattern in (
        ("yesno", YES_NO),
        # "Why …?", "How does …?" ask for a reason or a means, whatever measure they mention.
        ("any", r"^(?:why|how come)\b|^how (?:do|does|did|can|could|is|are|was|were|will|would|should|must)\b"),
        ("date", r"^(?:when|by when|until when|since when)\b"),
        ("contact", r"\b(?:e-?mail|website|web ?site|web ?page|url|phone|telephone|fax|portal|upload|link)\b"),
        (
            "money",
            r"^(?!.*\b(?:waiv\w*|exempt\w*|refund\w*|includ\w*|cover|covers|covered|free)\b)"
            r".*\b(?:cost|costs|price|prices|budget|funding|fund|pay|pays|paid|expensive|money|spend|spent|fees?"
            r"|contributions?|salary|salaries|dues|(?<!in )charges?|(?<!in )charged)\b",
        ),
        ("mass", r"\bhow heavy\b|\b(?:mass|weigh\w*|kg|kilograms?|tonnes?)\b"),
        ("power", r"\b(?:power|watts?|energy|electricity)\b"),
        (
            "data",
            r"\bhow much (?:\w+ )?data\b|\b(?:amount|volume|quantity) of (?:\w+ )?data\b|\bdata (?:volumes?|rates?)\b"
            r"|\b(?:bandwidth|bit ?rates?|downlink rates?|(?:kilo|mega|giga|tera)?bytes|[kmg]bit/s)\b",
        ),
        (
            "duration",
            r"\bfor how long\b|\bhow (?:far|long) (?:in advance|ahead|beforehand|before)\b"
            r"|\bhow long (?:is|was|are|were|will be) (?:the |a |an |its |their |his |her )?(?:[\w'’-]+ )?"
            rf"(?:{_TIME_NOUNS})s?\b"
            r"|\bhow long\b.*\b(?:last|lasts|take|takes|took|operate|operates|stay|stays|remain|remains|run|runs"
            r"|work|works|survive|kept|keep)\b",
        ),
        (
            "length",
            r"\bhow (?:far|big|large|tall|wide|high|deep|long is|long was)\b|\b(?:distance|diameter|altitude|size"
            r"|dimensions?|length|width|height|km|kilomet\w+)\b",
        ),
        ("quantity", r"\bhow (?:much|fast|hot|cold|warm)\b|\b(?:speed|capacity|volume|temperature|limit)\b"),
        ("number", r"\bhow many\b|\bnumber of\b|\bcount of\b"),
        (
            "date",
            r"\bwhen\b|\b(?:what|which) (?:date|day|year|month|time)\b|\bdeadlines?\b|\bdue\b|\bby when\b"
            r"|\bhow long (?:do|does|have|has) (?:i|we|you|one|they|teams?|applicants?) (?:have|got)\b"
            r"|\bhow long (?:until|till|before)\b|\bdate\b|\bwhat year\b",
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
            r"|\bcontact person\b|\bwhich (?:person|official|scientist|engineer)\b",
        ),
        ("agent", r"\bwho\b|\bwhom\b|\bwhose\b|\bcontact\b"),
    )
)
ANSWER_TYPES = (*dict.fromkeys(name for name, _ in ANSWER_TYPE_CUES), "any")

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
    r"\b(?:ignore|disregard|forget|override|pretend|instructions?|rules|prompt|developer mode|jailbreak|system"
    r"|you are now|act as|(?:answer|respond|reply) (?:in|as|only|without|with)|just say|say (?:yes|no)|reveal"
    r"|citations?)\b",
    re.IGNORECASE,
)
_SEGMENT = re.compile(r"[^.!?:;#\n]+[.!?:;#\n]*")  # "###" and line breaks fence off an instruction too
# What links a question to the instruction cut off before it: "Also, how much …", "Then: who …".
_LINK = re.compile(r"^\s*(?:also|then|and|now|so|ok|okay|anyway)\b[\s,:;-]*", re.IGNORECASE)
# Contractions typed without their apostrophe ("whats the fee", "cant i apply"), as they are read.
_BARE_CONTRACTIONS = {
    **{f"{w}s": f"{w}'s" for w in ("what", "where", "who", "how", "when", "that", "there")},
    **{f"{w}nt": f"{w}n't" for w in ("do", "does", "did", "is", "are", "was", "were", "has", "have", "should")},
    **{f"{w}nt": f"{w}n't" for w in ("could", "would", "must")},
    "cant": "can't",
    "wont": "won't",
}
_BARE_CONTRACTION = re.compile(rf"\b(?:{'|'.join(_BARE_CONTRACTIONS)})\b", re.IGNORECASE)
_MID_CAPITAL = re.compile(r"(?<!^)(?<![.!?:]\s)\b[A-Z][\w’'-]*")
# A name joined to its number ("change7", "apollo11"); a word before a year ("launched 2024") is none.
_DESIGNATION = re.compile(r"^[a-z]{2,}(?!(?:19|20)\d\d$)\d+$")
_BEFORE_YEAR = re.compile(r"^[a-z]{2,}(?:19|20)\d\d$")


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
    cut = len(segments) < len(_SEGMENT.findall(text))
    stripped = _PREAMBLE.sub("", "".join(segments))
    if stripped != "".join(segments) or cut:
        stripped = _LINK.sub("", stripped)
    if re.search(r"\w", stripped):
        text = stripped
    text = _BARE_CONTRACTION.sub(lambda m: _spelled(m.group(0)), text)
    return (text.lower() if shouted(text) else text).strip()


def _spelled(word: str) -> str:
    """ "whats" → "what's", keeping the word's capitals."""
    full = _BARE_CONTRACTIONS[word.lower()]
    return full.upper() if word.isupper() else full[0].upper() + full[1:] if word[0].isupper() else full


def shouted(text: str) -> bool:
    """Typed in capitals: its case says nothing about names."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.7 * len(letters)


# A "when" after another wh-word opens a clause of condition ("what does the rover do when it is dark?", "how fast
# does it drive when loaded?"): the question asks for what the first wh-word asks for, not a date.
_OTHER_WH = "|".join(sorted(WH_WORDS - {"when"}))
_WHEN_CLAUSE = re.compile(rf"^(?=.*\b(?:{_OTHER_WH})\b.*\bwhen\b)(.*?)\bwhen\b.*$")


def _placeholder(name: re.Match[str]) -> str:
    """A name's placeholder; a wh-word typed in capitals for emphasis ("tell me WHEN …") stays."""
    return name.group(0) if name.group(0).lower() in WH_WORDS else "x"


def asked_part(question: str) -> str:
    """The question as its answer type is read from it, lower case: the names it writes in capitals mid-sentence
    stand for one placeholder word each (the "Energy Field" is a place, not a power question), and a clause opened
    by a later "when" is cut."""
    text = normalise(question)
    masked = text if shouted(text) else _MID_CAPITAL.sub(_placeholder, text)
    return _WHEN_CLAUSE.sub(r"\1", masked.lower().strip()).strip()


def answer_type(question: str) -> str:
    q = asked_part(question)
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


def _written_together(tokens: list[str]) -> set[str]:
    """The tokens, and each number joined with the word (or word and letter) written right before it: "Site 3",
    "chang e 8". A number a stopword parts from the word before ("make at 3 %", "relay on 14 January") names
    nothing with it, though lexical search joins the two."""
    out = set(tokens)
    for i, token in enumerate(tokens):
        if token.isdigit() and i and not tokens[i - 1].isdigit():
            out.add(tokens[i - 1] + token)
            if i > 1 and len(tokens[i - 1]) == 1 and not tokens[i - 2].isdigit():
                out.add(tokens[i - 2] + tokens[i - 1] + token)
    return out


def named_terms(question: str) -> tuple[str, ...]:
    """Stemmed terms of the specific things a question names: designations ("Chang'e-7" → change7), numbers and
    codes ("10b"), capitalised names mid-sentence, countries. Generic words are left to the corpus's idf."""
    found: list[str] = []
    written = _written_together(raw_tokens(question))
    for term in terms(question):
        # A code with a digit in it names one thing: "10b" of "Long March 10B" is not "Long March 10".
        if (_DESIGNATION.match(term) and term in written) or (
            any(c.isdigit() for c in term) and not _DESIGNATION.match(term) and not _BEFORE_YEAR.match(term)
        ):
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


def designation_stem(term: str) -> str | None:
    """ "change7", "rm2b" → "change", "rm": the family a numbered designation belongs to, or None for other terms."""
    if not (_DESIGNATION.match(term) or LETTERED.match(term)):
        return None
    return term.rstrip("abcdefghijklmnopqrstuvwxyz").rstrip("0123456789")


def word_count(text: str) -> int:
    return len(raw_tokens(text))
