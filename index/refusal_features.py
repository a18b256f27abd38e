"""The signals that say whether to answer a question at all, from its candidates' features and scores.

Read from the best unit and what surrounds it (index/features.py gives each unit's features); the refusal model
that weighs them is learned (scripts/train_answerer.py) and applied in index/answering.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from index.answer_kinds import question_form, unit_cues
from index.asked_attribute import ATTRIBUTE_FEATURES, neutral_attribute
from index.features import UNIT_COLUMN, Evidence
from index.name_variants import names_variant
from index.unit_facts import facts
from index.value_near import value_near

REFUSAL_FEATURES = (
    "best_logit",  # the best unit's score
    "second_gap",  # how far the next unit of another chunk trails it
    "best_stated",  # how likely the best unit states an answer, judged on its own
    "any_stated",  # ... the likeliest of all candidates
    "best_names_context",  # the specific things named, found around the best unit
    "names_anywhere",  # ... found around any candidate
    "names_unknown",  # share of the named things the corpus never mentions
    "unknown_share",  # share of the question's content weight the corpus never mentions
    "best_sim",
    "best_cov_context",
    "best_pred_unit",
    "best_pred_context",
    "best_missing_rare",
    "best_focus_missing",
    "best_sibling",
    "best_type_match",
    "best_type_missing",
    "asks_yesno",  # the question's form (index/answer_kinds.py): yes/no
    "asks_why_how",  # ... why or how: a description is wanted
    "best_reason_why_how",  # a why/how question, and the best unit gives a reason, a purpose or a means
    "best_polarity_yesno",  # a yes/no question, and the best unit affirms or negates
    "no_names",
    "names_known_missing",  # weight of the named things the corpus knows but the best unit and its context lack
    "best_variant",  # ... and that name another of the family of a numbered thing asked about ("Queqiao-2" for "-3")
    "names_document",  # share of the named things found in the candidates of the best unit's document
    "best_soft_focus",  # how closely the best unit and its context match the noun the question asks for
    "best_kind_agreement",  # how likely the question wants a kind of answer the best unit gives (learned kinds)
    "best_value_near",  # the best unit holds a value of the asked kind in the clause of the question's rarest word
    *(f"best_{name}" for name in ATTRIBUTE_FEATURES),  # whether the best unit states the asked attribute
)
_DESCRIPTION_CUES = frozenset(("reason", "purpose", "means"))
_POLARITY_CUES = frozenset(("negation", "affirmation"))


def unknown_share(weights: Mapping[str, float], known: Callable[[str], bool]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if not known(t)) / total if total else 0.0


def _seen_terms(unit) -> frozenset[str]:
    """The terms a reader of the unit sees: its own, its section heading's and its document title's."""
    return facts(unit.text).terms | facts(unit.context).terms


def _name_presence(evidence: Evidence, best: int, names: Mapping[str, float], known: Callable[[str], bool]) -> dict:
    """Whether the things the question names are where the best unit is: in it, or at least in its document (as far
    as the candidates show it). A name the corpus holds elsewhere, missing here, says the unit is about a neighbour."""
    seen = _seen_terms(evidence.units[best])
    document = evidence.units[best].chunk.doc_path
    in_document = set(seen).union(*(_seen_terms(u) for u in evidence.units if u.chunk.doc_path == document))
    total = sum(names.values())
    return {
        "names_known_missing": sum(w for t, w in names.items() if t not in seen and known(t)),
        "best_variant": names_variant(names, seen),
        "names_document": sum(w for t, w in names.items() if t in in_document) / total if total else 1.0,
    }


def _attribute(evidence: Evidence, best: int) -> dict[str, float]:
    """Whether the best unit states the attribute asked of the things named (index/asked_attribute.py)."""
    rows = evidence.attribute if evidence.attribute is not None else neutral_attribute(len(evidence.units))
    return {f"best_{name}": float(rows[best, i]) for i, name in enumerate(ATTRIBUTE_FEATURES)}


def refusal_vector(
    evidence: Evidence,
    matrix: np.ndarray,
    logits: np.ndarray,
    stated: np.ndarray,
    idf: Callable[[str], float],
    known: Callable[[str], bool],
    best: int | None = None,
) -> np.ndarray:
    """The question's refusal features, from the candidates' features, ranking scores and stated scores, for the
    unit chosen (`best`, by default the one the ranking scores first)."""
    best = int(np.argmax(logits)) if best is None else best
    best_chunk = evidence.units[best].chunk.id
    others = [logits[i] for i, u in enumerate(evidence.units) if u.chunk.id != best_chunk]
    names = {t: idf(t) for t in evidence.info.names}
    form = question_form(evidence.info.text)
    cues = unit_cues(evidence.units[best].text)
    # Joined name+number terms ("apollo11") only help matching; their parts are judged on their own.
    plain = {t: idf(t) for t in evidence.content_terms if t.isalpha() or t.isdigit()}
    values = {
        "best_logit": logits[best],
        "second_gap": logits[best] - max(others) if others else 5.0,
        "best_stated": stated[best],
        "any_stated": stated.max(),
        "best_names_context": matrix[best, UNIT_COLUMN["names_context"]] if names else 1.0,
        "names_anywhere": matrix[:, UNIT_COLUMN["names_context"]].max() if names else 1.0,
        "names_unknown": unknown_share(names, known),
        "unknown_share": unknown_share(plain, known),
        "best_sim": matrix[best, UNIT_COLUMN["sim_unit"]],
        "best_cov_context": matrix[best, UNIT_COLUMN["cov_context"]],
        "best_pred_unit": matrix[best, UNIT_COLUMN["pred_unit"]],
        "best_pred_context": matrix[best, UNIT_COLUMN["pred_context"]],
        "best_missing_rare": matrix[best, UNIT_COLUMN["missing_rare"]],
        "best_focus_missing": matrix[best, UNIT_COLUMN["focus_missing"]],
        "best_sibling": max(matrix[best, UNIT_COLUMN["sibling"]], matrix[best, UNIT_COLUMN["sibling_heading"]]),
        "best_type_match": matrix[best, UNIT_COLUMN["type_match"]],
        "best_type_missing": matrix[best, UNIT_COLUMN["type_missing"]],
        "asks_yesno": form == "yesno",
        "asks_why_how": form in ("why", "how"),
        "best_reason_why_how": form in ("why", "how") and bool(cues & _DESCRIPTION_CUES),
        "best_polarity_yesno": form == "yesno" and bool(cues & _POLARITY_CUES),
        "no_names": 0.0 if names else 1.0,
        "best_soft_focus": matrix[best, UNIT_COLUMN["soft_focus"]],
        "best_kind_agreement": matrix[best, UNIT_COLUMN["kind_agreement"]],
        "best_value_near": value_near(
            {t: idf(t) for t in evidence.content_terms}, evidence.info.answer_type, evidence.units[best].text
        ),
        **_name_presence(evidence, best, names, known),
        **_attribute(evidence, best),
    }
    values["names_known_missing"] /= idf("\x00")  # relative to the weight of a term no document holds
    return np.array([float(values[name]) for name in REFUSAL_FEATURES], dtype=np.float32)
