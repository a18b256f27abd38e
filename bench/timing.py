"""Timing calls: latency percentiles, a call plan asking each question equally often, wall and CPU time."""

from __future__ import annotations

import itertools
import math
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from bench.registry import Metrics


def latency_stats(samples_ms: Sequence[float]) -> Metrics:
    """p50, p95 (inclusive linear interpolation) and max of a list of timings in milliseconds."""
    if not samples_ms:
        raise ValueError("no timings to summarise")
    ordered = sorted(samples_ms)
    p95 = statistics.quantiles(ordered, n=100, method="inclusive")[94] if len(ordered) > 1 else ordered[0]
    return {"p50_ms": statistics.median(ordered), "p95_ms": p95, "max_ms": ordered[-1]}


def call_plan(questions: Sequence[str], min_calls: int) -> list[str]:
    """The questions repeated whole until there are at least `min_calls` (so each is asked equally often)."""
    if not questions:
        raise ValueError("no questions to ask")
    rounds = max(1, math.ceil(min_calls / len(questions)))
    return list(itertools.chain.from_iterable(itertools.repeat(list(questions), rounds)))


def time_calls(ask: Callable[[str], object], questions: Sequence[str], *, warmup: int) -> list[float]:
    """Milliseconds per `ask(question)`, after `warmup` untimed calls on the first questions."""
    for question in itertools.islice(itertools.cycle(questions), warmup):
        ask(question)
    samples = []
    for question in questions:
        start = time.perf_counter()
        ask(question)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """The result, wall seconds and CPU seconds (all threads) of `fn()`: on a busy machine CPU time is steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu
