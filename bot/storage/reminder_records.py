"""Reminders and their planned alerts as the bot reads and writes them: their fields and statuses.

Every planned alert is one row. Its status moves planned → claimed → sent | late, or ends as missed, cancelled or
disabled; rows are never deleted by the bot's own work, so what became of each alert stays on record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Protocol

# Reminder statuses
ACTIVE, CLOSED, CANCELLED, DISABLED = "active", "closed", "cancelled", "disabled"
# Alert statuses (CANCELLED and DISABLED too)
PLANNED, CLAIMED, SENT, LATE, MISSED = "planned", "claimed", "sent", "late", "missed"


class LimitError(ValueError):
    """A per-server limit would be exceeded."""


class AlertPlan(Protocol):
    """One alert to plan (`bot.reminders.plan.PlannedAlert` is one)."""

    kind: str
    lead: timedelta
    due_at: datetime


def make_nonce(reminder_id: int, alert_id: int) -> str:
    """The same 24 characters for an alert every time: within Discord's 25-character nonce limit."""
    return hashlib.sha256(f"ilrs-reminder:{reminder_id}:{alert_id}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class ReminderSource:
    """The passage a reminder was made from, so that a reindex which changes it can be noticed."""

    title: str
    url: str | None
    chunk_id: str
    quote: str


@dataclass(frozen=True)
class NewReminder:
    guild_id: int
    channel_id: int
    title: str
    deadline: datetime
    zone: str
    date_only: bool
    lead_times: str
    created_by: int
    pinned_message_id: int | None = None
    mention_role_id: int | None = None
    source: ReminderSource | None = None


@dataclass(frozen=True)
class Reminder:
    id: int
    guild_id: int
    channel_id: int
    title: str
    deadline: datetime
    zone: str
    date_only: bool
    lead_times: str
    created_by: int
    created_at: datetime
    status: str
    pinned_message_id: int | None
    mention_role_id: int | None
    source: ReminderSource | None
    status_reason: str | None
    flag_reason: str | None

    @classmethod
    def from_row(cls, row) -> Reminder:
        values = {field.name: getattr(row, field.name) for field in fields(cls) if field.name != "source"}
        source = None
        if row.source_chunk_id:
            source = ReminderSource(row.source_title or "", row.source_url, row.source_chunk_id, row.source_quote or "")
        return cls(**values | {"date_only": bool(row.date_only)}, source=source)


@dataclass(frozen=True)
class Alert:
    id: int
    reminder_id: int
    kind: str  # plan.LEAD or plan.CLOSE
    lead: timedelta
    due_at: datetime
    status: str
    nonce: str
    claimed_at: datetime | None
    finished_at: datetime | None
    sent_message_id: int | None
    attempts: int
    last_error: str | None
    claimed_by: str | None = None
    lease_expires_at: datetime | None = None

    @classmethod
    def from_row(cls, row) -> Alert:
        values = {field.name: getattr(row, field.name) for field in fields(cls) if field.name != "lead"}
        return cls(**values, lead=timedelta(seconds=row.lead_seconds))


@dataclass(frozen=True)
class DueAlert:
    alert: Alert
    reminder: Reminder
    retaken: bool = False  # claimed before (by a process that died, or failed): a message may already be out
