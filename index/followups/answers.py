"""Answering a question as it was read: once, with the conversation's focus.

A reading is one decision: the question is asked either as typed or as rewritten with the conversation's subject,
never both. Where the typed words could be answered, the reading keeps them and carries the answer it got while
reading (index/followups/resolution.py), so that it is not asked again.
"""

from __future__ import annotations

from datetime import datetime

from index.followups.evidence import Searcher
from index.followups.resolution import Reading
from index.schema import Answer


def answer_reading(kb: Searcher, reading: Reading, *, now: datetime | None = None) -> Answer:
    """The answer to `reading`: the one given while reading it, if any, else its text asked with its focus."""
    if reading.answer is not None:
        return reading.answer
    return kb.ask(reading.text, now=now, focus=reading.focus)
