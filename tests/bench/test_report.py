"""bench/report.py: the results table."""

from __future__ import annotations

from bench.report import format_table


def test_format_table_aligns_columns():
    table = format_table({"latency": {"p50_ms": 12.345, "calls": 200}, "memory": {"max_rss_mib": 512.0}})
    assert table.splitlines() == [
        "section  metric       value",
        "latency  p50_ms       12.3",
        "latency  calls        200",
        "memory   max_rss_mib  512.0",
    ]
