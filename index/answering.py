"""Deciding which units answer a question, or that none does: the learned model applied to the candidates.

The knowledge base gathers the evidence (index/features.py `Evidence`); this module scores it, decides whether to
answer, and picks the units to quote. Pure functions over arrays, no model loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from index.features import Evidence, feature_matrix, refusal_vector
from index.scoring import AnswerModel
from index.units import Unit

MAX_QUOTED_UNITS = 2


@dataclass(frozen=True)
class Decision:
    evidence: Evidence
    features: np.ndarray  # one row per candidate unit (UNIT_FEATURES)
    logits: np.ndarray  # the unit model's score of each candidate
    refusal_features: np.ndarray  # REFUSAL_FEATURES of the question
    answerable: float  # the refusal model's probability that the best unit answers the question
    chosen: tuple[int, ...]  # candidate indices to quote, best first; empty when refusing

    @property
    def abstained(self) -> bool:
        return not self.chosen

    def units(self) -> list[Unit]:
        return [self.evidence.units[i] for i in self.chosen]

    def as_of(self) -> list[date | None] | None:
        """Each quoted unit's document date, when the units come from documents of different dates."""
        dates = [self.evidence.published[i] for i in self.chosen]
        return dates if self.evidence.info.temporal and len(set(dates)) > 1 and all(dates) else None


def _overlaps(a: Unit, b: Unit) -> bool:
    if a.chunk.id != b.chunk.id:
        return a.text in b.text or b.text in a.text
    return not (a.last < b.first or b.last < a.first)


def select(evidence: Evidence, logits: np.ndarray, margin: float) -> tuple[int, ...]:
    """The best unit, and the next one that is nearly as good and says something else."""
    order = [int(i) for i in np.argsort(-logits, kind="stable")]
    chosen = [order[0]]
    for i in order[1:]:
        if logits[i] < logits[order[0]] - margin or len(chosen) == MAX_QUOTED_UNITS:
            break
        if not any(_overlaps(evidence.units[i], evidence.units[j]) for j in chosen):
            chosen.append(i)
    if evidence.info.temporal and len(chosen) > 1:
        # What is true now comes first: the newest source leads, the older one follows with its date.
        chosen.sort(key=lambda i: evidence.published[i] or date.min, reverse=True)
    return tuple(chosen)


def decide(
    evidence: Evidence,
    model: AnswerModel,
    idf: Callable[[str], float],
    known: Callable[[str], bool],
    prior: np.ndarray | None = None,
) -> Decision:
    """Score the candidates (plus `prior`, what each gains from the conversation's focus), then answer or refuse."""
    matrix = feature_matrix(evidence, idf)
    if not evidence.units:
        empty = np.zeros(0, dtype=np.float32)
        return Decision(evidence, matrix, empty, empty, 0.0, ())
    ranked = model.units.logits(matrix)
    logits = ranked + prior if prior is not None else ranked
    # The refusal model learned from the ranker's own scores: what the focus adds moves the choice, not the scores
    # the decision weighs.
    refusal = refusal_vector(evidence, matrix, ranked, model.stated.logits(matrix), idf, known, int(np.argmax(logits)))
    answerable = model.answerable(refusal)
    chosen = select(evidence, logits, model.second_unit_margin) if answerable >= model.answer_threshold else ()
    return Decision(evidence, matrix, logits, refusal, answerable, chosen)
