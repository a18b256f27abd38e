"""Measure the knowledge base: answer latency in process, start-up and peak memory of `python -m bot`, encoders.

    python scripts/benchmark.py                        # every section; docs/ is built into a temp dir
    python scripts/benchmark.py --only latency --min-calls 500
    python scripts/benchmark.py --index var/index --only memory --json var/benchmark.json
    python scripts/benchmark.py --only startup,encoders   # cold ask vs `import torch`, console prompt; ONNX vs PyTorch

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
import re
import resource
import select
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

from index.eval_set import EvalSetError, load_questions  # noqa: E402

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
        """The encoder the bot answers with: the model's ONNX encoder, exported into the model cache if missing."""
        from index.encoders import load_embedder

        return load_embedder(self.args.model, self.args.model_cache)

    @cached_property
    def torch_embedder(self):
        """The PyTorch model the ONNX encoder is exported from."""
        from index.embedding import Embedder

        return Embedder(self.args.model)

    def child_env(self) -> dict[str, str]:
        """The environment of a `python -m bot` child: this run's model and model cache."""
        env = {**os.environ, "MODEL_CACHE_DIR": str(self.args.model_cache)}
        if self.args.model:
            env["EMBEDDING_MODEL"] = self.args.model
        return env

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


# Runs `python -m MODULE ...` or `python -c CODE ...` as Python would, then writes the process's own peak resident
# memory (VmHWM, in kB) to $BENCHMARK_PEAK_FILE at exit. The kernel's per-child ru_maxrss cannot be used: it starts
# from the parent's peak at the fork, and this process holds a model and an index.
PEAK_PROBE = """
import atexit, os, runpy, sys

def _report_peak():
    with open("/proc/self/status") as status, open(os.environ["BENCHMARK_PEAK_FILE"], "w") as out:
        out.write(next((line.split()[1] for line in status if line.startswith("VmHWM:")), ""))

atexit.register(_report_peak)
mode, target, *rest = sys.argv[1:]
if mode == "-m":
    sys.argv = [target, *rest]
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    sys.argv = ["-c", *rest]
    exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
"""


def child_peak_memory(
    command: Sequence[str], *, cwd: Path, timeout: float, env: dict[str, str] | None = None, stdin: str = ""
) -> Metrics:
    """Run `python -m ...` or `python -c ...` to completion: its own peak resident memory, wall and CPU time."""
    if len(command) < 3 or command[1] not in ("-m", "-c"):
        raise ValueError(f"not a `python -m` or `python -c` command: {' '.join(command[:3])}")
    with tempfile.TemporaryDirectory(prefix="ilrs-bench-child-") as tmp:
        peak_file, out_file, err_file = (Path(tmp) / name for name in ("peak", "out", "err"))
        env = {**(env if env is not None else os.environ), "BENCHMARK_PEAK_FILE": str(peak_file)}
        with out_file.open("wb") as out, err_file.open("wb") as err:
            start = time.perf_counter()
            process = subprocess.Popen(
                [command[0], "-c", PEAK_PROBE, *command[1:]],
                cwd=cwd,
                env=env,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=err,
            )
            process.stdin.write(stdin.encode())
            process.stdin.close()
            status, usage = _wait4(process, timeout, command)
            wall = time.perf_counter() - start
        if status != 0:
            text = err_file.read_bytes() or out_file.read_bytes()
            lines = text.decode(errors="replace").strip().splitlines()
            raise BenchmarkError(f"the command exited with status {status}: {(lines or ['(no output)'])[-1]}")
        peak_kib = peak_file.read_text().strip() if peak_file.exists() else ""
    if not peak_kib:
        raise BenchmarkError("the command did not report its peak memory (no /proc/self/status?)")
    return {
        "max_rss_mib": round(int(peak_kib) / 1024, 1),
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
    }


