"""A conversation's focus: the passages the last answer cited, as evidence for a follow-up.

A question that leans on the conversation is usually about what the last answer quoted: the next sentence of the
same section ("why was it moved?" after the new deadline), another section of the same document ("how long does
joining take?" after "who can join?"). The focus adds the passages of the cited documents that best fit the
question to the candidates, and gives each candidate unit a prior added to its ranking score: one weight for a unit
the last answer quoted (a follow-up may ask for something it did not say), one for a unit of a cited section,
one for a unit of a cited document. The weights are calibrated on the tune dialogues
(`scripts/calibrate_followups.py`); a self-contained question is never given a focus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from index.excerpt import fragments
from index.schema import Answer
from index.units import Unit


@dataclass(frozen=True)
class Cited:
    """One passage an answer cited: its document, section, chunk and the sentence quoted."""

    source: str
    section: str
    chunk_id: str
    quote: str


@dataclass(frozen=True)
class FocusWeights:
    """What a candidate unit gains by where it comes from; the defaults are the calibrated ones (on the tune
    dialogues, 66 follow-ups: 42 right with them; the sentence already quoted loses, for a follow-up asks for
    something the last answer did not say, a unit of a cited section gains, and the passages of the cited documents
    are added to the candidates)."""

    quoted: float = -0.5
    section: float = 2.5
    document: float = 0.0
    chunks: int = 4  # passages of the cited documents that best fit the question, added to the candidates


@dataclass(frozen=True)
class Focus:
    cited: tuple[Cited, ...]
    weights: FocusWeights = field(default_factory=FocusWeights)

    @staticmethod
    def cited_by(answer: Answer) -> tuple[Cited, ...]:
        """What an answer cited, as a conversation remembers it (nothing for a refusal)."""
        return tuple(dict.fromkeys(Cited(c.source, c.section, c.chunk_id, c.quote) for c in answer.citations))

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(c.source for c in self.cited)

    def prior(self, units: Sequence[Unit]) -> np.ndarray:
        """What each unit's ranking score gains from where it comes from."""
        return np.array([self._weight(u) for u in units], dtype=np.float32)

    def _weight(self, unit: Unit) -> float:
        chunk = unit.chunk
        if any(c.chunk_id == chunk.id and _overlap(c.quote, unit.text) for c in self.cited):
            return self.weights.quoted
        if any((c.source, c.section) == (chunk.doc_path, chunk.section) for c in self.cited):
            return self.weights.section
        return self.weights.document if chunk.doc_path in self.documents else 0.0


def _overlap(quote: str, text: str) -> bool:
    """A unit's text and a quote (whole or in part) share a piece: one holds the other."""
    return any(piece in text or text in piece for piece in fragments(quote) or [quote])
