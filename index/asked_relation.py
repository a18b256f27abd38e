"""Whether the best unit states what the question asks about its subject, or only speaks of the subject.

A fact no document states about a covered subject still finds units about that subject: they name it, and may hold
a value of the asked kind, about something else ("the archive released 40 data sets" for "how many terabytes has it
released?"), or a date of another event. What tells them apart is the asked relation, the question's words that
name nothing (its predicate): whether the value sits in a clause with them, and whether any candidate holds them
together with the things named.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from index.features import UNIT_COLUMN
from index.unit_facts import facts, holds
from index.value_near import CLAUSE_END, NO_KIND

RELATION_FEATURES = (
    "best_relation_value",  # share of the predicate's weight in a clause of the best unit with a value asked for
    "joint_anywhere",  # the best of any candidate at holding both the named things and the predicate (in context)
    "predicate_missing_anywhere",  # the rarest question term no candidate holds in context (relative to an unseen one)
)


def relation_value(predicate: Mapping[str, float], answer_type: str, text: str) -> float:
    """Share of the predicate's weight (its terms' idf) found in a clause of `text` that holds a value of
    `answer_type`; NO_KIND when the question asks for no particular kind of value or names nothing but things."""
    total = sum(predicate.values())
    if not total or holds(answer_type, facts(text)) is None:
        return NO_KIND
    near: set[str] = set()
    for clause in CLAUSE_END.split(text):
        clause_facts = facts(clause)
        if holds(answer_type, clause_facts):
            near |= clause_facts.terms
    return sum(w for t, w in predicate.items() if t in near) / total


def relation_values(
    matrix: np.ndarray, predicate: Mapping[str, float], answer_type: str, best_text: str, names: bool
) -> dict[str, float]:
    """RELATION_FEATURES of a question, from its candidates' feature matrix and its best unit's text."""
    named = matrix[:, UNIT_COLUMN["names_context"]] if names else np.ones(len(matrix), dtype=np.float32)
    return {
        "best_relation_value": relation_value(predicate, answer_type, best_text),
        "joint_anywhere": float(np.minimum(named, matrix[:, UNIT_COLUMN["pred_context"]]).max()),
        "predicate_missing_anywhere": float(matrix[:, UNIT_COLUMN["missing_rare"]].min()),
    }
