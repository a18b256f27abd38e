"""Tokens for lexical search and for judging whether a passage covers a question's terms."""

from __future__ import annotations

import functools
import re
import unicodedata

import Stemmer

_APOSTROPHES = str.maketrans({"’": "", "‘": "", "'": "", "`": "", "ʼ": ""})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_TOKEN = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])['’]s\b", re.IGNORECASE)  # "Chang'e-8's" is Chang'e-8's

# Auxiliary and modal verbs: they carry a question's grammar ("does it …", "which stations are …"), not its subject.
WH_WORDS = frozenset("what when where who whom whose which why how".split())  # the question words
AUXILIARIES = frozenset(
    "is are was were be been being am do does did done will would can could should shall may might must "
    "has have had".split()
)
# A question that opens with a finite auxiliary ("Is …", "Must …", "Am I …", "Won't …") asks yes or no, unless a
# question word follows ("Can you tell me when …?" asks when).
_FINITE = sorted(AUXILIARIES - {"be", "been", "being", "done"}, key=len, reverse=True)
YES_NO = re.compile(
    rf"^(?:(?:{'|'.join(_FINITE)})(?:n?['’]t)?|won['’]?t|can['’]?t)\b(?!.*\b(?:when|where|who|whom|whose|how|what|why)\b)"
)

# Function words, plus the question words that say what kind of answer is wanted, not what it is about.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves tell know please get got give let us say said does anything
    something thing things much many s t d ll m re ve y
    """.split()
)


def normalise(text: str) -> str:
    """Unicode-normalise, and map typographic quotes and dashes to ASCII ones."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES)


@functools.cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def without_apostrophes(text: str) -> str:
    """The text in lower case, possessives and apostrophes dropped: "Chang’e-8's" gives "change-8"."""
    return _POSSESSIVE.sub("", unicodedata.normalize("NFKC", text).lower()).translate(_APOSTROPHES)


def raw_tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric tokens; apostrophes are dropped so "Chang’e-8" gives ["change", "8"]."""
    return _TOKEN.findall(without_apostrophes(text))


def stem(tokens: list[str]) -> list[str]:
    return _stemmer().stemWords(tokens)


def terms(text: str) -> list[str]:
    """Stemmed content terms: what lexical search indexes and matches."""
    return content_terms(raw_tokens(text))


def content_terms(tokens: list[str]) -> list[str]:
    tokens = [t for t in tokens if t not in STOPWORDS]
    # A name followed by a number ("Chang'e-8", "chang e 8", "Apollo 11") also counts as one joined term, so
    # that every way of typing it matches.
    joined = []
    for i, token in enumerate(tokens):
        if token.isdigit() and i and not tokens[i - 1].isdigit():
            joined.append(tokens[i - 1] + token)
            if i > 1 and len(tokens[i - 1]) == 1 and not tokens[i - 2].isdigit():
                joined.append(tokens[i - 2] + tokens[i - 1] + token)
    # Lone letters ("chang e 8") only help to join; as terms they match everything.
    return stem([t for t in tokens if len(t) > 1 or t.isdigit()]) + joined
