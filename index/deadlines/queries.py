"""Which deadline records are upcoming, past, undated, or the next deadline, relative to a day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from index.deadlines.records import DeadlineRecord, as_date


def upcoming(records: Iterable[DeadlineRecord], now: date | datetime) -> list[DeadlineRecord]:
    """Records not yet over (including those under way, like "2026" during 2026), soonest first."""
    today = as_date(now)
    chosen = [r for r in records if r.date.status(today) in ("upcoming", "current")]
    return sorted(chosen, key=_chronological)


def past(records: Iterable[DeadlineRecord], now: date | datetime) -> list[DeadlineRecord]:
    """Records that are over, oldest first (the most recent is the last)."""
    today = as_date(now)
    return sorted((r for r in records if r.date.status(today) == "past"), key=_chronological)


def undated(records: Iterable[DeadlineRecord]) -> list[DeadlineRecord]:
    """Records whose year the source does not state (and no publication date supplied), in document order."""
    return [r for r in records if r.date.year is None]


def next_deadline(records: Iterable[DeadlineRecord], now: date | datetime) -> DeadlineRecord | None:
    """The soonest deadline not yet over; None when there is none with a known year (see `undated`)."""
    return next((r for r in upcoming(records, now) if r.kind == "deadline"), None)


def _chronological(record: DeadlineRecord) -> tuple[date, date, str]:
    first, last = record.date.span() or (date.max, date.max)
    return first, last, record.id
