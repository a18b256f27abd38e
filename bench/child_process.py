"""A `python -m` or `python -c` child run to completion: its own peak memory, wall and CPU time."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.registry import BenchmarkError, Metrics

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
