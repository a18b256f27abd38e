"""The learned answer model: unit weights and a refusal decision, read from plain JSON and applied with numpy.

The model file is written by scripts/train_answerer.py from the tune split of the evaluation corpora; it names its
features, so a model that does not match the code's feature list is refused at load time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError
from index.features import REFUSAL_FEATURES, UNIT_FEATURES

MODEL_PATH = Path(__file__).with_name("answer_model.json")


@dataclass(frozen=True)
class Linear:
    """A logistic model on raw feature values (any scaling is folded into the weights)."""

    features: tuple[str, ...]
    weights: np.ndarray
    bias: float

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        return matrix @ self.weights + self.bias

    @classmethod
    def from_json(cls, data: dict, expected: tuple[str, ...], what: str) -> Linear:
        features = tuple(data.get("features", ()))
        if features != expected:
            missing = sorted(set(expected) - set(features))
            extra = sorted(set(features) - set(expected))
            raise IndexCorruptError(
                f"the answer model's {what} features do not match the code (missing {missing}, unknown {extra}); "
                "retrain with `python scripts/train_answerer.py`"
            )
        weights = np.asarray(data["weights"], dtype=np.float32)
        if weights.shape != (len(features),):
            raise IndexCorruptError(f"the answer model's {what} weights do not match its feature list")
        return cls(features, weights, float(data["bias"]))

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
        }


@dataclass(frozen=True)
class AnswerModel:
    units: Linear  # how likely a unit is to answer the question
    refusal: Linear  # how likely the question is answerable from the best unit and its surroundings
    answer_threshold: float  # answer when the refusal model's probability reaches this
    second_unit_margin: float  # a second unit is quoted only when its logit is this close to the best
    training: dict  # what the model was fitted on: corpora, question counts, data hash

    @classmethod
    def load(cls, path: Path | None = None) -> AnswerModel:
        path = Path(path or MODEL_PATH)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                units=Linear.from_json(data["units"], UNIT_FEATURES, "unit"),
                refusal=Linear.from_json(data["refusal"], REFUSAL_FEATURES, "refusal"),
                answer_threshold=float(data["answer_threshold"]),
                second_unit_margin=float(data["second_unit_margin"]),
                training=dict(data.get("training", {})),
            )
        except OSError as exc:
            raise IndexCorruptError(f"the answer model {path} cannot be read: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexCorruptError(f"the answer model {path} is malformed: {exc}") from None

    def to_json(self) -> dict:
        return {
            "units": self.units.to_json(),
            "refusal": self.refusal.to_json(),
            "answer_threshold": round(self.answer_threshold, 6),
            "second_unit_margin": round(self.second_unit_margin, 6),
            "training": self.training,
        }

    def answerable(self, refusal_vector: np.ndarray) -> float:
        """The probability that the question is answered by the best unit: compared with answer_threshold."""
        return float(1.0 / (1.0 + np.exp(-self.refusal.logits(refusal_vector[None, :])[0])))
