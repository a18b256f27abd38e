"""Where follow-up turns go wrong: each is told by its kind (how it leans on the conversation) and by its cause.

A follow-up is read wrong when the conversation was not used, or when its labelled standalone form is answered
right alone while its reading, asked alone, is not; it is refused when it gets no answer though the documents
have one; it is answered wrong alone when its reading, asked alone, gets a wrong answer too; otherwise the
conversation's focus (index/focus.py) sent a reading that is answered right alone to a wrong answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

from index.followups.continuations import ELLIPSIS, LEADING_AND, asks_again
from index.followups.phrases import anaphors, content_words, words
from index.followups.word_classes import AUXILIARIES

KINDS = ("what about Y?", "and the X?", "yes/no", "pronoun", "question word alone", "no sign")
CAUSES = ("right", "read wrong", "refused", "wrong alone", "focus")


class FollowUp(Protocol):
    question: str
    used_context: bool
    correct: bool
    refused: bool
    should_refuse: bool
    standalone_correct: bool | None
    rewrite_correct: bool | None


def kind_of(question: str) -> str:
    """How a follow-up leans on the conversation, by the first sign its words show."""
    if ELLIPSIS.match(question):
        return "what about Y?"
    if LEADING_AND.match(question):
        return "and the X?"
    items = words(question)
    if items and items[0].key in AUXILIARIES:
        return "yes/no"
    if anaphors(question):
        return "pronoun"
    return "question word alone" if asks_again(items) or not content_words(items) else "no sign"


def cause_of(turn: FollowUp) -> str:
    """Why a follow-up was answered wrong (one of CAUSES), or "right"."""
    if turn.correct:
        return "right"
    if not turn.used_context or (turn.standalone_correct and not turn.rewrite_correct):
        return "read wrong"
    if turn.refused and not turn.should_refuse:
        return "refused"
    return "focus" if turn.rewrite_correct else "wrong alone"


def breakdown(follow_ups: Sequence[FollowUp]) -> dict[str, dict[str, int]]:
    """For each kind met, how many follow-ups of it end in each of CAUSES."""
    counts: dict[str, Counter] = {}
    for turn in follow_ups:
        counts.setdefault(kind_of(turn.question), Counter())[cause_of(turn)] += 1
    return {kind: {cause: counts[kind][cause] for cause in CAUSES} for kind in KINDS if kind in counts}


def format_breakdown(split: str, table: dict[str, Any]) -> list[str]:
    """The breakdown as report lines: one row per kind, then the total."""
    total = {cause: sum(row[cause] for row in table.values()) for cause in CAUSES}
    header = f"  {split} follow-ups by kind and cause".ljust(40) + f"{'n':>5}" + "".join(f"{c:>13}" for c in CAUSES)
    lines = [header]
    for kind, row in [*table.items(), ("all", total)]:
        lines.append(f"    {kind:<36}{sum(row.values()):>5}" + "".join(f"{row[c]:>13}" for c in CAUSES))
    return lines
