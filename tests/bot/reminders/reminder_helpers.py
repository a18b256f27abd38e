"""Shared by the reminder tests: a fake clock and a shortcut for what a confirmed /remind add does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.features.reminders.parsing import parse_deadline
from bot.features.reminders.plan import parse_lead_times, plan_alerts
from bot.features.reminders.simulated import SimulatedServer
from bot.storage.reminder_records import NewReminder, Reminder
from bot.storage.reminders import ReminderRepository

START = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
GUILD = 1
CHANNEL = 10
MODERATOR = 500


class FakeClock:
    """Aware UTC time that only moves when a test moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    def set(self, moment: datetime) -> None:
        self.now = moment


async def add_reminder(
    store: ReminderRepository,
    server: SimulatedServer,
    clock: FakeClock,
    *,
    date_text: str,
    time_text: str | None,
    zone: str,
    leads: str = "7d,1d,1h",
    channel_id: int = CHANNEL,
    title: str = "Letters of intent to CNSA",
    max_active: int = 25,
) -> Reminder:
    """What /remind add does once confirmed: save, post and pin, record the pinned message."""
    deadline = parse_deadline(date_text, time_text, zone, now=clock(), horizon=timedelta(days=730))
    planned = plan_alerts(deadline.utc, parse_lead_times(leads), clock(), deadline.zone)
    new = NewReminder(
        guild_id=GUILD,
        channel_id=channel_id,
        title=title,
        deadline=deadline.utc,
        zone=deadline.zone,
        date_only=deadline.date_only,
        lead_times=leads,
        created_by=MODERATOR,
    )
    reminder = await store.create_reminder(new, planned, now=clock(), max_active=max_active)
    message_id = await server.post_pinned(reminder)
    await store.set_pinned_message(reminder.id, message_id, now=clock())
    return await store.get(reminder.id)
