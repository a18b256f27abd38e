"""A run's figures per split and the report printed from them."""

from __future__ import annotations

import json

import pytest

from index.eval_report import by_split, format_report, summarise
from index.evaluation import QuestionScore


def _score(id_, *, group="date", split="tune", should_abstain=False, abstained=False, correct=True, **rest):
    return QuestionScore(
        id=id_,
        question=f"question {id_}?",
        split=split,
        style="plain",
        group=group,
        should_abstain=should_abstain,
        abstained=abstained,
        correct=correct,
        answer_text=rest.get("text", "ok"),
        source_right=rest.get("source_right"),
        hits=rest.get("hits", {1: True, 3: True}),
        missing=() if correct or abstained else ("x",),
    )


def test_summarise_computes_every_metric():
    no_hits = {1: None, 3: None}
    scores = [
        _score("a", text="a" * 10, source_right=True),
        _score("b", text="b" * 30, hits={1: False, 3: True}, source_right=False),
        _score("c", correct=False, text="c" * 50, hits={1: False, 3: False}, source_right=True),
        _score("d", abstained=True, correct=False, text="no"),  # false refusal
        _score("e", group="refuse:offtopic", should_abstain=True, abstained=True, hits=no_hits),
        _score("f", group="refuse:neighbour", should_abstain=True, correct=False, text="f" * 100, hits=no_hits),
        _score("g", group="refuse:neighbour", should_abstain=True, abstained=True, hits=no_hits),
    ]
    summary = summarise(scores)
    assert (summary["questions"], summary["answerable"], summary["to_refuse"]) == (7, 4, 3)
    assert summary["accuracy"] == pytest.approx(4 / 7)
    assert summary["answer_accuracy"] == pytest.approx(2 / 4)
    assert summary["refusal_rate"] == pytest.approx(2 / 3)
    assert summary["false_refusal_rate"] == pytest.approx(1 / 4)
    assert summary["source_first"] == pytest.approx(2 / 3)
    assert summary["hit_at_1"] == pytest.approx(2 / 4)
    assert summary["hit_at_3"] == pytest.approx(3 / 4)
    assert summary["median_answer_chars"] == 40  # of the answered: 10, 30, 50, 100
    assert summary["p90_answer_chars"] == pytest.approx(85)  # 90 % of the way from the first to the last: 50 + 0.7 * 50
    assert summary["accuracy_by_group"] == {"date": 0.5, "refuse:neighbour": 0.5, "refuse:offtopic": 1.0}
    assert [f["id"] for f in summary["failures"]] == ["c", "d", "f"]
    assert summary["retrieval_misses"] == ["c"]
    json.dumps(summary)  # the script writes it as JSON


def test_summarise_reports_undefined_rates_as_none():
    summary = summarise([_score("a")])
    assert summary["refusal_rate"] is None
    assert summary["source_first"] is None
    assert summary["failures"] == []


def test_by_split_summarises_tune_then_holdout():
    splits = by_split([_score("h", split="holdout", correct=False), _score("t"), _score("t2")])
    assert list(splits) == ["tune", "holdout"]
    assert splits["tune"]["answer_accuracy"] == 1.0
    assert splits["holdout"]["answer_accuracy"] == 0.0


def test_report_shows_splits_side_by_side_and_only_tune_failures_by_default():
    splits = by_split(
        [
            _score("a"),
            _score("c", correct=False, text="It was   Paris."),
            _score("h", split="holdout", correct=False, text="secret"),
        ]
    )
    report = format_report("docs", splits)
    assert "== docs" in report
    assert report.splitlines()[1].split() == ["tune", "holdout"]
    assert "answer accuracy" in report and "0.500" in report and "0.000" in report
    assert "[c] 'question c?': answer lacks 'x'" in report
    assert "answer: It was Paris." in report
    assert "secret" not in report
    assert "secret" in format_report("docs", splits, failures_of=("tune", "holdout"))
