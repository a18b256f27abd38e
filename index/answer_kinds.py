"""The kind of answer a question asks for and what a span gives, as data for the learned models.

A question's form is its wh-word class (when, where, who, how many, how much, how long, how far/big/…, which, what,
why, how, yes/no, none). A span's cues are general English cue words of what it gives: a reason, a purpose, a means,
a negation, an affirmation (the facts it holds — dates, counts, quantities, names — are index/unit_facts.py's). How
much a form and a cue held together count is learned (index/features.py `REFUSAL_FEATURES`), never written here.
"""

from __future__ import annotations

import functools
import re

from index.text import YES_NO, normalise

FORMS = (
    *("yesno", "why", "when", "where", "who", "how_many", "how_much", "how_long", "how_adj", "how", "which", "what"),
    "other",  # no wh-word: "list the …", "name the …", "tell me about …"
)
_WH = re.compile(r"\b(why|when|where|who|whom|whose|how|which|what)\b")
_HOW = re.compile(
    r"how\s+(many|much|long|far|big|large|heavy|tall|wide|high|deep|fast|old|often|soon|early|late|small|close)\b"
)
_WHAT_REASON = re.compile(r"\bwhat (?:is|was|are|were) the reasons? (?:for|why|that)\b|\bfor what reason\b")
_WHAT_TIME = re.compile(r"\b(?:what|which) (?:date|day|year|month|time)\b")


def question_form(question: str) -> str:
    """The question's wh-word class (one of FORMS), from its first wh-word."""
    q = normalise(question).lower().strip()
    if YES_NO.match(q):
        return "yesno"
    match = _WH.search(q)
    if not match:
        return "other"
    word = match.group(1)
    if word == "how":
        measure = _HOW.match(q, match.start())
        if not measure:
            return "how"
        return {"many": "how_many", "much": "how_much", "long": "how_long"}.get(measure.group(1), "how_adj")
    if word in ("what", "which") and _WHAT_REASON.search(q):
        return "why"
    if word in ("what", "which") and _WHAT_TIME.search(q):
        return "when"
    return "who" if word in ("whom", "whose") else word


# General English cue words of what a span gives: what a why/how question or a yes/no question wants.
_CUE_PATTERNS = {
    "reason": r"\b(?:because|due to|owing to|as a result|so that|in order to|caused by|results? (?:of|from|in)"
    r"|resulted (?:from|in)|reasons?|thanks to|led to|since|after|therefore|hence|following)\b",
    "purpose": r"\b(?:aims? to|aimed at|designed (?:to|for)|intended (?:to|for)|used (?:to|for)|serves? (?:to|as)"
    r"|responsible for|purpose|goals?|objectives?|tasks?|roles?|enables?|allows?|helps?)\b",
    "means": r"\b(?:by|through|via|using|with the help of|by means of)\b",
    "negation": r"\b(?:not|no|never|none|neither|nor|cannot|without)\b|n['’]t\b",
    "affirmation": r"\b(?:yes|also|includ(?:e|es|ed|ing)|participat\w*|involv\w*|confirmed|joined|part of|among"
    r"|as well)\b",
}
_CUES = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _CUE_PATTERNS.items()}
CUES = tuple(_CUE_PATTERNS)


@functools.lru_cache(maxsize=65536)
def unit_cues(text: str) -> frozenset[str]:
    """Which of CUES a span holds."""
    return frozenset(name for name, cue in _CUES.items() if cue.search(text))
