"""Peak memory of a cold `python -m bot ask`."""

from __future__ import annotations

import argparse
import sys

from bench.child_process import child_peak_memory
from bench.context import ROOT, BenchContext
from bench.registry import Metrics, section


def _memory_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("memory")
    group.add_argument(
        "--memory-question",
        default="What is the deadline to submit a letter of intent?",
        help="the question the subprocess answers",
    )
    group.add_argument("--memory-timeout", type=float, default=300, help="seconds before giving up (default 300)")


def ask_command(ctx: BenchContext) -> list[str]:
    return [sys.executable, "-m", "bot", "ask", "--index", str(ctx.index_dir), ctx.args.memory_question]


@section("memory", "peak RSS of a subprocess `python -m bot ask --index DIR QUESTION`", _memory_arguments)
def memory(ctx: BenchContext) -> Metrics:
    return child_peak_memory(ask_command(ctx), cwd=ROOT, timeout=ctx.args.memory_timeout, env=ctx.child_env())
