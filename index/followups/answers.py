"""Answering a question as it was read: once, with the conversation's focus, and as typed when that is surer.

A rewrite can go wrong where the typed words would not ("who leads the station?" read as "who leads the station of
China?"). When the rewrite is refused, the question as typed is asked too, with the same focus, and its answer is
given when the answer model is at least TYPED_CONFIDENCE sure of it. The value is calibrated on the tune dialogues
(`scripts/calibrate_followups.py`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from index.followups.evidence import Searcher
from index.followups.resolution import Reading
from index.schema import Answer

# Calibrated on the tune dialogues: no refused rewrite there had a typed form answered at any confidence, so the
# search kept its no-effect value; the rule stays for the rewrite that goes wrong where the typed words would not.
TYPED_CONFIDENCE = 1.01


def answer_reading(
    kb: Searcher, reading: Reading, *, now: datetime | None = None, typed_confidence: float = TYPED_CONFIDENCE
) -> tuple[Reading, Answer]:
    """The answer to `reading` (the one given while reading it, if any), and the reading it answers."""
    if reading.answer is not None:
        return reading, reading.answer
    answer = kb.ask(reading.text, now=now, focus=reading.focus)
    if not answer.abstained or not reading.used_context or reading.text == reading.question:
        return reading, answer
    typed = kb.ask(reading.question, now=now, focus=reading.focus)
    # An answer from the extracted records (no confidence) is not a guess of the model's.
    if not typed.abstained and (typed.confidence is None or typed.confidence >= typed_confidence):
        return replace(reading, text=reading.question, note=None), typed
    return reading, answer
