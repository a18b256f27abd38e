"""The kind of answer a question wants (a date, a number, a place, a yes or no …), as a probability for each kind,
and how well a span agrees with it.

A multinomial logistic model on the question's embedding (the vector retrieval already encodes) and its wh-word form
(index/answer_kinds.py), learned from the labelled kinds of the tune questions (scripts/train_answerer.py) and stored
as plain JSON beside this file. What each kind needs of a span is read from its surface (index/unit_facts.py,
index/answer_kinds.py cues); how much agreement counts is the answer model's to learn.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.answer_kinds import FORMS, question_form, unit_cues
from index.asked_for import asks_for_several
from index.errors import IndexCorruptError
from index.unit_facts import facts

KIND_MODEL_PATH = Path(__file__).with_name("question_kind.json")
QUESTION_KINDS = ("date", "deadline", "number", "entity", "place", "list", "yesno", "description", "metadata")
LEXICAL_INPUTS = (*(f"form_{f}" for f in FORMS), "several")
# What a span gives, from its surface, and the kinds of answer it gives (a metadata question is answered from front
# matter).
_GIVES = {
    "date": (lambda f, cues: f.has_date, ("date", "deadline")),
    "number": (lambda f, cues: f.has_count or f.has_quantity, ("number",)),
    "name": (lambda f, cues: f.has_organisation or f.has_person or f.has_group or bool(f.countries), ("entity",)),
    "place": (lambda f, cues: f.has_place, ("place",)),
    "list": (lambda f, cues: f.has_list, ("list",)),
    "polarity": (lambda f, cues: bool(cues & {"negation", "affirmation"}), ("yesno",)),
    "reason": (lambda f, cues: bool(cues & {"reason", "purpose", "means"}), ("description",)),
}
# The probability that the question wants a kind the span gives, summed over what the span gives.
AGREEMENT_FEATURES = ("kind_agreement",)


def lexical_inputs(text: str) -> np.ndarray:
    """The question's wh-word form, one-hot, and whether it asks for several things."""
    form = question_form(text)
    return np.array([*(f == form for f in FORMS), asks_for_several(text)], dtype=np.float32)


def kind_inputs(query_vector: np.ndarray, text: str) -> np.ndarray:
    """What the kind model reads of a question: its embedding, then LEXICAL_INPUTS."""
    return np.concatenate([np.asarray(query_vector, dtype=np.float32), lexical_inputs(text)])


@dataclass(frozen=True)
class KindModel:
    """Multinomial logistic weights over `kind_inputs`, one row per kind of QUESTION_KINDS."""

    weights: np.ndarray  # (kinds, inputs)
    bias: np.ndarray  # (kinds,)

    def probabilities(self, inputs: np.ndarray) -> np.ndarray:
        """Each kind's probability, for one question's inputs (a vector) or many (rows)."""
        if inputs.shape[-1] != self.weights.shape[1]:
            raise IndexCorruptError(
                f"the question-kind model reads {self.weights.shape[1]} inputs but the question gives "
                f"{inputs.shape[-1]} (another embedding model?); retrain with `python scripts/train_answerer.py`"
            )
        logits = inputs @ self.weights.T + self.bias
        logits = logits - logits.max(axis=-1, keepdims=True)
        e = np.exp(logits)
        return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)

    def reads(self, dimension: int) -> bool:
        """Whether the model reads the questions of an embedding of `dimension`."""
        return self.weights.shape[1] == dimension + len(LEXICAL_INPUTS)

    @classmethod
    def uniform(cls, dimension: int) -> KindModel:
        """A model that knows nothing: every kind equally likely, for an embedding of `dimension`."""
        inputs = dimension + len(LEXICAL_INPUTS)
        return cls(np.zeros((len(QUESTION_KINDS), inputs), dtype=np.float32), np.zeros(len(QUESTION_KINDS), np.float32))

    def to_json(self) -> dict:
        return {
            "kinds": list(QUESTION_KINDS),
            "lexical_inputs": list(LEXICAL_INPUTS),
            "weights": [[round(float(w), 5) for w in row] for row in self.weights],
            "bias": [round(float(b), 5) for b in self.bias],
        }

    @classmethod
    def from_json(cls, data: dict) -> KindModel:
        if tuple(data.get("kinds", ())) != QUESTION_KINDS or tuple(data.get("lexical_inputs", ())) != LEXICAL_INPUTS:
            raise IndexCorruptError(
                "the question-kind model's kinds or inputs do not match the code; "
                "retrain with `python scripts/train_answerer.py`"
            )
        weights, bias = np.asarray(data["weights"], dtype=np.float32), np.asarray(data["bias"], dtype=np.float32)
        if weights.ndim != 2 or weights.shape[0] != len(QUESTION_KINDS) or bias.shape != (len(QUESTION_KINDS),):
            raise IndexCorruptError("the question-kind model's weights do not match its kinds")
        return cls(weights, bias)

    def save(self, path: Path = KIND_MODEL_PATH) -> None:
        path.write_text(json.dumps(self.to_json()) + "\n", encoding="utf-8")


@functools.cache
def load_kind_model(path: Path = KIND_MODEL_PATH) -> KindModel:
    try:
        return KindModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"cannot read the question-kind model {path}: {exc}") from exc


def agreement(probabilities: np.ndarray, unit_texts: Sequence[str]) -> np.ndarray:
    """AGREEMENT_FEATURES of each span, one row per span."""
    wanted = np.array([sum(probabilities[QUESTION_KINDS.index(k)] for k in kinds) for _, kinds in _GIVES.values()])
    gives = np.array([[g(facts(t), unit_cues(t)) for g, _ in _GIVES.values()] for t in unit_texts], dtype=np.float32)
    crossed = gives.reshape(len(unit_texts), len(_GIVES)) * wanted
    return crossed.sum(axis=1, keepdims=True).astype(np.float32)


def fit_kind_model(inputs: np.ndarray, kinds: Sequence[str], *, c: float) -> KindModel:
    """Multinomial logistic regression (L2, inverse strength `c`) of the labelled kinds on their inputs; training
    only, with scikit-learn."""
    from sklearn.linear_model import LogisticRegression

    y = np.array([QUESTION_KINDS.index(k) for k in kinds])
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(inputs, y)
    weights = np.zeros((len(QUESTION_KINDS), inputs.shape[1]), dtype=np.float32)
    bias = np.full(len(QUESTION_KINDS), -30.0, dtype=np.float32)  # a kind never seen is never predicted
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one row, the second kind's log-odds against the first
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    weights[model.classes_], bias[model.classes_] = coef, intercept
    return KindModel(weights, bias)
