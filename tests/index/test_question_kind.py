import numpy as np
import pytest

from index.errors import IndexCorruptError
from index.question_kind import (
    AGREEMENT_FEATURES,
    LEXICAL_INPUTS,
    QUESTION_KINDS,
    KindModel,
    agreement,
    fit_kind_model,
    kind_inputs,
    lexical_inputs,
    load_kind_model,
)


def probabilities(**wanted: float) -> np.ndarray:
    return np.array([wanted.get(kind, 0.0) for kind in QUESTION_KINDS], dtype=np.float32)


def test_the_lexical_inputs_read_the_wh_word_form_and_whether_several_things_are_asked_for():
    inputs = dict(zip(LEXICAL_INPUTS, lexical_inputs("Which ground stations are in the network?"), strict=True))
    assert inputs["form_which"] == 1.0 and inputs["several"] == 1.0
    assert sum(v for k, v in inputs.items() if k.startswith("form_")) == 1.0
    assert dict(zip(LEXICAL_INPUTS, lexical_inputs("When does it launch?"), strict=True))["form_when"] == 1.0


def test_a_model_that_knows_nothing_finds_every_kind_equally_likely():
    model = KindModel.uniform(4)
    p = model.probabilities(kind_inputs(np.ones(4, dtype=np.float32), "When does it launch?"))
    assert p.shape == (len(QUESTION_KINDS),) and np.allclose(p, 1 / len(QUESTION_KINDS))


def test_inputs_of_another_embedding_size_are_refused_with_a_reason():
    with pytest.raises(IndexCorruptError, match="retrain"):
        KindModel.uniform(4).probabilities(kind_inputs(np.ones(8, dtype=np.float32), "When?"))


def test_the_model_reads_back_what_it_writes_and_refuses_another_list_of_kinds():
    model = fit_kind_model(
        np.eye(3, dtype=np.float32).repeat(4, axis=0), ["date"] * 4 + ["place"] * 4 + ["yesno"] * 4, c=10
    )
    again = KindModel.from_json(model.to_json())
    assert np.allclose(again.weights, model.weights, atol=1e-4)
    with pytest.raises(IndexCorruptError, match="kinds"):
        KindModel.from_json(model.to_json() | {"kinds": ["date"]})


def test_a_fitted_model_predicts_the_kinds_it_learned_and_never_one_it_never_saw():
    x = np.eye(3, dtype=np.float32).repeat(4, axis=0)
    model = fit_kind_model(x, ["date"] * 4 + ["place"] * 4 + ["yesno"] * 4, c=10)
    p = model.probabilities(x[[0, 4, 8]])
    assert [QUESTION_KINDS[i] for i in p.argmax(axis=1)] == ["date", "place", "yesno"]
    assert p[:, QUESTION_KINDS.index("metadata")].max() < 1e-6


def test_a_span_agrees_with_a_question_as_likely_as_the_question_wants_a_kind_the_span_gives():
    wanted = probabilities(date=0.4, deadline=0.2, number=0.3, yesno=0.1)
    rows = agreement(
        wanted, ["It launches on 3 May 2028.", "It carries four cameras and 3 May 2028 is its date.", "It drills."]
    )
    features = [dict(zip(AGREEMENT_FEATURES, row.tolist(), strict=True)) for row in rows]
    dated, counted, neither = features
    assert dated["kind_agreement"] == pytest.approx(0.6)
    assert counted["kind_agreement"] == pytest.approx(0.9)
    assert set(neither.values()) == {0.0}
    assert agreement(wanted, []).shape == (0, len(AGREEMENT_FEATURES))


def test_a_model_fitted_on_two_kinds_tells_them_apart():
    x = np.eye(2, dtype=np.float32).repeat(4, axis=0)
    p = fit_kind_model(x, ["place"] * 4 + ["yesno"] * 4, c=10).probabilities(x[[0, 4]])
    assert [QUESTION_KINDS[i] for i in p.argmax(axis=1)] == ["place", "yesno"] and p.max(axis=1).min() > 0.7


def test_the_stored_model_reads_the_bundled_encoder_s_questions(embedder):
    model = load_kind_model()
    p = model.probabilities(kind_inputs(embedder.encode_one("When will Chang'e-8 launch?"), "When will it launch?"))
    assert p.sum() == pytest.approx(1.0, abs=1e-5)
    assert QUESTION_KINDS[int(p.argmax())] in ("date", "deadline")


def test_a_model_reads_only_the_embedding_size_it_learned_from():
    assert KindModel.uniform(4).reads(4) and not KindModel.uniform(4).reads(8)
