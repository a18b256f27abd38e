"""Rows to store in the storage tests, made without the reminder commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.storage.reminder_records import NewReminder, ReminderSource

NOW = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
GUILD, CHANNEL, MODERATOR = 200000000000000003, 300000000000000004, 100000000000000002


@dataclass(frozen=True)
class Planned:
    kind: str
    lead: timedelta
    due_at: datetime


def planned(deadline: datetime = DEADLINE, leads: tuple[timedelta, ...] = (timedelta(days=7), timedelta(days=1))):
    return [Planned("lead", lead, deadline - lead) for lead in leads] + [Planned("close", timedelta(0), deadline)]


def new_reminder(guild_id: int = GUILD, *, deadline: datetime = DEADLINE, created_by: int = MODERATOR) -> NewReminder:
    return NewReminder(
        guild_id=guild_id,
        channel_id=CHANNEL,
        title="Letters of intent to CNSA",
        deadline=deadline,
        zone="Asia/Shanghai",
        date_only=False,
        lead_times="7d,1d",
        created_by=created_by,
        source=ReminderSource("Proposal", "https://example.org", "chunk-1", "until December 31"),
    )
