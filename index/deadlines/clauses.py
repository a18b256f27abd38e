"""The clause of a sentence a date belongs to: bounded by clause punctuation and never reaching another date."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.date_mention import DateMention

# Where a clause ends: punctuation that separates clauses (commas included; commas inside a date are masked).
CLAUSE_BREAK = re.compile(r"[;:,]|\s[—–]\s|\s-\s|[.!?](?=\s|$)(?<!\b[A-Z]\.)")
# Where two clauses of one sentence join, used only to keep two dates of one sentence apart.
_CONJUNCTION = re.compile(r"\s(?:and|but|while|whereas|as well as|then)\s", re.IGNORECASE)


def clause_bounds(sentence: str, mention: DateMention, others: Iterable[DateMention]) -> tuple[int, int]:
    """The clause holding the date: between clause punctuation, and never reaching another date."""
    others = list(others)
    text = masked(sentence, (mention, *others))
    start = max((b.end() for b in CLAUSE_BREAK.finditer(text, 0, mention.start)), default=0)
    end = next((b.start() for b in CLAUSE_BREAK.finditer(text, mention.end)), len(sentence))
    for other in others:
        if start <= other.start and other.end <= mention.start:  # an earlier date in the same clause
            joins = list(_CONJUNCTION.finditer(text, other.end, mention.start))
            start = joins[-1].end() if joins else other.end
        elif mention.end <= other.start and other.end <= end:  # a later date in the same clause
            join = _CONJUNCTION.search(text, mention.end, other.start)
            end = join.start() if join else other.start
    while start < end and sentence[start].isspace():
        start += 1
    return start, end


def masked(sentence: str, mentions: Iterable[DateMention]) -> str:
    """The sentence with every date replaced by x's, so "Dec. 31, 2024" holds no clause break."""
    letters = list(sentence)
    for m in mentions:
        letters[m.start : m.end] = "x" * (m.end - m.start)
    return "".join(letters)
