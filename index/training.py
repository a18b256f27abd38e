"""Fitting the answer model on labelled tune questions: candidate units labelled, a unit ranker, a stated model, a
refusal model, a policy.

A unit is right when it holds the expected strings of the question (every string of one group) and comes from one of
its sources. The unit ranker (a linear score, with boosted trees fitted on top of it: index/boosting.py) ranks a
question's units against each other; the stated model, a logistic model over the units of every question (those to
refuse included), says how likely a unit states an answer at all; the refusal model, on the best unit and what
surrounds it, says whether to answer (index/decision_fit.py, with the answer threshold and the margin for quoting a
second unit, chosen on the same tune questions from cross-validated scores). Only tune questions are ever passed in
(`tune_only`). scikit-learn and scipy, development dependencies, are imported only in training: the product loads the
JSON with numpy (index/scoring.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from index.announced import announces, with_items
from index.boosting import Groups, Settings, fit_trees
from index.decision_fit import (
    choose_policy,
    column_scaling,
    decision_by_corpus,
    figures,
    fit_linear,
    fit_pairwise,
    out_of_fold_probability,
    question_folds,
)
from index.eval_corpora import Corpus, build_view, views
from index.eval_question import EvalQuestion
from index.evaluation import missing_expectations
from index.excerpt import Match
from index.features import UNIT_FEATURES, Evidence, feature_matrix
from index.quoting import Group, quotes
from index.refusal_features import REFUSAL_FEATURES, refusal_vector
from index.scoring import AnswerModel, Linear, Pairwise, Ranker

# The boosted trees fitted on top of the unit ranker's linear score: few small trees, many rows per leaf, strong
# shrinkage. Chosen by cross-validation on tune questions, by question folds and by corpus (each corpus ranked and
# decided by models fitted on the others): a linear score with 50 trees on top answers and refuses more questions right
# than 150 trees alone or the linear score alone. More or deeper trees (100 of depth 2, 50-150 of depth 3, leaves of
# 20-40 rows) put the right unit first about as often (72-73 %), answer up to 1.7 points more questions right by corpus
# and refuse 1.6-2.6 points fewer, by corpus and by question folds: no better on the two together.
TREES = Settings(trees=50, depth=2, learning_rate=0.1, min_rows=80, l2=5.0)


@dataclass
class Example:
    """One tune question asked in one view: its candidate units, their features and labels."""

    question: EvalQuestion
    view: str
    evidence: Evidence
    features: np.ndarray
    labels: np.ndarray  # 1 for a unit that answers the question
    quoted: list[str]  # what each unit is quoted as: its text, with the items it announces when the question wants them
    idf: Callable[[str], float]
    known: Callable[[str], bool]


def tune_only(corpus: Corpus) -> Corpus:
    return Corpus(corpus.name, corpus.docs, tuple(q for q in corpus.questions if q.split == "tune"))


def untrained_model() -> AnswerModel:
    """A model that scores nothing: used while collecting features, which do not depend on the weights."""
    return AnswerModel(
        units=Ranker(UNIT_FEATURES, Linear(UNIT_FEATURES, np.zeros(len(UNIT_FEATURES), dtype=np.float32), 0.0)),
        stated=Linear(UNIT_FEATURES, np.zeros(len(UNIT_FEATURES), dtype=np.float32), 0.0),
        refusal=Pairwise(
            REFUSAL_FEATURES,
            np.zeros(len(REFUSAL_FEATURES)),
            np.ones(len(REFUSAL_FEATURES)),
            np.zeros(len(REFUSAL_FEATURES) * (len(REFUSAL_FEATURES) + 1) // 2),
            0.0,
        ),
        answer_threshold=0.5,
        second_unit_margin=0.0,
        sibling_margin=0.0,
        training={},
    )


def is_right(unit, question: EvalQuestion, quoted: str | None = None) -> bool:
    """Whether the unit, quoted as `quoted` (its text by default), answers the question from a right source."""
    if question.abstain:
        return False
    if question.sources and unit.chunk.doc_path not in question.sources:
        return False
    return not missing_expectations(question, unit.text if quoted is None else quoted)


def quoted_texts(kb, evidence: Evidence) -> list[str]:
    """What each candidate is quoted as when chosen alone: its text, or with the items it announces
    (index/announced.py), in part when long (index/quoting.py)."""
    match = Match.of(evidence.content_terms, evidence.info, kb.lexical.idf)
    out = []
    for unit in evidence.units:
        groups = with_items([unit], kb.following, evidence.info, match) if announces(unit.text) else [Group([unit])]
        out.append(" ".join(q.text for q in quotes(groups, match)))
    return out


def minimal_only(units, labels: np.ndarray) -> None:
    """Right units are the smallest self-contained ones: a sentence alone, unless it leans on the one before it
    ("It launched on …"), and then the two together."""
    index = {(u.chunk.id, u.first, u.last): i for i, u in enumerate(units)}
    for i, unit in enumerate(units):
        if not unit.joined:
            continue
        alone = index.get((unit.chunk.id, unit.last, unit.last))
        before = index.get((unit.chunk.id, unit.first, unit.first))
        if alone is not None and labels[alone]:  # the leaning sentence answers: quote it with its neighbour
            labels[i], labels[alone] = 1, 0
        elif before is not None and labels[before]:  # the first sentence answers alone
            labels[i] = 0


def examples_of(kb, view: str, questions) -> list[Example]:
    out = []
    for question in questions:
        if kb.answer_from_records(question.question, date.today()) is not None:
            continue  # answered from deadline records or front matter, not by the model
        _, evidence = kb.evidence(question.question)
        if not evidence.units:
            continue
        features = feature_matrix(evidence, kb.lexical.idf)
        quoted = quoted_texts(kb, evidence)
        labels = np.array([is_right(u, question, q) for u, q in zip(evidence.units, quoted, strict=True)], np.int8)
        minimal_only(evidence.units, labels)
        out.append(Example(question, view, evidence, features, labels, quoted, kb.lexical.idf, kb.lexical.knows))
    return out


def collect(corpora: list[Corpus], cache: Path, embedder, *, include_all: bool = True) -> list[Example]:
    """Examples from every corpus's own index and, with `include_all`, from one index of all of them (asked with
    the labels that hold there; questions without a single right answer there are left out)."""
    examples: list[Example] = []
    tune = [tune_only(c) for c in corpora]
    for view in views(tune, include_all=include_all):
        kb, _ = build_view(view.folders, cache / view.name, embedder, model=untrained_model())
        examples += examples_of(kb, view.name, view.questions)
    return examples


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
    """Whether a unit states the answer to its question, over every candidate of every question."""
    x = np.vstack([e.features for e in examples])
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
) -> tuple[AnswerModel, dict]:
    """Fit the models and the policy on `examples` (tune questions only); with `by_corpus`, the figures also hold
    the decision cross-validated by corpus (`decision_by_corpus`)."""
    if any(e.question.split != "tune" for e in examples):
        raise ValueError("the answer model is trained on tune questions only")
    y = np.concatenate([e.labels for e in examples])
    units, stated = fit_ranker(examples, trees), fit_stated(examples)
    logits = out_of_fold_logits(examples, lambda train: fit_ranker(train, trees))
    vectors = refusal_vectors(examples, logits, out_of_fold_logits(examples, fit_stated))
    answerable = np.array([not e.question.abstain for e in examples], dtype=np.int8)
    refusal = fit_pairwise(vectors, answerable, REFUSAL_FEATURES)
    probability = out_of_fold_probability(vectors, answerable, examples)
    threshold, margin, siblings = choose_policy(examples, logits, probability)
    model = AnswerModel(units, stated, refusal, threshold, margin, siblings, {})
    measured = figures(examples, logits, probability, model)
    if by_corpus:
        unseen = out_of_corpus_logits(examples, lambda train: fit_ranker(train, trees))
        unseen_vectors = refusal_vectors(examples, unseen, out_of_corpus_logits(examples, fit_stated))
        measured["decision_by_corpus"] = decision_by_corpus(examples, logits, vectors, unseen, unseen_vectors)
    training = {
        "corpora": sorted({e.question.corpus for e in examples}),
        "views": sorted({e.view for e in examples}),
        "questions": len(examples),
        "unit_rows": len(y),
        "positive_rows": int(y.sum()),
        "data_hash": data_hash(examples),
        "tune_cross_validated": measured,
    }
    return AnswerModel(units, stated, refusal, threshold, margin, siblings, training), measured
