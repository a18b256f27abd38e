"""Reminder alerts per second through the shared database, with one and several processes."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench.context import ROOT, BenchContext
from bench.registry import BenchmarkError, Metrics, section


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
    from bot.storage.engine import resolve_url
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