def _wait4(process: subprocess.Popen, timeout: float, command: Sequence[str]):
    """The exit status and resource usage (CPU time) of this one child."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise BenchmarkError(f"{' '.join(command[:4])}... did not finish in {timeout:.0f}s")
        time.sleep(0.005)


def format_value(value: int | float | str) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def format_table(results: dict[str, Metrics]) -> str:
    """A compact three-column table: section, metric, value."""
    rows = [("section", "metric", "value")]
    rows += [
        (name, metric, format_value(value)) for name, metrics in results.items() for metric, value in metrics.items()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows)


# --- sections -----------------------------------------------------------------------------------------------


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


def _startup_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("startup")
    group.add_argument("--startup-runs", type=int, default=3, help="runs of each command, interleaved (default 3)")


def _process_cpu_seconds(pid: int) -> float:
    """CPU seconds a running process (all its threads) has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def console_timings(ctx: BenchContext, *, timeout: float = 120) -> dict[str, float]:
    """`python -m bot console` (index built, no token): seconds and CPU seconds to its first chat prompt, and
    seconds until a question typed at that prompt is answered (the prompt is usable, not just shown)."""
    database = ctx.workdir / "console.sqlite3"
    env = {**ctx.child_env(), "INDEX_DIR": str(ctx.index_dir), "DATABASE_PATH": str(database), "DISCORD_TOKEN": ""}
    command = [sys.executable, "-m", "bot", "console"]
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err
        )

        def next_prompt(what: str) -> None:
            seen = b""
            while not seen.endswith(b"\n> "):  # a line of text (the greeting, an answer), then the prompt
                remaining = timeout - (time.perf_counter() - start)
                if remaining <= 0 or not select.select([process.stdout], [], [], remaining)[0]:
                    raise BenchmarkError(f"the console showed no {what} within {timeout:.0f}s")
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:
                    process.wait()
                    err.seek(0)
                    reason = (err.read().decode(errors="replace").strip().splitlines() or ["(no error output)"])[-1]
                    raise BenchmarkError(f"the console ended before its {what}: {reason}")
                seen += chunk

        try:
            next_prompt("prompt")
            prompt, cpu = time.perf_counter() - start, _process_cpu_seconds(process.pid)
            process.stdin.write(f"{ctx.args.memory_question}\n".encode())
            process.stdin.flush()
            next_prompt("answer")
            answered = time.perf_counter() - start
            process.communicate(b"/quit\n", timeout=timeout)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return {"prompt_s": prompt, "prompt_cpu_s": cpu, "answer_s": answered}


@section(
    "startup",
    "cold `python -m bot ask` (wall, CPU, peak RSS) next to `python -c 'import torch'`; console prompt, first answer",
    _startup_arguments,
)
def startup(ctx: BenchContext) -> Metrics:
    """Each command run `--startup-runs` times, interleaved, reporting the median: a busy machine slows whichever
    runs at the wrong moment. The model cache already holds the encoder (exported by the build, if not before)."""
    ctx.embedder  # noqa: B018 - export the encoder first, so no timed run pays for it
    env, timeout = ctx.child_env(), ctx.args.memory_timeout
    asks, torches, consoles = [], [], []
    for _ in range(max(1, ctx.args.startup_runs)):
        asks.append(child_peak_memory(ask_command(ctx), cwd=ROOT, timeout=timeout, env=env))
        torches.append(child_peak_memory([sys.executable, "-c", "import torch"], cwd=ROOT, timeout=timeout, env=env))
        consoles.append(console_timings(ctx))
    ask_s = statistics.median(a["wall_s"] for a in asks)
    torch_s = statistics.median(t["wall_s"] for t in torches)
    return {
        "cold_ask_s": ask_s,
        "cold_ask_cpu_s": statistics.median(a["cpu_s"] for a in asks),
        "cold_ask_peak_rss_mib": max(a["max_rss_mib"] for a in asks),
        "import_torch_s": torch_s,
        "import_torch_cpu_s": statistics.median(t["cpu_s"] for t in torches),
        "cold_ask_vs_import_torch": round(ask_s / torch_s, 2),
        "console_prompt_s": round(statistics.median(c["prompt_s"] for c in consoles), 2),
        "console_prompt_cpu_s": round(statistics.median(c["prompt_cpu_s"] for c in consoles), 2),
        "console_first_answer_s": round(statistics.median(c["answer_s"] for c in consoles), 2),
        "runs": len(asks),
    }


