"""Answering a question as it was read: once, with the conversation's focus.

A reading is one decision: the question is asked either as typed or as rewritten with the conversation's subject,
never both. Where the typed words could be answered, the reading keeps them and carries the answer it got while
reading (index/followups/resolution.py), so that it is not asked again. The focus is a prior on where the answer
lies: it moves the choice among the candidates, and when the passage it moves to is too weak to answer, the reading
is asked again without it, so that the focus never refuses what the documents answer.
"""

from __future__ import annotations

from datetime import datetime

from index.followups.evidence import Searcher
from index.followups.resolution import Reading
from index.schema import Answer


def answer_reading(kb: Searcher, reading: Reading, *, now: datetime | None = None) -> Answer:
    """The answer to `reading`: the one given while reading it, if any, else its text asked with its focus (and
    without it, when the focus leads to a refusal)."""
    if reading.answer is not None:
        return reading.answer
    answer = kb.ask(reading.text, now=now, focus=reading.focus)
    if answer.abstained and reading.focus is not None:
        return kb.ask(reading.text, now=now)
    return answer
