"""Answer latency in process, after warm-up."""

from __future__ import annotations

import argparse

from bench.context import BenchContext
from bench.registry import Metrics, section
from bench.timing import call_plan, latency_stats, time_calls


def _latency_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("latency")
    group.add_argument("--min-calls", type=int, default=200, help="ask at least this many times (default 200)")
    group.add_argument("--warmup", type=int, default=10, help="untimed calls before measuring (default 10)")


@section("latency", "in-process kb.ask latency after warm-up (model load excluded)", _latency_arguments)
def latency(ctx: BenchContext) -> Metrics:
    from datetime import UTC, datetime

    kb, questions = ctx.kb, ctx.questions
    now = datetime.now(UTC)
    plan = call_plan(questions, ctx.args.min_calls)
    samples = time_calls(lambda q: kb.ask(q, now=now), plan, warmup=ctx.args.warmup)
    return {"questions": len(questions), "calls": len(samples), **latency_stats(samples)}
