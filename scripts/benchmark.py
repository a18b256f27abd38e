"""Measure the knowledge base: answer latency in process, and peak memory of a one-shot `python -m bot ask`.

    python scripts/benchmark.py                        # every section; docs/ is built into a temp dir
    python scripts/benchmark.py --only latency --min-calls 500
    python scripts/benchmark.py --index var/index --only memory --json var/benchmark.json

Each section is a function registered with `@section(...)`; it receives a `BenchContext` (lazy model, index,
knowledge base and question set, a scratch directory) and returns flat metrics whose names end in their unit.
To add one (build throughput, scale...): write the function, register it, give its options in `add_arguments`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/benchmark.py` from anywhere
    sys.path.insert(0, str(ROOT))

from index.evaluation import EvalSetError, load_questions  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "tests" / "data" / "eval" / "questions.jsonl"
DEFAULT_DOCS = ROOT / "docs"

Metrics = dict[str, int | float | str]


class BenchmarkError(RuntimeError):
    """A section could not be measured; the message says why in one line."""


@dataclass(frozen=True)
class Section:
    name: str
    help: str
    run: Callable[[BenchContext], Metrics]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None


SECTIONS: dict[str, Section] = {}


def section(name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None] | None = None):
    """Register a benchmark section; sections run in registration order."""

    def register(run: Callable[[BenchContext], Metrics]) -> Callable[[BenchContext], Metrics]:
        if name in SECTIONS:
            raise ValueError(f"benchmark section {name!r} is registered twice")
        SECTIONS[name] = Section(name, help, run, add_arguments)
        return run

    return register


class BenchContext:
    """What sections share, each made on first use: model, built index, knowledge base, questions."""

    def __init__(self, args: argparse.Namespace, stack: ExitStack) -> None:
        self.args = args
        self._stack = stack

    @cached_property
    def workdir(self) -> Path:
        """A scratch directory removed when the run ends."""
        return Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="ilrs-bench-")))

    @cached_property
    def embedder(self):
        from index.embedding import Embedder

        return Embedder(self.args.model)

    @cached_property
    def index_dir(self) -> Path:
        if self.args.index is not None:
            return self.args.index
        from index.build import build_index

        out = self.workdir / "index"
        build_index(self.args.docs, out, self.embedder)
        return out

    @cached_property
    def kb(self):
        from index.knowledge_base import KnowledgeBase

        return KnowledgeBase.load(self.index_dir, self.embedder)

    @cached_property
    def questions(self) -> list[str]:
        """The eval set's questions, the first `--questions-limit` of them when given."""
        texts = [q.question for q in load_questions(self.args.questions)]
        return texts[: self.args.questions_limit] if self.args.questions_limit else texts


# --- pure helpers -------------------------------------------------------------------------------------------


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


def _max_rss_children_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child_peak_memory(command: Sequence[str], *, cwd: Path, timeout: float) -> Metrics:
    """Run `command` to completion; its peak resident memory (from RUSAGE_CHILDREN) and wall time."""
    before = _max_rss_children_mib()
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise BenchmarkError(f"{' '.join(command[:4])}... did not finish in {timeout:.0f}s") from None
    wall = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise BenchmarkError(f"the command exited with status {done.returncode}: {tail[0]}")
    after = _max_rss_children_mib()
    metrics: Metrics = {"max_rss_mib": round(after, 1), "wall_s": round(wall, 2)}
    if before and after <= before:
        # RUSAGE_CHILDREN keeps the largest child so far: this one may have been smaller than an earlier one.
        metrics["note"] = "an earlier child process peaked higher; this is an upper bound"
    return metrics


def format_value(value: int | float | str) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def format_table(results: dict[str, Metrics]) -> str:
    """A compact three-column table: section, metric, value."""
    rows = [("section", "metric", "value")]
    rows += [
        (name, metric, format_value(value))
        for name, metrics in results.items()
        for metric, value in metrics.items()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows)


# --- sections -----------------------------------------------------------------------------------------------


def _latency_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("latency")
    group.add_argument(
        "--min-calls", type=int, default=200, help="ask at least this many times (default 200)"
    )
    group.add_argument("--warmup", type=int, default=10, help="untimed calls before measuring (default 10)")


@section("latency", "in-process kb.ask latency after warm-up (model load excluded)", _latency_arguments)
def latency(ctx: BenchContext) -> Metrics:
    from datetime import UTC, datetime

    kb, questions = ctx.kb, ctx.questions
    now = datetime.now(UTC)
    plan = call_plan(questions, ctx.args.min_calls)
    samples = time_calls(lambda q: kb.ask(q, now=now), plan, warmup=ctx.args.warmup)
    return {"questions": len(questions), "calls": len(samples), **latency_stats(samples)}


def _memory_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("memory")
    group.add_argument(
        "--memory-question",
        default="What is the deadline to submit a letter of intent?",
        help="the question the subprocess answers",
    )
    group.add_argument(
        "--memory-timeout", type=float, default=300, help="seconds before giving up (default 300)"
    )


@section("memory", "peak RSS of a subprocess `python -m bot ask --index DIR QUESTION`", _memory_arguments)
def memory(ctx: BenchContext) -> Metrics:
    command = [sys.executable, "-m", "bot", "ask", "--index", str(ctx.index_dir), ctx.args.memory_question]
    return child_peak_memory(command, cwd=ROOT, timeout=ctx.args.memory_timeout)


# --- command line -------------------------------------------------------------------------------------------


def _section_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SECTIONS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown section {', '.join(unknown) or repr(text)}; choose from {', '.join(SECTIONS)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/benchmark.py",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawTextHelpFormatter,
    )
    parser.add_argument(
        "--only",
        type=_section_names,
        action="extend",
        metavar="SECTION[,SECTION]",
        help="run only these sections: " + ", ".join(f"{s.name} ({s.help})" for s in SECTIONS.values()),
    )
    parser.add_argument("--index", type=Path, help="an index directory to use instead of building docs/")
    parser.add_argument(
        "--docs", type=Path, default=DEFAULT_DOCS, help="documents to build when --index is not given"
    )
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSON-lines question set")
    parser.add_argument(
        "--questions-limit", type=int, metavar="N", help="use the first N questions (default all)"
    )
    parser.add_argument(
        "--model", help="embedding model name or path (default: the bundled all-MiniLM-L6-v2)"
    )
    parser.add_argument(
        "--json", type=Path, metavar="PATH", help="also write the results as JSON ('-' for stdout)"
    )
    for registered in SECTIONS.values():
        if registered.add_arguments:
            registered.add_arguments(parser)
    return parser


def environment() -> dict[str, Any]:
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count()}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.index is not None and not args.index.is_dir():
        print(f"error: --index {args.index} is not a directory", file=sys.stderr)
        return 2
    if args.questions_limit is not None and args.questions_limit < 1:
        print("error: --questions-limit must be at least 1", file=sys.stderr)
        return 2
    names = list(dict.fromkeys(args.only or SECTIONS))
    results: dict[str, Metrics] = {}
    failed = False
    from index.errors import IndexError_

    with ExitStack() as stack:
        ctx = BenchContext(args, stack)
        for name in names:
            try:
                results[name] = SECTIONS[name].run(ctx)
            except (BenchmarkError, IndexError_, EvalSetError, OSError) as exc:
                print(f"error: {name}: {exc}", file=sys.stderr)
                results[name] = {"error": str(exc)}
                failed = True
    print(format_table(results))
    if args.json is not None:
        text = json.dumps({"environment": environment(), "sections": results}, indent=2)
        if str(args.json) == "-":
            print(text)
        else:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(text + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
