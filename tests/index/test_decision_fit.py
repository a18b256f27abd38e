"""The refusal model: logistic with pairwise interactions, fitted in training and applied from JSON."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from index.decision_fit import _shortest_within_noise, fit_pairwise, refused_by_reason
from index.errors import IndexCorruptError
from index.scoring import Pairwise, pairwise_terms

NAMES = ("a", "b")


def test_a_pairwise_model_weighs_products_of_standardised_features():
    model = Pairwise(NAMES, np.array([1.0, 0.0]), np.array([2.0, 1.0]), np.array([0.5, 0.0, 3.0]), -1.0)
    x = np.array([[3.0, 2.0], [1.0, 5.0]])
    # Standardised: [1, 2] and [0, 5]; terms: a, b, a*b.
    assert pairwise_terms(np.array([[1.0, 2.0]])).tolist() == [[1.0, 2.0, 2.0]]
    assert model.logits(x).tolist() == [0.5 * 1 + 3.0 * 2 - 1.0, -1.0]
    again = Pairwise.from_json(json.loads(json.dumps(model.to_json())), NAMES, "refusal")
    assert again.logits(x).tolist() == model.logits(x).tolist()


@pytest.mark.parametrize("change", [{"weights": [0.5, 0.0]}, {"scale": [0.0, 1.0]}, {"features": ["a"]}])
def test_a_malformed_pairwise_model_is_refused(change):
    data = {"features": list(NAMES), "mean": [0, 0], "scale": [1, 1], "weights": [0, 0, 0], "bias": 0.0}
    with pytest.raises(IndexCorruptError):
        Pairwise.from_json(data | change, NAMES, "refusal")


def test_the_refusal_model_learns_what_two_features_say_together():
    # Answerable exactly when a and b agree in sign: neither alone says anything.
    rng = np.random.default_rng(0)
    x = rng.choice([-1.0, 1.0], size=(400, 2)) + rng.normal(0, 0.1, (400, 2))
    y = (np.sign(x[:, 0]) == np.sign(x[:, 1])).astype(np.int8)
    model = fit_pairwise(x, y, NAMES, c=1.0)
    assert ((model.logits(x) > 0) == y.astype(bool)).mean() > 0.95


def test_the_smallest_margin_within_noise_of_the_best_is_chosen():
    rng = np.random.default_rng(1)
    base = (rng.random(400) < 0.6).astype(float)
    slightly_better = base.copy()
    slightly_better[np.flatnonzero(base == 0)[:4]] = 1.0  # four more right and three fewer: within noise
    slightly_better[np.flatnonzero(base == 1)[:3]] = 0.0
    much_better = base.copy()
    much_better[np.flatnonzero(base == 0)[:40]] = 1.0  # forty more right: beyond it
    assert _shortest_within_noise({0.0: base, 0.5: slightly_better}) == 0.0
    assert _shortest_within_noise({0.0: base, 0.5: slightly_better, 1.0: much_better}) == 1.0


def test_refusals_are_counted_by_why_no_document_answers():
    reasons = ["unstated", "unstated", "neighbour", None, "unstated"]
    examples = [SimpleNamespace(question=SimpleNamespace(refusal=r)) for r in reasons]
    answered = np.array([True, False, False, False, False])
    assert refused_by_reason(examples, answered) == {"unstated": round(2 / 3, 4), "neighbour": 1.0}
