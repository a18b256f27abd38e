"""Fitting the unit ranker and the stated model on training examples, and each question's unit logits from a model
fitted without its fold or without its corpus."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from index.boosting import Groups, Settings, fit_trees
from index.decision_fit import (
    column_scaling,
    fit_linear,
    question_folds,
)
from index.features import AGREEMENT_COLUMNS, RANKING_ONLY_COLUMNS, UNIT_FEATURES
from index.scoring import Linear, Ranker
from index.training_examples import Example


def rankable(examples: list[Example]) -> list[Example]:
    """Answerable questions whose right unit is among the candidates: what a ranker learns from."""
    return [e for e in examples if e.labels.any() and not e.question.abstain]


def fit_ranker(examples: list[Example], settings: Settings | None = None) -> Ranker:
    """The unit ranker: the conditional-logit linear score, and with `settings` boosted trees fitted on top of it
    (they start from the linear score and correct what it gets wrong)."""
    usable = rankable(examples)
    linear = fit_conditional_logit(usable)
    if settings is None:
        return Ranker(UNIT_FEATURES, linear=linear)
    sizes = [len(e.labels) for e in usable]
    groups = Groups(
        features=np.vstack([e.features for e in usable]).astype(np.float32),
        right=np.concatenate([e.labels for e in usable]).astype(bool),
        starts=np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64),
    )
    base = linear.logits(groups.features)
    return Ranker(UNIT_FEATURES, linear=linear, trees=fit_trees(groups, base, UNIT_FEATURES, settings))


def fit_conditional_logit(usable: list[Example], *, l2: float = 1.0) -> Linear:
    """Unit weights by conditional logit: for each question, the softmax over its candidates should put its mass
    on the right units."""
    from scipy.optimize import minimize

    x_all = np.vstack([e.features for e in usable]).astype(np.float64)
    mean, scale = column_scaling(x_all)
    groups = [((e.features - mean) / scale, e.labels.astype(bool)) for e in usable]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = l2 * float(w @ w), 2 * l2 * w
        for x, right in groups:
            s = x @ w
            s -= s.max()
            e = np.exp(s)
            p = e / e.sum()
            r = np.where(right, e, 0.0)
            r /= r.sum()
            total -= float(np.log(e[right].sum() / e.sum()))
            grad += x.T @ (p - r)
        return total, grad

    w = minimize(loss, np.zeros(x_all.shape[1]), jac=True, method="L-BFGS-B").x
    return Linear(UNIT_FEATURES, (w / scale).astype(np.float32), float(-np.sum(w * mean / scale)))


def fit_stated(examples: list[Example]) -> Linear:
    """Whether a unit states the answer to its question, over every candidate of every question; judged on the
    unit, not on the kind of answer its question wants: with it, a unit of the wanted kind looks stated in a question
    to refuse too (cross-validated by corpus on tune, 66.1 % refused and 5.6 % falsely without it against 66.0 % and
    5.6 % with it, and by question folds 64.4 % against 62.9 %)."""
    x = np.vstack([e.features for e in examples])
    x[:, AGREEMENT_COLUMNS + RANKING_ONLY_COLUMNS] = 0.0
    return fit_linear(x, np.concatenate([e.labels for e in examples]), UNIT_FEATURES)


def out_of_fold_logits(examples: list[Example], fit: Callable = fit_ranker) -> list[np.ndarray]:
    """Each question's unit logits from a model (`fit`) fitted without that question's fold."""
    return held_out_logits(examples, question_folds(examples), fit)


def out_of_corpus_logits(examples: list[Example], fit: Callable = fit_ranker) -> list[np.ndarray]:
    """Each question's unit logits from a model (`fit`) fitted without that question's corpus: what a corpus
    nobody tuned on gets."""
    return held_out_logits(examples, np.array([e.question.corpus for e in examples]), fit)


def held_out_logits(examples: list[Example], fold_of: np.ndarray, fit: Callable) -> list[np.ndarray]:
    """Each question's unit logits from a model (`fit`) fitted on the examples of the other folds."""
    logits: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for fold in np.unique(fold_of):
        train = [e for e, f in zip(examples, fold_of, strict=True) if f != fold]
        model = fit(train)
        for i in np.flatnonzero(fold_of == fold):
            logits[i] = model.logits(examples[i].features)
    return logits
