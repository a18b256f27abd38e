"""What a question asks for: several things or one ("which ground stations …" against "which station is the
closest?"), and the noun it names for its answer ("what rocket …")."""

from __future__ import annotations

import re

from index.text import AUXILIARIES, STOPWORDS, normalise, terms

# "list the prizes", "name all partners", "what are the steps", "who were the members", "what does the fee include",
# "what does the training cover"
_SEVERAL = re.compile(
    r"\blist\b|\bname (?:the|all|some|every)\b|\b(?:what|which|who) (?:are|were) (?:the|all|its|their|some)\b"
    r"|\binclude[sd]?\b|\bconsists? of\b|\bmake up\b|\bmade up of\b|\bkinds? of\b|\btypes? of\b"
    r"|\b(?:what|which)\b.*\b(?:does|do|did|will|can|would|should)\b.*\bcover\b"
)
# What may follow a plural noun that is not the first word after "which": "which ground stations are …"; a verb
# follows a singular noun ("which station tracks Queqiao-2").
_AFTER_NOUN = AUXILIARIES | frozenset("in on of for at from to with by that which who".split())
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten other new".split())
# A superlative or an ordinal picks one thing out ("which launches first?", "which stations are the closest?").
_ONE_OF_MANY = re.compile(
    r"\b(?:first|earliest|latest|soonest|newest|oldest|biggest|largest|smallest|heaviest|lightest|highest|lowest"
    r"|longest|shortest|fastest|slowest|closest|nearest|furthest|farthest|most|least|only|best|worst"
    r"|last(?! (?:year|month|week|day|night|time|decade|century)))\b"
)
_COUNTED = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b")
_NOT_PLURAL = ("ss", "us", "is", "ous")


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL) and word not in AUXILIARIES


def asks_for_several(question: str) -> bool:
    """The question asks for several things: a plural noun after "which"/"what" ("which ground stations", "what
    sensors does it have") unless a superlative or an ordinal picks one out, or a phrase that asks for a list, its
    members or its contents."""
    q = normalise(question).lower()
    if _SEVERAL.search(q):
        return True
    if _ONE_OF_MANY.search(q) and not _COUNTED.search(q):
        return False
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
    " country countries nation nations place site location person people one ones".split()
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