def _encoders_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("encoders")
    group.add_argument(
        "--encoder-sentences", type=int, default=1200, help="unique sentences each encoder embeds (default 1200)"
    )


@section(
    "encoders",
    "ONNX vs PyTorch: document embedding rate (which the build should use), query encoding and kb.ask latency",
    _encoders_arguments,
)
def encoders(ctx: BenchContext) -> Metrics:
    import numpy as np

    from index.onnx_encoder import OnnxEmbedder

    onnx, torch = ctx.embedder, ctx.torch_embedder
    if not isinstance(onnx, OnnxEmbedder):
        raise BenchmarkError(f"{onnx.model_id} has no ONNX encoder to compare (it could not be exported)")
    sentences = unique_sentences(source_sentences([ctx.args.docs, DEFAULT_DISTRACTORS]), ctx.args.encoder_sentences)
    for encoder in (onnx, torch):
        encoder.encode(sentences[:64])  # first-call costs
        encoder.encode_one("warm-up")
    # Each measured twice, interleaved, keeping the best.
    runs: dict[str, list[tuple[Any, float, float]]] = {"onnx": [], "pytorch": []}
    for _ in range(2):
        runs["onnx"].append(_timed(lambda: onnx.encode(sentences)))
        runs["pytorch"].append(_timed(lambda: torch.encode(sentences)))
    metrics: Metrics = {"sentences": len(sentences)}
    for name, encoder in (("onnx", onnx), ("pytorch", torch)):
        metrics[f"{name}_sentences_per_s"] = len(sentences) / min(run[1] for run in runs[name])
        metrics[f"{name}_cpu_s"] = round(min(run[2] for run in runs[name]), 2)
        stats = latency_stats(time_calls(encoder.encode_one, ctx.questions, warmup=10))
        metrics[f"{name}_query_p50_ms"], metrics[f"{name}_query_p95_ms"] = stats["p50_ms"], stats["p95_ms"]
    # Whole answers from the same index with each encoder, interleaved.
    from datetime import UTC, datetime

    from index.knowledge_base import KnowledgeBase

    now = datetime.now(UTC)
    kbs = {"onnx": ctx.kb, "pytorch": KnowledgeBase.load(ctx.index_dir, torch)}
    asks: dict[str, list[float]] = {name: [] for name in kbs}
    for _ in range(2):
        for name, kb in kbs.items():
            asks[name] += time_calls(lambda q, kb=kb: kb.ask(q, now=now), ctx.questions, warmup=10)
    for name, samples in asks.items():
        stats = latency_stats(samples)
        metrics[f"{name}_ask_p50_ms"], metrics[f"{name}_ask_p95_ms"] = stats["p50_ms"], stats["p95_ms"]
    cosines = (runs["onnx"][0][0] * runs["pytorch"][0][0]).sum(axis=1)
    metrics["min_cosine"] = round(float(np.min(cosines)), 6)
    faster = "onnx" if metrics["onnx_sentences_per_s"] >= metrics["pytorch_sentences_per_s"] else "pytorch"
    metrics["faster_for_documents"] = faster
    return metrics


# --- build throughput, no-change reindex, scale (issue 5) ----------------------------------------------------

DEFAULT_DISTRACTORS = ROOT / "tests" / "data" / "distractors"


def source_sentences(directories: Sequence[Path]) -> list[str]:
    """The sentences of every document in the directories, as the build splits them."""
    from index.chunking import chunk_document
    from index.loaders import load_documents

    sentences: list[str] = []
    for directory in directories:
        for document in load_documents(directory).documents:
            sentences += [s for chunk in chunk_document(document) for s in chunk.sentences]
    if not sentences:
        raise BenchmarkError("no sentences in " + ", ".join(map(str, directories)))
    return sentences


