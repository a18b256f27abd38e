"""Whether a date is a deadline (something is due, must be sent or closes) or a milestone, from its clause."""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.date_mention import DateMention
from index.deadlines.clauses import clause_bounds
from index.deadlines.records import Kind

# Words that make a clause a deadline: something is due, must be sent, or closes at the date. "by" and "until"
# alone do not: "a major space power by 2030" is a target and "will operate until 2040" a plan.
_DEADLINE_CUES = re.compile(
    r"\bdeadlines?\b|\bdue\b(?!\s+to\b)|\bno(?:t)?\s+later\s+than\b|\bsubmi(?:t|ts|tted|tting|ssions?)\b"
    r"|\bappl(?:y|ications?)\b|\bregist(?:er|ration)\b|\bclos(?:e|es|ing)\b|\bexpir(?:e|es|y|ation)\b"
    r"|\bcut-?off\b|\blast\s+day\b|\bmust\b|\brequired\b|\b(?:have|has|had|given)\s+until\b",
    re.IGNORECASE,
)


def classify(sentence: str, mention: DateMention, others: Iterable[DateMention] = ()) -> Kind:
    """ "deadline" when the date's clause says something is due, must be sent or closes; else "milestone"."""
    start, end = clause_bounds(sentence, mention, others)
    return "deadline" if _DEADLINE_CUES.search(sentence[start:end]) else "milestone"
