"""Fitting the question-kind model in training: each question's kinds predicted as for a corpus never seen."""

from dataclasses import replace

import numpy as np
import pytest

from index.eval_question import EvalQuestion
from index.features import UNIT_COLUMN, UNIT_FEATURES, Evidence
from index.kind_fit import fit_kinds
from index.question_kind import AGREEMENT_FEATURES, QUESTION_KINDS
from index.schema import Chunk
from index.units import units_of

DATED = Chunk("c", "c.md", "Launch", "Date", 0, "It launches on 3 May 2028.", ("It launches on 3 May 2028.",))
# The kinds each corpus asks, each kind read from one input; only "c" asks a yes or no.
KINDS = {"a": ("date", "place"), "b": ("date", "place"), "c": ("place", "yesno")}
INPUT = {"date": 0, "place": 1, "yesno": 2}


def example(corpus: str, kind: str, i: int, view: str | None = None, split: str = "tune"):
    from index.training_examples import Example

    units = units_of(DATED)
    n = len(units)
    evidence = Evidence(
        info=None,
        content_terms=(),
        acronyms=(),
        units=units,
        unit_similarity=np.zeros(n, np.float32),
        chunk_similarity=np.zeros(n, np.float32),
        chunk_lexical=np.zeros(n, np.float32),
        chunk_rank=np.zeros(n, np.float32),
        published=[None] * n,
        soft=np.zeros((n, 0), np.float32),
        late=np.zeros((n, 0), np.float32),
    )
    question = EvalQuestion(f"{corpus}-{kind}-{i}", "?", "plain", False, split=split, kind=kind, corpus=corpus)
    kind_input = np.zeros(3, np.float32)
    kind_input[INPUT[kind]] = 1.0
    features = np.zeros((n, len(UNIT_FEATURES)), np.float32)
    return Example(question, view or corpus, evidence, features, np.zeros(n, np.int8), [], None, None, kind_input)


def examples() -> list:
    own = [example(c, k, i) for c, kinds in KINDS.items() for k in kinds for i in range(6)]
    return own + [replace(e, view="all") for e in own]


def kind_probability(e, kind: str) -> float:
    return float(e.evidence.kinds[QUESTION_KINDS.index(kind)])


def test_each_question_s_kinds_are_predicted_by_a_model_fitted_without_its_corpus():
    _, out, measured = fit_kinds(examples())
    c = [e for e in out if e.question.corpus == "c"]
    # No other corpus asks a yes or no: c's questions are never predicted to want one, though they do.
    assert c and all(kind_probability(e, "yesno") < 1e-6 for e in c)
    assert all(kind_probability(e, "place") > 0.5 for e in c if e.question.kind == "place")
    # The others learn it from c.
    a_inputs = [e for e in out if e.question.corpus == "a"]
    assert max(kind_probability(e, "yesno") for e in a_inputs) > 1e-3
    assert measured["accuracy_by_corpus"]["c"] == 0.5 and set(measured["accuracy_by_corpus"]) == {"a", "b", "c", "all"}


def test_a_question_is_predicted_alike_in_every_view_and_its_units_agreement_follows():
    _, out, _ = fit_kinds(examples())
    by_id: dict[str, list] = {}
    for e in out:
        by_id.setdefault(e.question.id, []).append(e)
    for views in by_id.values():
        assert len(views) == 2 and np.allclose(views[0].evidence.kinds, views[1].evidence.kinds)
    dated = next(e for e in out if e.question.corpus == "c" and e.question.kind == "place")
    agreement = dated.features[:, UNIT_COLUMN["kind_agreement"]]
    # The unit gives a date: it agrees as much as the question wants a date or a deadline.
    wanted = kind_probability(dated, "date") + kind_probability(dated, "deadline")
    assert agreement == pytest.approx(np.full(len(agreement), wanted), abs=1e-5)
    assert "kind_agreement" in AGREEMENT_FEATURES


def test_the_model_kept_is_fitted_on_every_corpus():
    model, _, _ = fit_kinds(examples())
    p = model.probabilities(np.eye(3, dtype=np.float32))
    assert [QUESTION_KINDS[i] for i in p.argmax(axis=1)] == ["date", "place", "yesno"]


def test_only_tune_questions_are_learned_from():
    with pytest.raises(ValueError, match="tune"):
        fit_kinds([*examples(), example("a", "date", 99, split="holdout")])