def unique_sentences(sentences: Sequence[str], count: int) -> list[str]:
    """`count` distinct sentences made from real ones."""
    return [
        f"In record {n}, {s[0].lower()}{s[1:]}" for n, s in zip(range(count), itertools.cycle(sentences), strict=False)
    ]


def write_build_corpus(out: Path, sentences: Sequence[str], count: int, *, per_document: int = 40) -> int:
    """`count` unique sentences made from real ones, as plain-text documents of paragraphs; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    unique = unique_sentences(sentences, count)
    files = 0
    for start in range(0, len(unique), per_document):
        paragraphs = [" ".join(unique[i : i + 4]) for i in range(start, min(start + per_document, len(unique)), 4)]
        (out / f"record-{start // per_document:04d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        files += 1
    return files


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """The result, wall seconds and CPU seconds (all threads) of `fn()`: on a busy machine CPU time is steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("build")
    group.add_argument(
        "--build-sentences", type=int, default=1200, help="unique sentences in the build corpus (default 1200)"
    )


@section("build", "build throughput next to the model's raw encode rate on the same texts", _build_arguments)
def build_throughput(ctx: BenchContext) -> Metrics:
    """A full build of a corpus made from docs/ and the distractors, timed against encoding its texts directly.

    The build embeds sentences (a chunk's vector is the mean of its sentences'), so the like-for-like rate is
    the model's on the same sentences; the rate on the chunk texts themselves is reported beside it.
    """
    from index.build import build_index
    from index.storage import current_build_dir, load_chunks

    embedder = ctx.embedder
    corpus = ctx.workdir / "build-corpus"
    write_build_corpus(corpus, source_sentences([ctx.args.docs, DEFAULT_DISTRACTORS]), ctx.args.build_sentences)
    out = ctx.workdir / "build-index"
    embedder.encode(source_sentences([ctx.args.docs])[:64])  # warm up the model's first-call costs

    # Each measured twice, interleaved, keeping the best: a busy machine slows whichever runs at the wrong moment.
    builds = [_timed(lambda: build_index(corpus, out, embedder, full=True))]
    chunks = load_chunks(current_build_dir(out))
    sentences = list(dict.fromkeys(s for chunk in chunks for s in chunk.sentences))  # what the build embedded
    chunk_texts = [chunk.text for chunk in chunks]
    raw = [_timed(lambda: embedder.encode(sentences))]
    raw_chunks = [_timed(lambda: embedder.encode(chunk_texts))]
    builds.append(_timed(lambda: build_index(corpus, out, embedder, full=True)))
    raw.append(_timed(lambda: embedder.encode(sentences)))
    raw_chunks.append(_timed(lambda: embedder.encode(chunk_texts)))
    report = builds[0][0]
    if len(sentences) != report.sentences_embedded:
        raise BenchmarkError(f"the build embedded {report.sentences_embedded} sentences, expected {len(sentences)}")
    build_s, build_cpu = min(b[1] for b in builds), min(b[2] for b in builds)
    raw_s, raw_cpu = min(r[1] for r in raw), min(r[2] for r in raw)
    raw_chunks_s, raw_chunks_cpu = min(r[1] for r in raw_chunks), min(r[2] for r in raw_chunks)

    # One changed document: only its new sentence may be embedded.
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more sentence was added by the benchmark.\n")
    incremental, incremental_s, _ = _timed(lambda: build_index(corpus, out, embedder))
    return {
        "chunks": len(chunks),
        "sentences": len(sentences),
        "build_s": round(build_s, 2),
        "build_chunks_per_s": len(chunks) / build_s,
        "build_sentences_per_s": len(sentences) / build_s,
        "raw_encode_sentences_per_s": len(sentences) / raw_s,
        "build_vs_raw_encode_percent": 100 * raw_s / build_s,
        "build_vs_raw_encode_cpu_percent": 100 * raw_cpu / build_cpu,
        "raw_encode_chunk_texts_chunks_per_s": len(chunks) / raw_chunks_s,
        "build_vs_raw_chunk_encode_percent": 100 * raw_chunks_s / build_s,
        "build_vs_raw_chunk_encode_cpu_percent": 100 * raw_chunks_cpu / build_cpu,
        "one_doc_changed_sentences_embedded": incremental.sentences_embedded,
        "one_doc_changed_sentences_reused": incremental.sentences_reused,
        "one_doc_changed_s": round(incremental_s, 2),
    }


