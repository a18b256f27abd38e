"""The bot's clock: now, aware and in UTC, to the whole second (as the database stores moments)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
