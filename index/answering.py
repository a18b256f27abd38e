"""Deciding which units answer a question, or that none does: the learned model applied to the candidates.

The knowledge base gathers the evidence (index/features.py `Evidence`); this module scores it, decides whether to
answer, and picks the units to quote. Pure functions over arrays, no model loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from index.features import Evidence, feature_matrix
from index.quoting import answer_room
from index.refusal_features import refusal_vector
from index.scoring import AnswerModel
from index.units import Unit

MAX_QUOTED_UNITS = 2
SIBLING_KINDS = frozenset({"prose", "list", "table_row"})


@dataclass(frozen=True)
class Decision:
    evidence: Evidence
    features: np.ndarray  # one row per candidate unit (UNIT_FEATURES)
    logits: np.ndarray  # the unit model's score of each candidate
    refusal_features: np.ndarray  # REFUSAL_FEATURES of the question
    answerable: float  # the refusal model's probability that the best unit answers the question
    chosen: tuple[int, ...]  # candidate indices to quote, best first; empty when refusing
    more: int = 0  # for a list answer quoted from siblings: the siblings as good left out for want of room

    @property
    def abstained(self) -> bool:
        return not self.chosen

    def units(self) -> list[Unit]:
        return [self.evidence.units[i] for i in self.chosen]

    @property
    def listed(self) -> bool:
        """The chosen units are siblings quoted as one list."""
        units = self.units()
        return self.evidence.info.several and len(units) > 1 and all(siblings(units[0], u) for u in units[1:])

    def as_of(self) -> list[date | None] | None:
        """Each quoted unit's document date, when the units come from documents of different dates."""
        dates = [self.evidence.published[i] for i in self.chosen]
        return dates if self.evidence.info.temporal and len(set(dates)) > 1 and all(dates) else None


def _overlaps(a: Unit, b: Unit) -> bool:
    if a.chunk.id != b.chunk.id:
        return a.text in b.text or b.text in a.text
    return not (a.last < b.first or b.last < a.first)


def siblings(a: Unit, b: Unit) -> bool:
    """Two units of one place that a list answer may quote together: rows of one table, lists or sentences of one
    section of one document."""
    return (
        a.kind == b.kind
        and a.kind in SIBLING_KINDS
        and a.chunk.doc_path == b.chunk.doc_path
        and (a.chunk.section, tuple(a.chunk.section_path)) == (b.chunk.section, tuple(b.chunk.section_path))
    )


def sibling_group(evidence: Evidence, logits: np.ndarray, order: list[int], margin: float) -> tuple[list[int], int]:
    """The best unit and its siblings scoring within `margin` of it, best first while they fit in the answer's room,
    given in the order of the source; and how many more score within the margin."""
    units = evidence.units
    group, used, more = [order[0]], len(units[order[0]].text), 0
    for i in order[1:]:
        if logits[i] < logits[order[0]] - margin:
            break
        unit = units[i]
        if siblings(units[order[0]], unit) and not any(_overlaps(unit, units[j]) for j in group):
            if used + len(unit.text) <= answer_room(several=True):
                group.append(i)
                used += len(unit.text)
            else:
                more += 1
    return sorted(group, key=lambda i: (units[i].chunk.position, units[i].first)), more


def select(evidence: Evidence, logits: np.ndarray, margin: float, sibling_margin: float = 0.0) -> tuple[int, ...]:
    """The best unit, and the next one that is nearly as good and says something else; for a question that asks for
    several things, the best unit's siblings that score within `sibling_margin` of it instead, when there are any."""
    return choose(evidence, logits, margin, sibling_margin)[0]


def choose(
    evidence: Evidence, logits: np.ndarray, margin: float, sibling_margin: float = 0.0
) -> tuple[tuple[int, ...], int]:
    """`select`'s units, and how many siblings as good a list answer leaves out for want of room."""
    order = [int(i) for i in np.argsort(-logits, kind="stable")]
    if evidence.info.several and sibling_margin > 0:
        group, more = sibling_group(evidence, logits, order, sibling_margin)
        if len(group) > 1:
            return tuple(group), more
    chosen = [order[0]]
    for i in order[1:]:
        if logits[i] < logits[order[0]] - margin or len(chosen) == MAX_QUOTED_UNITS:
            break
        if not any(_overlaps(evidence.units[i], evidence.units[j]) for j in chosen):
            chosen.append(i)
    if evidence.info.temporal and len(chosen) > 1:
        # What is true now comes first: the newest source leads, the older one follows with its date.
        chosen.sort(key=lambda i: evidence.published[i] or date.min, reverse=True)
    return tuple(chosen), 0


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
    margins = (model.second_unit_margin, model.sibling_margin)
    chosen, more = choose(evidence, logits, *margins) if answerable >= model.answer_threshold else ((), 0)
    return Decision(evidence, matrix, logits, refusal, answerable, chosen, more)