NOOP_PROBE = """
import json, runpy, sys, time
started = time.perf_counter()
sys.argv = ["build_index.py", "--docs", sys.argv[1], "--out", sys.argv[2]]
try:
    runpy.run_path({script!r}, run_name="__main__")
except SystemExit as done:
    status = done.code
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print(json.dumps({{"status": status, "heavy": heavy, "in_process_s": time.perf_counter() - started}}))
"""


@section("noop", "wall time of `scripts/build_index.py` on an up-to-date index, and whether it loaded the model")
def noop_reindex(ctx: BenchContext) -> Metrics:
    import shutil

    index_dir = ctx.index_dir
    if ctx.args.index is not None:  # never touch the caller's index: work on a copy
        index_dir = ctx.workdir / "noop-index"
        shutil.copytree(ctx.args.index, index_dir, dirs_exist_ok=True)
    probe = NOOP_PROBE.format(script=str(ROOT / "scripts" / "build_index.py"))
    command = [sys.executable, "-c", probe, str(ctx.args.docs), str(index_dir)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    wall = time.perf_counter() - start
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise BenchmarkError(f"the no-change run failed: {(done.stderr or done.stdout).strip()[-200:]}") from None
    if result["status"] != 0:
        raise BenchmarkError(f"the no-change run exited with status {result['status']}")
    return {
        "wall_s": round(wall, 2),
        "script_s": round(result["in_process_s"], 3),
        "model_loaded": "yes: " + ",".join(result["heavy"]) if result["heavy"] else "no",
    }


# Synthetic corpora for the scale section: made-up words with a Zipf-like frequency, three sentences a chunk,
# vectors in clusters (chunks about the same topic), questions near one chunk in meaning and sharing its words.
_SYLLABLES = "ba be bi bo ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to".split()


def synthetic_vocabulary(size: int, rng) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES, size=int(rng.integers(2, 5)))))
    return sorted(words)


def around(vectors, spread: float, rng, *, block: int = 20_000):
    """Unit vectors scattered around the given ones: cosine to their origin about 1 / sqrt(1 + spread²)."""
    import numpy as np

    out = np.array(vectors, dtype=np.float32)  # a copy, filled in blocks to keep the peak memory down
    scale = np.float32(spread / np.sqrt(out.shape[-1]))
    for first in range(0, len(out), block):
        part = out[first : first + block]
        part += rng.standard_normal(part.shape, dtype=np.float32) * scale
        part /= np.linalg.norm(part, axis=-1, keepdims=True)
    return out


def synthetic_vectors(rows: int, dimension: int, rng, *, clusters: int, spread: float):
    """Unit vectors in `clusters` topics: two of one topic have cosine about 1 / (1 + spread²)."""
    import numpy as np

    centres = around(np.zeros((clusters, dimension), dtype=np.float32), 1.0, rng)
    return around(centres[rng.integers(0, clusters, rows)], spread, rng)


QUESTION_TEMPLATE = "What does the record say about {words}, question {number}?"


