"""Numbered names of one family: a text that names "Queqiao-2" when "Queqiao-3" is asked about, 2025 for 2027, lot
3 for lot 3A, names a neighbour of the thing asked about rather than the thing itself."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.text import STOPWORDS, without_apostrophes

_DIGIT = re.compile(r"\d")
_NOT_DIGIT = re.compile(r"\D")
MAX_SUFFIX = 2  # "3a", "10b": letters a code adds to its number; longer words are names of their own
# A name joined with a number that carries a letter ("rm2b" of "RM-2B", "march10b" of "Long March 10B"); no year.
LETTERED = re.compile(r"^[a-z]{2,}(?!(?:19|20)\d\d[a-z]$)\d+[a-z]$")
# A name, then its number and letter, written apart by a space or a hyphen only ("RM-2B", "Long March 10B").
_NAME_CODE = re.compile(r"\b([a-z]{2,})[ -]?(\d+[a-z])(?![\w-])")


def _numbered(term: str) -> bool:
    return bool(_DIGIT.search(term))


def variant_of(asked: str, term: str) -> bool:
    """Whether `term` is another member of `asked`'s family: the same letters with another number ("queqiao2" for
    "queqiao3", "2025" for "2027"), or the same number with other short letters ("3" or "3b" for "3a")."""
    if term == asked or not _numbered(asked) or not _numbered(term):
        return False
    if _DIGIT.sub("0", term) == _DIGIT.sub("0", asked):
        return True
    letters, other = _DIGIT.sub("", asked), _DIGIT.sub("", term)
    same_number = _NOT_DIGIT.sub("", term) == _NOT_DIGIT.sub("", asked)
    return same_number and letters != other and len(letters) <= MAX_SUFFIX and len(other) <= MAX_SUFFIX


def names_variant(names: Iterable[str], present: frozenset[str] | set[str]) -> bool:
    """A numbered name asked about is missing from `present`, and another of its family is there instead."""
    return any(_numbered(name) and name not in present and any(variant_of(name, t) for t in present) for name in names)


def lettered_designations(text: str) -> frozenset[str]:
    """The designations a text writes with a letter after the number, joined as one term ("RM-2B" → rm2b): search
    terms keep the name and the code apart, and the family the code belongs to would go unseen."""
    written = without_apostrophes(text)
    return frozenset(
        name + code
        for name, code in _NAME_CODE.findall(written)
        if name not in STOPWORDS and LETTERED.match(name + code)
    )
