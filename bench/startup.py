"""Start-up: a cold `python -m bot ask` next to `import torch`, and the console's first prompt and answer."""

from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.child_process import child_peak_memory
from bench.context import ROOT, BenchContext
from bench.memory import ask_command
from bench.registry import BenchmarkError, Metrics, section


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
