"""Fitting the question-kind model on the labelled kinds of tune questions, and each question's kind probabilities
from a model fitted without its corpus, so that the answer model learns from kinds predicted as for an unseen one."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from index.features import AGREEMENT_COLUMNS
from index.question_kind import QUESTION_KINDS, KindModel, agreement, fit_kind_model
from index.training_examples import Example

# Inverse L2 strength, chosen by accuracy cross-validated by corpus on tune: 73.7 % of the kinds right at 0.3, 76.2 %
# at 1, 76.9 % at 3, 75.1 % at 10, 74.1 % at 30.
KIND_REGULARISATION = 3.0


def _own_view(examples: list[Example]) -> list[Example]:
    """Each question once, as asked in its own corpus's index."""
    return [e for e in examples if e.view == e.question.corpus]


def _by_corpus(own: list[Example], corpora: set[str], c: float) -> dict[str, KindModel]:
    """For each corpus, the kind model fitted on the questions of the others."""
    models = {}
    for corpus in sorted(corpora):
        train = [e for e in own if e.question.corpus != corpus]
        models[corpus] = fit_kind_model(np.vstack([e.kind_input for e in train]), [e.question.kind for e in train], c=c)
    return models


def _accuracy(own: list[Example], models: dict[str, KindModel]) -> dict[str, float]:
    right: dict[str, list[bool]] = {}
    for e in own:
        predicted = QUESTION_KINDS[int(np.argmax(models[e.question.corpus].probabilities(e.kind_input)))]
        right.setdefault(e.question.corpus, []).append(predicted == e.question.kind)
    out = {corpus: round(float(np.mean(r)), 3) for corpus, r in sorted(right.items())}
    out["all"] = round(float(np.mean([x for r in right.values() for x in r])), 3)
    return out


def fit_kinds(examples: list[Example]) -> tuple[KindModel, list[Example], dict]:
    """The kind model fitted on every question, the examples with their kind probabilities and agreement features
    from the model fitted without their corpus, and that accuracy cross-validated by corpus. Only tune questions
    are learned from."""
    if any(e.question.split != "tune" for e in examples):
        raise ValueError("the question-kind model is fitted on tune questions only")
    own = _own_view(examples)
    unseen = _by_corpus(own, {e.question.corpus for e in examples}, KIND_REGULARISATION)
    model = fit_kind_model(
        np.vstack([e.kind_input for e in own]), [e.question.kind for e in own], c=KIND_REGULARISATION
    )
    out = [_with_kinds(e, unseen[e.question.corpus].probabilities(e.kind_input)) for e in examples]
    return model, out, {"accuracy_by_corpus": _accuracy(own, unseen)}


def _with_kinds(example: Example, probabilities: np.ndarray) -> Example:
    features = example.features.copy()
    features[:, AGREEMENT_COLUMNS] = agreement(probabilities, [u.text for u in example.evidence.units])
    return replace(example, evidence=replace(example.evidence, kinds=probabilities), features=features)
