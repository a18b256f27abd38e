"""Held-out unit logits: each question scored by a model fitted without its fold or its corpus."""

from types import SimpleNamespace

import numpy as np

from index.ranker_fit import out_of_corpus_logits, out_of_fold_logits


class Seen:
    """A stand-in model whose logits name the corpora it was fitted on."""

    def __init__(self, train):
        self.corpora = {e.question.corpus for e in train}
        self.ids = {e.question.id for e in train}

    def logits(self, features):
        return np.full(len(features), float(len(self.corpora)))


def examples():
    return [
        SimpleNamespace(question=SimpleNamespace(corpus=c, id=f"{c}-{i}"), features=np.zeros((2, 1)))
        for c in ("a", "b", "c")
        for i in range(4)
    ]


def test_each_corpus_is_scored_by_a_model_fitted_on_the_others_only():
    fitted = []

    def fit(train):
        fitted.append(Seen(train))
        return fitted[-1]

    logits = out_of_corpus_logits(examples(), fit)
    assert len(fitted) == 3
    assert all(model.corpora == {"a", "b", "c"} - {corpus} for model, corpus in zip(fitted, "abc", strict=True))
    assert [float(lg[0]) for lg in logits] == [2.0] * 12


def test_no_question_is_scored_by_a_model_fitted_on_it():
    fitted = []

    def fit(train):
        fitted.append(Seen(train))
        return fitted[-1]

    out_of_fold_logits(examples(), fit)
    assert sum(len(m.ids) for m in fitted) == 12 * (len(fitted) - 1)
