"""The results of a run: a table of section, metric and value, and the environment they were measured in."""

from __future__ import annotations

import os
import platform
from typing import Any

from bench.registry import Metrics


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


def environment() -> dict[str, Any]:
    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count()}
