"""Whether a span holds the kind of answer a question asks for next to what the question asks about.

A unit about the right subject often holds a value of the asked kind that answers something else ("Site B lies
12 km north of Site A" for "how deep is Site B's well?"); the value that answers sits in the clause that names
the question's most specific matched word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from index.unit_facts import facts, holds

# Where a clause ends: punctuation that separates statements or table cells, and sentence ends.
_CLAUSE_END = re.compile(r"[,;:()\n|]|(?<=[.!?])\s+|\s[-–—]\s")
NO_KIND = 0.5  # the question asks for no particular kind of value: neither for nor against


def value_near(weights: Mapping[str, float], answer_type: str, text: str) -> float:
    """1.0 when a clause of `text` holds both the question's rarest term found in the text (by `weights`, its
    terms' idf) and a value of `answer_type`; 0.0 when none does or no term is found; NO_KIND when the question
    asks for no particular kind."""
    held = facts(text)
    if holds(answer_type, held) is None:
        return NO_KIND
    found = [t for t in weights if t in held.terms]
    if not found:
        return 0.0
    rarest = max(found, key=lambda t: weights[t])
    for clause in _CLAUSE_END.split(text):
        clause_facts = facts(clause)
        if rarest in clause_facts.terms and holds(answer_type, clause_facts):
            return 1.0
    return 0.0
