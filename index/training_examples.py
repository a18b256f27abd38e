"""Labelled tune questions as training examples: each question's candidate units, their features, and which of
them answer it (the smallest self-contained units holding the expected strings, from a right source)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.announced import announces, with_items
from index.eval_corpora import Corpus
from index.eval_question import EvalQuestion
from index.evaluation import EVALUATION_DAY, missing_expectations
from index.excerpt import Match
from index.features import UNIT_FEATURES, Evidence, feature_matrix
from index.question_kind import kind_inputs
from index.quoting import Group, quotes
from index.refusal_features import REFUSAL_FEATURES
from index.scoring import AnswerModel, Linear, Pairwise, Ranker
from index.units import reply_goes_on


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
    kind_input: np.ndarray  # what the question-kind model reads of the question (index/question_kind.py)


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
    """What each candidate is quoted as when chosen alone: its text, or with the items it announces or the rest of
    the FAQ reply it starts (index/announced.py), in part when long (index/quoting.py)."""
    match = Match.of(evidence.content_terms, evidence.info, kb.lexical.idf)
    out = []
    for unit in evidence.units:
        goes_on = announces(unit.text) or reply_goes_on(unit) is not None
        groups = with_items([unit], kb.following, evidence.info, match) if goes_on else [Group([unit])]
        out.append(" ".join(q.text for q in quotes(groups, match)))
    return out


def minimal_only(units, labels: np.ndarray) -> None:
    """Right units are the smallest self-contained ones: a sentence alone, unless it leans on the one before it
    ("It launched on …"), and then the two together; a longer span (a count with what it counts) only when no
    sentence of it answers alone."""
    index = {(u.chunk.id, u.first, u.last): i for i, u in enumerate(units)}
    for i, unit in enumerate(units):
        if not unit.joined:
            continue
        if unit.last > unit.first + 1:
            inside = (
                k
                for k, other in enumerate(units)
                if k != i and other.chunk.id == unit.chunk.id and unit.first <= other.first <= other.last <= unit.last
            )
            if any(labels[k] for k in inside):
                labels[i] = 0
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
        if kb.answer_from_records(question.question, EVALUATION_DAY) is not None:
            continue  # answered from deadline records or front matter, not by the model
        retrieval, evidence = kb.evidence(question.question)
        if not evidence.units:
            continue
        features = feature_matrix(evidence, kb.lexical.idf)
        quoted = quoted_texts(kb, evidence)
        labels = np.array([is_right(u, question, q) for u, q in zip(evidence.units, quoted, strict=True)], np.int8)
        minimal_only(evidence.units, labels)
        kind_input = kind_inputs(retrieval.query_vector, evidence.info.text)
        out.append(
            Example(question, view, evidence, features, labels, quoted, kb.lexical.idf, kb.lexical.knows, kind_input)
        )
    return out
