"""A reindex with nothing changed: its wall time, and whether it loaded the model."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from bench.context import ROOT, BenchContext
from bench.registry import BenchmarkError, Metrics, section

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
