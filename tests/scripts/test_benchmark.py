"""scripts/benchmark.py: the arithmetic, the call plan, the section registry, a real child-memory reading."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.scripts.script_loader import imported_script

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "benchmark.py"


@pytest.fixture(scope="module")
def bench():
    with imported_script("benchmark.py", "benchmark_script") as module:
        yield module


def test_latency_stats(bench):
    samples = [float(ms) for ms in range(1, 101)]  # 1..100 ms
    stats = bench.latency_stats(samples[::-1])
    assert stats["p50_ms"] == pytest.approx(50.5)
    assert stats["p95_ms"] == pytest.approx(95.05)
    assert stats["max_ms"] == 100.0
    assert bench.latency_stats([7.0]) == {"p50_ms": 7.0, "p95_ms": 7.0, "max_ms": 7.0}
    with pytest.raises(ValueError):
        bench.latency_stats([])


def test_call_plan_repeats_every_question_equally(bench):
    plan = bench.call_plan(["a", "b", "c"], 200)
    assert len(plan) == 201
    assert {q: plan.count(q) for q in "abc"} == {"a": 67, "b": 67, "c": 67}
    assert bench.call_plan(["a", "b"], 1) == ["a", "b"]
    with pytest.raises(ValueError):
        bench.call_plan([], 10)


def test_time_calls_warms_up_untimed_then_times_each_call(bench):
    asked = []
    samples = bench.time_calls(asked.append, ["a", "b", "c"], warmup=4)
    assert asked == ["a", "b", "c", "a", "a", "b", "c"]
    assert len(samples) == 3
    assert all(ms >= 0 for ms in samples)


def test_child_peak_memory_sees_a_child_allocation(bench, tmp_path):
    allocate = [
        sys.executable,
        "-c",
        "block = bytearray(80 * 1024 * 1024); block[::4096] = b'x' * len(block[::4096])",
    ]
    metrics = bench.child_peak_memory(allocate, cwd=tmp_path, timeout=60)
    assert metrics["max_rss_mib"] >= 80
    assert metrics["wall_s"] >= 0 and metrics["cpu_s"] >= 0
    # The child's own peak: neither the largest child's so far nor this (larger) process's at the fork.
    ballast = bytearray(200 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = bench.child_peak_memory([sys.executable, "-c", "pass"], cwd=tmp_path, timeout=60)
    assert small["max_rss_mib"] < 60
    assert bench.child_peak_memory([sys.executable, "-m", "json.tool", "--help"], cwd=tmp_path, timeout=60)


def test_a_child_that_hangs_is_stopped_at_the_timeout(bench, tmp_path):
    with pytest.raises(bench.BenchmarkError, match="did not finish in 1s"):
        bench.child_peak_memory([sys.executable, "-c", "import time; time.sleep(30)"], cwd=tmp_path, timeout=1)


def test_unique_sentences_cycle_through_the_real_ones(bench):
    made = bench.unique_sentences(["The rover drives.", "It stops."], 3)
    assert made == ["In record 0, the rover drives.", "In record 1, it stops.", "In record 2, the rover drives."]


def test_child_failure_is_a_one_line_error(bench, tmp_path):
    failing = [sys.executable, "-c", "raise SystemExit('no index here')"]
    with pytest.raises(bench.BenchmarkError, match="status 1: no index here"):
        bench.child_peak_memory(failing, cwd=tmp_path, timeout=60)


def test_sections_are_registered_in_order_and_selectable(bench):
    assert list(bench.SECTIONS)[:2] == ["latency", "memory"]
    args = bench.build_parser().parse_args(["--only", "memory,latency", "--only", "memory"])
    assert args.only == ["memory", "latency", "memory"]
    assert args.min_calls == 200  # a section's own option


def test_unknown_section_is_refused(bench, capsys):
    with pytest.raises(SystemExit):
        bench.build_parser().parse_args(["--only", "latency,speed"])
    assert "unknown section speed; choose from latency, memory" in capsys.readouterr().err


def test_registering_a_section_twice_is_refused(bench):
    with pytest.raises(ValueError, match="registered twice"):
        bench.section("latency", "again")(lambda ctx: {})


def test_main_runs_only_the_chosen_section_and_writes_json(bench, monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(bench.SECTIONS, "probe", bench.Section("probe", "test", lambda ctx: {"answer_ms": 1.5}))
    out = tmp_path / "bench.json"
    assert bench.main(["--only", "probe", "--json", str(out)]) == 0
    assert "probe    answer_ms  1.50" in capsys.readouterr().out
    assert json.loads(out.read_text())["sections"] == {"probe": {"answer_ms": 1.5}}


def test_a_failing_section_is_reported_and_the_exit_status_is_1(bench, monkeypatch, capsys):
    def broken(ctx):
        raise bench.BenchmarkError("the command exited with status 1: boom")

    monkeypatch.setitem(bench.SECTIONS, "broken", bench.Section("broken", "test", broken))
    assert bench.main(["--only", "broken"]) == 1
    captured = capsys.readouterr()
    assert "error: broken: the command exited with status 1: boom" in captured.err
    assert "broken   error" in captured.out


def test_format_table_aligns_columns(bench):
    table = bench.format_table({"latency": {"p50_ms": 12.345, "calls": 200}, "memory": {"max_rss_mib": 512.0}})
    assert table.splitlines() == [
        "section  metric       value",
        "latency  p50_ms       12.3",
        "latency  calls        200",
        "memory   max_rss_mib  512.0",
    ]
