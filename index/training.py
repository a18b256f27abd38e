"""Fitting the answer model on labelled tune questions: candidate units labelled (index/training_examples.py), a unit
ranker and a stated model (index/ranker_fit.py), a refusal model, a policy.

A unit is right when it holds the expected strings of the question (every string of one group) and comes from one of
its sources. The unit ranker (a linear score, with boosted trees fitted on top of it: index/boosting.py) ranks a
question's units against each other; the stated model, a logistic model over the units of every question (those to
refuse included), says how likely a unit states an answer at all; the refusal model, on the best unit and what
surrounds it, says whether to answer (index/decision_fit.py, with the answer threshold and the margin for quoting a
second unit, chosen on the same tune questions from cross-validated scores). The kind of answer each question wants
is learned first (index/kind_fit.py). Only tune questions are ever passed in
(`tune_only`). scikit-learn and scipy, development dependencies, are imported only in training: the product loads the
JSON with numpy (index/scoring.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from index.boosting import Settings
from index.decision_fit import (
    choose_policy,
    decision_by_corpus,
    figures,
    fit_pairwise,
    out_of_fold_probability,
)
from index.eval_corpora import Corpus, build_view, views
from index.kind_fit import fit_kinds
from index.question_kind import KindModel
from index.ranker_fit import fit_ranker, fit_stated, out_of_corpus_logits, out_of_fold_logits
from index.refusal_features import REFUSAL_FEATURES, refusal_vector
from index.scoring import AnswerModel
from index.training_examples import Example, examples_of, tune_only, untrained_model

# The boosted trees fitted on top of the unit ranker's linear score: few small trees, many rows per leaf, strong
# shrinkage. Chosen by cross-validation on tune questions, by question folds and by corpus (each corpus ranked and
# decided by models fitted on the others): a linear score with 50 trees on top answers and refuses more questions right
# than 150 trees alone or the linear score alone. More or deeper trees (100 of depth 2, 50-150 of depth 3, leaves of
# 20-40 rows) put the right unit first about as often (72-73 %), answer up to 1.7 points more questions right by corpus
# and refuse 1.6-2.6 points fewer, by corpus and by question folds: no better on the two together.
TREES = Settings(trees=50, depth=2, learning_rate=0.1, min_rows=80, l2=5.0)


def collect(corpora: list[Corpus], cache: Path, embedder, *, include_all: bool = True) -> list[Example]:
    """Examples from every corpus's own index and, with `include_all`, from one index of all of them (asked with
    the labels that hold there; questions without a single right answer there are left out)."""
    examples: list[Example] = []
    tune = [tune_only(c) for c in corpora]
    for view in views(tune, include_all=include_all):
        # The kinds each question wants are predicted in training, by a kind model that has not seen its corpus.
        kinds = KindModel.uniform(embedder.dimension)
        kb, _ = build_view(view.folders, cache / view.name, embedder, model=untrained_model(), kinds=kinds)
        examples += examples_of(kb, view.name, view.questions)
    return examples


def refusal_vectors(examples: list[Example], logits: list[np.ndarray], stated: list[np.ndarray]) -> np.ndarray:
    """Each question's REFUSAL_FEATURES, from its units' ranker and stated-model logits."""
    return np.vstack(
        [
            refusal_vector(e.evidence, e.features, lg, st, e.idf, e.known)
            for e, lg, st in zip(examples, logits, stated, strict=True)
        ]
    )


def data_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.view}/{e.question.corpus}/{e.question.id}".encode())
        digest.update(np.round(e.features, 4).tobytes())
        digest.update(e.labels.tobytes())
    return digest.hexdigest()[:16]


def train(
    examples: list[Example], trees: Settings | None = TREES, *, by_corpus: bool = False
) -> tuple[AnswerModel, KindModel, dict]:
    """Fit the question-kind model, then the answer models and the policy on `examples` (tune questions only) with
    each question's kind predicted by a kind model fitted without its corpus; with `by_corpus`, the figures also hold
    the decision cross-validated by corpus (`decision_by_corpus`)."""
    if any(e.question.split != "tune" for e in examples):
        raise ValueError("the answer model is trained on tune questions only")
    kinds, examples, kinds_measured = fit_kinds(examples)
    y = np.concatenate([e.labels for e in examples])
    units, stated = fit_ranker(examples, trees), fit_stated(examples)
    logits = out_of_fold_logits(examples, lambda train: fit_ranker(train, trees))
    # The refusal model learns from each question's features as a corpus nobody tuned on gives them: its units
    # scored by a ranker and stated model fitted without its corpus. Ranked by models that know the corpus, the
    # features look surer than the product ever sees them on a new one, and the threshold does not carry over.
    unseen = out_of_corpus_logits(examples, lambda train: fit_ranker(train, trees))
    vectors = refusal_vectors(examples, unseen, out_of_corpus_logits(examples, fit_stated))
    answerable = np.array([not e.question.abstain for e in examples], dtype=np.int8)
    refusal = fit_pairwise(vectors, answerable, REFUSAL_FEATURES)
    probability = out_of_fold_probability(vectors, answerable, examples)
    threshold, margin, siblings = choose_policy(examples, logits, probability)
    model = AnswerModel(units, stated, refusal, threshold, margin, siblings, {})
    measured = figures(examples, logits, probability, model)
    measured["question_kind"] = kinds_measured
    if by_corpus:
        measured["decision_by_corpus"] = decision_by_corpus(examples, logits, unseen, vectors)
    training = {
        "corpora": sorted({e.question.corpus for e in examples}),
        "views": sorted({e.view for e in examples}),
        "questions": len(examples),
        "unit_rows": len(y),
        "positive_rows": int(y.sum()),
        "data_hash": data_hash(examples),
        "tune_cross_validated": measured,
    }
    return AnswerModel(units, stated, refusal, threshold, margin, siblings, training), kinds, measured
