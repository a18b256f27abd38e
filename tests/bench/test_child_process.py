"""bench/child_process.py: a real child's own peak memory, its timeout and its failure."""

from __future__ import annotations

import sys

import pytest

from bench.child_process import child_peak_memory
from bench.registry import BenchmarkError


def test_child_peak_memory_sees_a_child_allocation(tmp_path):
    allocate = [
        sys.executable,
        "-c",
        "block = bytearray(80 * 1024 * 1024); block[::4096] = b'x' * len(block[::4096])",
    ]
    metrics = child_peak_memory(allocate, cwd=tmp_path, timeout=60)
    assert metrics["max_rss_mib"] >= 80
    assert metrics["wall_s"] >= 0 and metrics["cpu_s"] >= 0
    # The child's own peak: neither the largest child's so far nor this (larger) process's at the fork.
    ballast = bytearray(200 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = child_peak_memory([sys.executable, "-c", "pass"], cwd=tmp_path, timeout=60)
    assert small["max_rss_mib"] < 60
    assert child_peak_memory([sys.executable, "-m", "json.tool", "--help"], cwd=tmp_path, timeout=60)


def test_a_child_that_hangs_is_stopped_at_the_timeout(tmp_path):
    with pytest.raises(BenchmarkError, match="did not finish in 1s"):
        child_peak_memory([sys.executable, "-c", "import time; time.sleep(30)"], cwd=tmp_path, timeout=1)


def test_child_failure_is_a_one_line_error(tmp_path):
    failing = [sys.executable, "-c", "raise SystemExit('no index here')"]
    with pytest.raises(BenchmarkError, match="status 1: no index here"):
        child_peak_memory(failing, cwd=tmp_path, timeout=60)
