"""bench/timing.py: the latency arithmetic, the call plan, timing each call."""

from __future__ import annotations

import pytest

from bench.timing import call_plan, latency_stats, time_calls


def test_latency_stats():
    samples = [float(ms) for ms in range(1, 101)]  # 1..100 ms
    stats = latency_stats(samples[::-1])
    assert stats["p50_ms"] == pytest.approx(50.5)
    assert stats["p95_ms"] == pytest.approx(95.05)
    assert stats["max_ms"] == 100.0
    assert latency_stats([7.0]) == {"p50_ms": 7.0, "p95_ms": 7.0, "max_ms": 7.0}
    with pytest.raises(ValueError):
        latency_stats([])


def test_call_plan_repeats_every_question_equally():
    plan = call_plan(["a", "b", "c"], 200)
    assert len(plan) == 201
    assert {q: plan.count(q) for q in "abc"} == {"a": 67, "b": 67, "c": 67}
    assert call_plan(["a", "b"], 1) == ["a", "b"]
    with pytest.raises(ValueError):
        call_plan([], 10)


def test_time_calls_warms_up_untimed_then_times_each_call():
    asked = []
    samples = time_calls(asked.append, ["a", "b", "c"], warmup=4)
    assert asked == ["a", "b", "c", "a", "a", "b", "c"]
    assert len(samples) == 3
    assert all(ms >= 0 for ms in samples)
