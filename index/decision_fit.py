"""Fitting the decision to answer or refuse, and the logistic fitters it shares with the stated model.

The refusal model is a logistic model with pairwise interactions (index/scoring.py `Pairwise`) on a question's
REFUSAL_FEATURES, strongly regularised: in cross-validation on tune it refuses more of the questions to refuse at the
same false-refusal rate than a linear model. The answer threshold and the second-unit margin are chosen on
out-of-fold probabilities; `decision_by_corpus` reports the decision with the ranker, the refusal model and the
threshold fitted on the other corpora only. Training only, with scikit-learn: the product applies the JSON with numpy.
"""

from __future__ import annotations

import hashlib
import statistics
from typing import Protocol

import numpy as np

from index.answering import select, siblings
from index.eval_question import EvalQuestion
from index.evaluation import missing_expectations
from index.features import Evidence
from index.refusal_features import REFUSAL_FEATURES
from index.scoring import AnswerModel, Linear, Pairwise, pairwise_terms


class Example(Protocol):
    """What the decision needs of a labelled tune question (index/training_examples.py `Example`)."""

    question: EvalQuestion
    evidence: Evidence
    labels: np.ndarray
    quoted: list[str]  # what each unit is quoted as: its text, with the items it announces


MAX_MEDIAN_CHARS = 200  # the bar is 300 characters; leave room for citation marks, dates and date notes
MAX_FALSE_REFUSAL = 0.05  # the bar for answerable questions refused
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)  # for the second unit, and for a list answer's siblings
REGULARISATION = 0.5  # inverse L2 strength on standardised features
# The refusal model's inverse L2 strength: its 171 terms are learned from about 1,500 question views, and a strong
# pull towards zero refuses the most in cross-validation on tune, by question folds and by corpus (0.001-0.005 alike;
# 0.01 and up refuse less; 0.0005 no more).
REFUSAL_REGULARISATION = 0.002
FOLDS = 5


