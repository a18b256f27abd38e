"""A conversation's focus: the passages the last answer cited, as evidence for a follow-up.

A question that leans on the conversation is usually about what the last answer quoted: the next sentence of the
same section ("why was it moved?" after the new deadline), another section of the same document ("how long does
joining take?" after "who can join?"). The focus adds the passages of the cited documents that best fit the
question to the candidates, and the passages right before and after each cited one, and gives each candidate unit a
prior added to its ranking score: a weight for a unit the last answer quoted (a follow-up may ask for something it
did not say); for any other unit, the sum of a weight for a unit of a cited section, one for a unit of a cited or
neighbouring passage, one for a unit of a cited document. The weights are fitted on the tune dialogues
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


# Where a candidate unit may come from, in the order of FocusWeights' weights.
PLACES = ("quoted", "section", "near", "document")


@dataclass(frozen=True)
class FocusWeights:
    """What a candidate unit gains by where it comes from; the defaults are fitted on the tune dialogues
    (`scripts/calibrate_followups.py`: the sentence already quoted loses, for a follow-up asks for something the
    last answer did not say; a unit of a cited section, of a cited or neighbouring passage, of a cited document
    gains). Fitted on all but one fold of the tune conversations, they answer 69 of the 94 follow-ups of the
    held-out folds right, 66 without a prior."""

    quoted: float = -0.88
    section: float = 0.88
    near: float = 0.93  # a unit of a cited passage or of the one right before or after it
    document: float = 0.34
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

    @property
    def chunk_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.chunk_id for c in self.cited))

    def prior(self, units: Sequence[Unit], near: frozenset[str] = frozenset()) -> np.ndarray:
        """What each unit's ranking score gains from where it comes from; `near`: the ids of the cited passages and
        of their neighbours."""
        w = self.weights
        return self.placement(units, near) @ np.array([w.quoted, w.section, w.near, w.document], dtype=np.float32)

    def placement(self, units: Sequence[Unit], near: frozenset[str] = frozenset()) -> np.ndarray:
        """Where each unit comes from, one column per PLACES: 1 where it does (a quoted unit is nothing else)."""
        rows = np.zeros((len(units), len(PLACES)), dtype=np.float32)
        for i, unit in enumerate(units):
            chunk = unit.chunk
            if any(c.chunk_id == chunk.id and _overlap(c.quote, unit.text) for c in self.cited):
                rows[i, 0] = 1.0
                continue
            rows[i, 1] = any((c.source, c.section) == (chunk.doc_path, chunk.section) for c in self.cited)
            rows[i, 2] = chunk.id in near
            rows[i, 3] = chunk.doc_path in self.documents
        return rows


def _overlap(quote: str, text: str) -> bool:
    """A unit's text and a quote (whole or in part) share a piece: one holds the other."""
    return any(piece in text or text in piece for piece in fragments(quote) or [quote])
