"""scripts/benchmark.py: the sections it lists and their options, choosing sections, the results it writes."""

from __future__ import annotations

import json

import pytest

from bench.registry import BenchmarkError, Section
from tests.scripts.script_loader import imported_script


@pytest.fixture(scope="module")
def bench():
    with imported_script("benchmark.py", "benchmark_script") as module:
        yield module


def test_sections_are_registered_in_order_and_selectable(bench):
    assert list(bench.SECTIONS)[:2] == ["latency", "memory"]
    args = bench.build_parser().parse_args(["--only", "memory,latency", "--only", "memory"])
    assert args.only == ["memory", "latency", "memory"]
    assert args.min_calls == 200  # a section's own option


def test_the_other_sections_are_registered_with_their_options(bench):
    assert list(bench.SECTIONS)[2:] == ["startup", "encoders", "build", "noop", "scale", "alerts"]
    args = bench.build_parser().parse_args(["--only", "scale", "--scale-sizes", "500,2000", "--scale-no-model"])
    assert args.scale_sizes == [500, 2000] and args.scale_no_model and args.build_sentences == 1200
    with pytest.raises(SystemExit):
        bench.build_parser().parse_args(["--scale-sizes", "5"])
    args = bench.build_parser().parse_args(["--only", "alerts", "--alerts", "300", "--alert-processes", "1", "2"])
    assert args.alerts == 300 and args.alert_processes == [1, 2]


def test_unknown_section_is_refused(bench, capsys):
    with pytest.raises(SystemExit):
        bench.build_parser().parse_args(["--only", "latency,speed"])
    assert "unknown section speed; choose from latency, memory" in capsys.readouterr().err


def test_main_runs_only_the_chosen_section_and_writes_json(bench, monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(bench.SECTIONS, "probe", Section("probe", "test", lambda ctx: {"answer_ms": 1.5}))
    out = tmp_path / "bench.json"
    assert bench.main(["--only", "probe", "--json", str(out)]) == 0
    assert "probe    answer_ms  1.50" in capsys.readouterr().out
    assert json.loads(out.read_text())["sections"] == {"probe": {"answer_ms": 1.5}}


def test_a_failing_section_is_reported_and_the_exit_status_is_1(bench, monkeypatch, capsys):
    def broken(ctx):
        raise BenchmarkError("the command exited with status 1: boom")

    monkeypatch.setitem(bench.SECTIONS, "broken", Section("broken", "test", broken))
    assert bench.main(["--only", "broken"]) == 1
    captured = capsys.readouterr()
    assert "error: broken: the command exited with status 1: boom" in captured.err
    assert "broken   error" in captured.out