def column_scaling(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's mean and spread, a constant column's spread taken as 1: what standardises the features."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def fit_linear(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], *, c: float = REGULARISATION) -> Linear:
    """Logistic regression on standardised features, the scaling folded back into the weights."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = column_scaling(x)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0] - np.sum(model.coef_[0] * mean / scale))
    return Linear(names, weights.astype(np.float32), bias)


def fit_pairwise(
    x: np.ndarray, y: np.ndarray, names: tuple[str, ...], *, c: float = REFUSAL_REGULARISATION
) -> Pairwise:
    """Logistic regression on the standardised features and their pairwise products."""
    mean, scale = (v.astype(np.float64) for v in column_scaling(x))
    terms = pairwise_terms((x - mean) / scale)
    linear = fit_linear(terms, y, tuple(str(i) for i in range(terms.shape[1])), c=c)
    return Pairwise(names, mean, scale, linear.weights.astype(np.float64), linear.bias)


def question_folds(examples: list[Example]) -> np.ndarray:
    """Folds by question, so a question asked in two views never informs its own score."""
    keys = [f"{e.question.corpus}/{e.question.id}" for e in examples]
    return np.array([int(hashlib.sha256(k.encode()).hexdigest(), 16) % FOLDS for k in keys])


def _probability(model: Pairwise, vectors: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-model.logits(vectors)))


def out_of_fold_probability(vectors: np.ndarray, labels: np.ndarray, examples: list[Example]) -> np.ndarray:
    fold_of = question_folds(examples)
    out = np.zeros(len(examples))
    for fold in range(FOLDS):
        train = fold_of != fold
        if train.all():
            continue
        out[~train] = _probability(fit_pairwise(vectors[train], labels[train], REFUSAL_FEATURES), vectors[~train])
    return out


def picks_right(example: Example, picks: tuple[int, ...]) -> bool:
    """Whether the quoted units answer the question: one of them alone, or all of them together (a list answer
    quoted from several rows or sentences)."""
    if example.labels[list(picks)].any():
        return True
    units = [example.evidence.units[i] for i in picks]
    if len(picks) < 2 or example.question.abstain or not all(siblings(units[0], u) for u in units[1:]):
        return False
    return not missing_expectations(example.question, " ".join(example.quoted[i] for i in picks))


def outcomes(
    examples: list[Example], logits: list[np.ndarray], margin: float, sibling_margin: float = 0.0
) -> tuple[np.ndarray, float]:
    """Whether the quoted units would be right for each question, and the median quoted length."""
    picks = [select(e.evidence, lg, margin, sibling_margin) for e, lg in zip(examples, logits, strict=True)]
    right = np.array([picks_right(e, p) for e, p in zip(examples, picks, strict=True)])
    lengths = [
        sum(len(e.quoted[i]) + 4 for i in p) for e, p in zip(examples, picks, strict=True) if not e.question.abstain
    ]
    return right, statistics.median(lengths) if lengths else 0.0


def _shortest_within_noise(outcomes_by_margin: dict[float, np.ndarray]) -> float:
    """The smallest margin whose share of questions answered right (one 0/1 outcome per question) is within one
    standard error of the best margin's, the error of their paired difference on the same questions: a larger margin
    quotes more for every question, and a gain within the noise of the estimate is not worth it."""
    best = max(outcomes_by_margin, key=lambda m: (outcomes_by_margin[m].mean(), -m))
    top = outcomes_by_margin[best].astype(float)
    for margin in sorted(outcomes_by_margin):
        difference = top - outcomes_by_margin[margin]
        if difference.mean() <= difference.std() / np.sqrt(max(len(difference), 1)):
            return margin
    return best


def choose_sibling_margin(examples: list[Example], logits: list[np.ndarray]) -> float:
    """The margin within which a list answer quotes the best unit's siblings: the smallest whose share of answerable
    questions answered right is within noise of the best, the median answer staying within MAX_MEDIAN_CHARS."""
    answerable = np.array([not e.question.abstain for e in examples])
    right_by_margin = {}
    for margin in MARGINS:
        right, median = outcomes(examples, logits, 0.0, margin)
        if not margin or median <= MAX_MEDIAN_CHARS:
            right_by_margin[margin] = right[answerable].astype(float)
    return _shortest_within_noise(right_by_margin)


def choose_policy(
    examples: list[Example], logits: list[np.ndarray], probability: np.ndarray
) -> tuple[float, float, float]:
    """The sibling margin (`choose_sibling_margin`), then for each second-unit margin the answer threshold with the
    best answer accuracy plus refusal rate (the two bars, weighed alike however many questions each has) among
    those that refuse at most MAX_FALSE_REFUSAL of the answerable questions; of the margins, the smallest whose
    answer accuracy is within noise of the best one's."""
    siblings = choose_sibling_margin(examples, logits)
    answerable = np.array([not e.question.abstain for e in examples])
    n_answerable, n_refuse = max(int(answerable.sum()), 1), max(int((~answerable).sum()), 1)
    best: dict[float, tuple[tuple, float, np.ndarray]] = {}  # margin -> (key, threshold, answered right)
    for margin in MARGINS:
        right, median = outcomes(examples, logits, margin, siblings)
        if margin and median > MAX_MEDIAN_CHARS:  # a single unit is always allowed
            continue
        for threshold in sorted({*np.round(probability, 3), 0.0}):
            answered = probability >= threshold
            if np.sum(~answered & answerable) > MAX_FALSE_REFUSAL * n_answerable:
                continue
            accuracy = np.sum(answered & answerable & right) / n_answerable
            refusal = np.sum(~answered & ~answerable) / n_refuse
            key = (round(float(accuracy + refusal), 9), -threshold)
            if margin not in best or key > best[margin][0]:
                best[margin] = (key, float(threshold), (answered & right)[answerable].astype(float))
    assert best
    margin = _shortest_within_noise({m: b[2] for m, b in best.items()})
    return best[margin][1], margin, siblings


def _rates(answerable: np.ndarray, answered: np.ndarray, right: np.ndarray) -> dict:
    n_answerable, n_refuse = max(int(answerable.sum()), 1), max(int((~answerable).sum()), 1)
    return {
        "answer_accuracy": round(float((answered & right & answerable).sum() / n_answerable), 4),
        "false_refusal": round(float((~answered & answerable).sum() / n_answerable), 4),
        "refusal": round(float((~answered & ~answerable).sum() / n_refuse), 4),
    }


def figures(examples: list[Example], logits: list[np.ndarray], probability: np.ndarray, model: AnswerModel) -> dict:
    """Cross-validated tune figures of a fitted policy."""
    answerable = np.array([not e.question.abstain for e in examples])
    answered = probability >= model.answer_threshold
    right, median = outcomes(examples, logits, model.second_unit_margin, model.sibling_margin)
    first, _ = outcomes(examples, logits, 0.0)
    reachable = answerable & np.array([bool(e.labels.any()) for e in examples])
    return {
        "answerable": int(answerable.sum()),
        "to_refuse": int((~answerable).sum()),
        "right_unit_among_candidates": round(float(reachable.sum() / max(answerable.sum(), 1)), 4),
        "right_unit_first_when_present": round(float((first & reachable).sum() / max(reachable.sum(), 1)), 4),
        **_rates(answerable, answered, right),
        "median_quoted_chars": median,
    }


def refused_by_reason(examples: list[Example], answered: np.ndarray) -> dict[str, float]:
    """The share refused of the questions to refuse, by why no document answers them (neighbour, unstated …)."""
    reasons = np.array([e.question.refusal or "" for e in examples])
    return {
        r: round(float((~answered & (reasons == r)).sum() / (reasons == r).sum()), 4)
        for r in sorted(set(reasons) - {""})
    }


def decision_by_corpus(
    examples: list[Example], logits: list[np.ndarray], unseen_logits: list[np.ndarray], unseen_vectors: np.ndarray
) -> dict:
    """The decision cross-validated by corpus, as a corpus nobody tuned on gets it: each corpus's questions (in every
    view) ranked by a unit ranker fitted without that corpus (`unseen_logits`, and the refusal features from them,
    `unseen_vectors`) and decided by a refusal model, threshold and margin fitted on the other corpora alone (on
    their refusal features out of corpus, as in training, and their question-fold logits). Per corpus, with how often
    the right unit is ranked first when it is among the candidates, and pooled, with the share refused of each reason to
    refuse (neighbour, unstated, offtopic); empty with fewer than two corpora."""
    corpus = np.array([e.question.corpus for e in examples])
    if len(set(corpus)) < 2:
        return {}
    answerable = np.array([not e.question.abstain for e in examples])
    reachable = answerable & np.array([bool(e.labels.any()) for e in examples])
    answered, right = np.zeros(len(examples), dtype=bool), np.zeros(len(examples), dtype=bool)
    first = np.zeros(len(examples), dtype=bool)
    for name in sorted(set(corpus)):
        train, held = np.flatnonzero(corpus != name), np.flatnonzero(corpus == name)
        train_examples, train_logits = [examples[i] for i in train], [logits[i] for i in train]
        labels = answerable[train].astype(np.int8)
        probability = out_of_fold_probability(unseen_vectors[train], labels, train_examples)
        threshold, margin, siblings = choose_policy(train_examples, train_logits, probability)
        model = fit_pairwise(unseen_vectors[train], labels, REFUSAL_FEATURES)
        answered[held] = _probability(model, unseen_vectors[held]) >= threshold
        held_examples, held_logits = [examples[i] for i in held], [unseen_logits[i] for i in held]
        right[held], _ = outcomes(held_examples, held_logits, margin, siblings)
        first[held], _ = outcomes(held_examples, held_logits, 0.0)

    def rates(chosen: np.ndarray) -> dict:
        first_rate = (first & reachable & chosen).sum() / max((reachable & chosen).sum(), 1)
        return _rates(answerable[chosen], answered[chosen], right[chosen]) | {
            "right_unit_first_when_present": round(float(first_rate), 4)
        }

    return {name: rates(corpus == name) for name in sorted(set(corpus))} | {
        "pooled": rates(np.ones(len(examples), dtype=bool))
        | {"refusal_by_reason": refused_by_reason(examples, answered)}
    }
