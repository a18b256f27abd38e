"""The learned answer model: a unit ranker and a refusal decision, read from plain JSON and applied with numpy.

The model file is written by scripts/train_answerer.py from the tune split of the evaluation corpora; it names its
features, so a model that does not match the code's feature list is refused at load time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import IndexCorruptError
from index.features import UNIT_FEATURES
from index.refusal_features import REFUSAL_FEATURES
from index.tree_ensemble import Trees

MODEL_PATH = Path(__file__).with_name("answer_model.json")


def _check_features(features: tuple[str, ...], expected: tuple[str, ...], what: str) -> None:
    if features != expected:
        missing = sorted(set(expected) - set(features))
        extra = sorted(set(features) - set(expected))
        raise IndexCorruptError(
            f"the answer model's {what} features do not match the code (missing {missing}, unknown {extra}); "
            "retrain with `python scripts/train_answerer.py`"
        )


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
        _check_features(features, expected, what)
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


def pairwise_terms(standardised: np.ndarray) -> np.ndarray:
    """Each feature, then the product of every two of them (i < j, row by row)."""
    i, j = np.triu_indices(standardised.shape[1], 1)
    return np.hstack([standardised, standardised[:, i] * standardised[:, j]])


@dataclass(frozen=True)
class Pairwise:
    """A logistic model on standardised features and the products of every two of them, so that one signal may
    weigh differently when another is there (a named thing found, but the answer type missing)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # one per term of `pairwise_terms`
    bias: float

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        return pairwise_terms((matrix - self.mean) / self.scale) @ self.weights + self.bias

    @classmethod
    def from_json(cls, data: dict, expected: tuple[str, ...], what: str) -> Pairwise:
        features = tuple(data.get("features", ()))
        _check_features(features, expected, what)
        n = len(features)
        mean, scale = np.asarray(data["mean"], dtype=np.float64), np.asarray(data["scale"], dtype=np.float64)
        weights = np.asarray(data["weights"], dtype=np.float64)
        if mean.shape != (n,) or scale.shape != (n,) or weights.shape != (n + n * (n - 1) // 2,):
            raise IndexCorruptError(f"the answer model's {what} weights do not match its feature list")
        if not (scale > 0).all():
            raise IndexCorruptError(f"the answer model's {what} scales must be positive")
        return cls(features, mean, scale, weights, float(data["bias"]))

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
        }


@dataclass(frozen=True)
class Ranker:
    """The unit model: a linear score, boosted trees (which also weigh what the features say together), or trees
    fitted on top of a linear score, their scores added."""

    features: tuple[str, ...]
    linear: Linear | None = None
    trees: Trees | None = None

    def logits(self, matrix: np.ndarray) -> np.ndarray:
        assert self.linear is not None or self.trees is not None
        out = np.zeros(len(matrix), dtype=np.float64)
        if self.linear is not None:
            out += self.linear.logits(matrix)
        if self.trees is not None:
            out += self.trees.scores(matrix)
        return out.astype(np.float32)

    @classmethod
    def from_json(cls, data: dict, expected: tuple[str, ...]) -> Ranker:
        linear = Linear.from_json(data, expected, "unit") if "weights" in data else None
        if "trees" not in data:
            if linear is None:
                raise KeyError("weights")
            return cls(expected, linear=linear)
        _check_features(tuple(data.get("features", ())), expected, "unit")
        return cls(expected, linear=linear, trees=Trees.from_lists(expected, data["trees"]))

    def to_json(self) -> dict:
        out = self.linear.to_json() if self.linear is not None else {"features": list(self.features)}
        if self.trees is not None:
            out["trees"] = self.trees.to_lists()
        return out


@dataclass(frozen=True)
class AnswerModel:
    units: Ranker  # how the candidate units of one question rank against each other
    stated: Linear  # how likely a unit, judged on its own, states the answer to its question (any question)
    refusal: Pairwise  # how likely the question is answerable from the best unit and its surroundings
    answer_threshold: float  # answer when the refusal model's probability reaches this
    second_unit_margin: float  # a second unit is quoted only when its logit is this close to the best
    sibling_margin: float  # for a question asking for several things, siblings this close to the best are quoted
    training: dict  # what the model was fitted on: corpora, question counts, data hash

    @classmethod
    def load(cls, path: Path | None = None) -> AnswerModel:
        path = Path(path or MODEL_PATH)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                units=Ranker.from_json(data["units"], UNIT_FEATURES),
                stated=Linear.from_json(data["stated"], UNIT_FEATURES, "stated"),
                refusal=Pairwise.from_json(data["refusal"], REFUSAL_FEATURES, "refusal"),
                answer_threshold=float(data["answer_threshold"]),
                second_unit_margin=float(data["second_unit_margin"]),
                sibling_margin=float(data["sibling_margin"]),
                training=dict(data.get("training", {})),
            )
        except OSError as exc:
            raise IndexCorruptError(f"the answer model {path} cannot be read: {exc.strerror or exc}") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexCorruptError(f"the answer model {path} is malformed: {exc}") from None

    def to_json(self) -> dict:
        return {
            "units": self.units.to_json(),
            "stated": self.stated.to_json(),
            "refusal": self.refusal.to_json(),
            "answer_threshold": round(self.answer_threshold, 6),
            "second_unit_margin": round(self.second_unit_margin, 6),
            "sibling_margin": round(self.sibling_margin, 6),
            "training": self.training,
        }

    def answerable(self, refusal_vector: np.ndarray) -> float:
        """The probability that the question is answered by the best unit: compared with answer_threshold."""
        return float(1.0 / (1.0 + np.exp(-self.refusal.logits(refusal_vector[None, :])[0])))