def random_unit_vectors(count: int, dimension: int, seed: int = 11):
    """Unrelated unit vectors: made-up words mean nothing to each other."""
    import numpy as np

    vectors = np.random.default_rng(seed).standard_normal((count, dimension), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class SyntheticEmbedder:
    """Returns each synthetic question's made-up vector; with a real model, also pays its encoding cost.

    A question ends with its number ("... question 17?"), which survives the knowledge base's query clean-up.
    """

    model_id = "synthetic"

    def __init__(self, vectors: Sequence[Any], dimension: int, model=None) -> None:
        self._vectors, self.dimension, self._model = vectors, dimension, model

    def _vector(self, text: str):
        return self._vectors[int(re.findall(r"\d+", text)[-1])]

    def encode_one(self, text: str):
        if self._model is not None:
            self._model.encode_one(text)  # the real query's cost; its vector means nothing to this corpus
        return self._vector(text)

    def encode_one_with_words(self, text: str):
        """The question's made-up vector, and its words as the real model reads them (made up without one)."""
        if self._model is not None:
            _, words = self._model.encode_one_with_words(text)  # one model call, as a real question costs
            return self._vector(text), words
        from index.token_vectors import ContextualWords, is_content_word

        found = tuple(w for w in text.lower().replace("?", " ").replace(",", " ").split() if is_content_word(w))
        return self._vector(text), ContextualWords(found, random_unit_vectors(len(found), self.dimension))

    def encode(self, texts: list[str], *, batch_size: int = 64, show_progress: bool = False):
        """Made-up unit vectors for words the synthetic corpus lacks (with a real model, at its cost)."""
        if self._model is not None:
            self._model.encode(texts, batch_size=batch_size)
        return random_unit_vectors(len(texts), self.dimension)

    def dictionary(self) -> frozenset[str]:
        # Without the model, at least the question template's words are known English (not typos to correct).
        template = frozenset(QUESTION_TEMPLATE.lower().replace(",", "").replace("?", "").split())
        return self._model.dictionary() if self._model is not None else template


@dataclass
class SyntheticCorpus:
    chunks: list
    sentence_vectors: Any
    chunk_vectors: Any
    questions: list[str]
    question_vectors: Any


def synthetic_corpus(chunk_count: int, questions: int, *, dimension: int, seed: int = 7) -> SyntheticCorpus:
    """Made-up words with a Zipf-like frequency, three sentences a chunk, vectors in topics, and questions each
    near one chunk in meaning (cosine about 0.6, like a real question and its answer) and sharing its words."""
    import numpy as np

    from index.schema import Chunk
    from index.vector_means import chunk_vectors_from_sentences

    rng = np.random.default_rng(seed)
    vocabulary = np.array(synthetic_vocabulary(20_000, rng))
    weights = 1.0 / np.arange(1, len(vocabulary) + 1)
    per_chunk, words_per_sentence = 3, 15
    words = rng.choice(vocabulary, size=(chunk_count * per_chunk, words_per_sentence), p=weights / weights.sum())
    sentences = [" ".join(row).capitalize() + "." for row in words]
    chunks = [
        Chunk(
            id=f"c{row:07d}",
            doc_path=f"synthetic-{row // 50:05d}.md",
            title=f"Synthetic document {row // 50}",
            section=f"Paragraph {row % 50 + 1}",
            position=row % 50,
            text=" ".join(sentences[row * per_chunk : (row + 1) * per_chunk]),
            sentences=tuple(sentences[row * per_chunk : (row + 1) * per_chunk]),
        )
        for row in range(chunk_count)
    ]
    topics = synthetic_vectors(chunk_count, dimension, rng, clusters=max(10, chunk_count // 100), spread=1.0)
    sentence_vectors = around(np.repeat(topics, per_chunk, axis=0), 0.8, rng)
    del topics
    chunk_vectors = chunk_vectors_from_sentences(sentence_vectors, [per_chunk] * chunk_count)
    targets = rng.integers(0, chunk_count, questions)
    texts = []
    for n, target in enumerate(targets):
        picked = rng.choice(words[target * per_chunk : (target + 1) * per_chunk].ravel(), size=4, replace=False)
        texts.append(QUESTION_TEMPLATE.format(words=" ".join(picked), number=n))
    return SyntheticCorpus(chunks, sentence_vectors, chunk_vectors, texts, around(chunk_vectors[targets], 1.33, rng))


def synthetic_knowledge_base(corpus: SyntheticCorpus, model=None):
    """A real KnowledgeBase over the synthetic corpus (its vector store built as the index build would), and
    the store itself."""
    from index.knowledge_base import KnowledgeBase
    from index.manifest import DocumentInfo, Manifest
    from index.vector_store import VectorStore
    from index.word_vectors import WordVectors, chunk_vocabulary

    store = VectorStore.build(corpus.chunk_vectors)
    count, dimension = corpus.chunk_vectors.shape
    manifest = Manifest(
        model="synthetic",
        dimension=dimension,
        chunking={},
        documents=[
            DocumentInfo(path=f"synthetic-{d:05d}.md", title=f"Synthetic document {d}", sha256="", chunks=50)
            for d in range(math.ceil(count / 50))
        ],
        chunk_count=count,
        sentence_count=len(corpus.sentence_vectors),
        built_at="",
        version=f"synthetic-{count}",
        index_type=store.kind,
    )
    embedder = SyntheticEmbedder(corpus.question_vectors, dimension, model)
    words = chunk_vocabulary(corpus.chunks)
    word_vectors = WordVectors(words, random_unit_vectors(len(words), dimension).astype("float16"))
    kb = KnowledgeBase(
        manifest,
        corpus.chunks,
        corpus.sentence_vectors,
        store,
        embedder,
        word_vectors=word_vectors,
        token_vectors=synthetic_token_vectors(corpus, dimension),
    )
    return kb, store


def synthetic_token_vectors(corpus: SyntheticCorpus, dimension: int):
    """Made-up contextual vectors for every content word of every sentence, reduced as a build reduces them."""
    import numpy as np

    from index.token_vectors import DIMENSION, Projection, TokenVectors, is_content_word

    counts = [
        sum(is_content_word(w) for w in s.lower().rstrip(".").split()) for c in corpus.chunks for s in c.sentences
    ]
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    projection = Projection(random_unit_vectors(dimension, DIMENSION))
    return TokenVectors(projection, random_unit_vectors(int(starts[-1]), DIMENSION).astype("float16"), starts)


def recall_at_k(store, chunk_vectors, queries, k: int = 10) -> float:
    """The share of exact search's top k that the store also returns in its top k."""
    import faiss
    import numpy as np

    exact = faiss.IndexFlatIP(chunk_vectors.shape[1])
    exact.add(chunk_vectors)
    matrix = np.stack(list(queries))
    _, truth = exact.search(matrix, k)
    found = [len({row for row, _ in store.search(q, k)} & set(t)) for q, t in zip(matrix, truth, strict=True)]
    return sum(found) / (k * len(matrix))


def _peak_rss_reset() -> bool:
    """Reset the kernel's peak-RSS mark (Linux), so each corpus size reports its own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of chunk counts: {text!r}") from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("chunk counts must be at least 10")
    return sizes


def _scale_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("scale")
    group.add_argument(
        "--scale-sizes", type=_sizes, default=[1_000, 10_000, 100_000], help="chunk counts (default 1000,10000,100000)"
    )
    group.add_argument("--scale-questions", type=int, default=300, help="questions per size (default 300)")
    group.add_argument(
        "--scale-no-model",
        action="store_true",
        help="skip the model's query encoding (by default each question also pays it, as in the bot)",
    )


@section(
    "scale", "kb.ask latency, peak memory and ANN recall@10 on synthetic 1k/10k/100k-chunk corpora", _scale_arguments
)
def scale(ctx: BenchContext) -> Metrics:
    import gc

    model = None if ctx.args.scale_no_model else ctx.embedder
    dimension = model.dimension if model is not None else 384
    metrics: Metrics = {"query_encoding": "excluded" if model is None else "included"}
    per_size = True
    for size in ctx.args.scale_sizes:
        corpus = synthetic_corpus(size, ctx.args.scale_questions, dimension=dimension)
        gc.collect()
        per_size = _peak_rss_reset() and per_size  # from here: vector store, lexical index, answering
        (kb, store), load_s, _ = _timed(lambda corpus=corpus: synthetic_knowledge_base(corpus, model))
        samples = time_calls(kb.ask, corpus.questions, warmup=min(20, len(corpus.questions)))
        stats = latency_stats(samples)
        label = f"{size // 1000}k" if size % 1000 == 0 else str(size)
        metrics[f"{label}_index"] = store.kind
        metrics[f"{label}_index_and_bm25_build_s"] = round(load_s, 1)
        metrics[f"{label}_ask_p50_ms"] = stats["p50_ms"]
        metrics[f"{label}_ask_p95_ms"] = stats["p95_ms"]
        metrics[f"{label}_recall_at_10"] = round(recall_at_k(store, corpus.chunk_vectors, corpus.question_vectors), 4)
        metrics[f"{label}_peak_rss_mib"] = round(_peak_rss_mib(), 1)
        del kb, store, corpus
    if not per_size:
        metrics["note"] = "peak RSS is the process's since start (no /proc/self/clear_refs)"
    return metrics


def _alerts_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("alerts")
    group.add_argument("--alerts", type=int, default=2000, help="alerts due at once (default 2000)")
    group.add_argument(
        "--alert-processes", type=int, nargs="+", default=[1, 3], help="process counts to compare (default 1 3)"
    )


def alert_throughput(url: str, count: int, processes: int, scratch: Path) -> float:
    """Alerts per second through claim, send and confirm, with `processes` scheduler processes at once."""
    from datetime import UTC, datetime, timedelta

    from alert_load import seed

    due = datetime.now(UTC) - timedelta(minutes=1)
    seed(url, count, [(1, 10), (2, 20), (3, 30)], first_due=due, spread=timedelta(0))
    worker = [sys.executable, str(ROOT / "scripts" / "alert_load.py"), "worker", url]
    children = [
        subprocess.Popen([*worker, f"bench-{n}"], cwd=scratch, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for n in range(processes)
    ]
    for child in children:  # every worker connected before the clock starts
        if child.stdout.readline().strip() != "ready":
            raise BenchmarkError("an alert worker did not start")
    start = time.perf_counter()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    sent = sum(int(child.communicate(timeout=600)[0].strip() or 0) for child in children)
    wall = time.perf_counter() - start
    if sent != count:
        raise BenchmarkError(f"{processes} process(es) sent {sent} of {count} alerts")
    return count / wall


@section(
    "alerts",
    "reminder alerts per second (claim, send, confirm) with 1 and 3 processes, on PostgreSQL and SQLite",
    _alerts_arguments,
)
def alerts(ctx: BenchContext) -> Metrics:
    from bot.storage.database import resolve_url
    from bot.storage.local_postgres import LocalPostgres

    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    metrics: Metrics = {"alerts": ctx.args.alerts, "note": "sends are no-ops: the shared database path is measured"}
    with LocalPostgres() as server:
        for processes in ctx.args.alert_processes:
            for backend in ("postgresql", "sqlite"):
                name = f"{backend}_{processes}p"
                if backend == "postgresql":
                    url = resolve_url(server.create_database(f"bench_{processes}"), None)
                else:
                    url = resolve_url(None, ctx.workdir / f"{name}.sqlite3")
                rate = alert_throughput(url, ctx.args.alerts, processes, ctx.workdir)
                metrics[f"{name}_alerts_per_s"] = round(rate, 1)
    return metrics


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
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="documents to build when --index is not given")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="JSON-lines question set")
    parser.add_argument("--questions-limit", type=int, metavar="N", help="use the first N questions (default all)")
    parser.add_argument("--model", help="embedding model name or path (default: the bundled all-MiniLM-L6-v2)")
    parser.add_argument(
        "--model-cache", type=Path, help="where the model's ONNX encoder is (default: MODEL_CACHE_DIR or var/models)"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON ('-' for stdout)")
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
    if args.model_cache is None:
        from bot.settings import load_settings

        args.model_cache = load_settings().knowledge.model_cache_dir
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
