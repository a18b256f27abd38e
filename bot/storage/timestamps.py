"""Moments stored as fixed-width UTC ISO 8601 text, so text order is time order on every backend."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


def to_text(moment: datetime) -> str:
    """UTC, whole seconds, fixed width (`2026-12-31T17:00:00+00:00`)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: stored times must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def from_text(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class UtcMoment(TypeDecorator):
    """A timezone-aware datetime in Python, `to_text` in the database (the format SQLite files already hold)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | str | None, dialect) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return to_text(value)

    def process_result_value(self, value: str | None, dialect) -> datetime | None:
        return from_text(value)
