"""Reminders and their planned alerts: saving, changing and ending them, functions on a connection and an async
repository (claiming and confirming due alerts is bot/storage/alert_delivery.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from bot.storage.alert_delivery import (
    claim_alert,
    claim_due,
    count_due,
    due_alerts,
    expire_leases,
    mark_missed,
    mark_sent,
    next_due_at,
    next_lease_expiry,
    record_failure,
    record_retry,
)
from bot.storage.database import Repository, transaction
from bot.storage.guild_settings import get_guild_config, save_guild_config
from bot.storage.reminder_records import (
    ACTIVE,
    CANCELLED,
    CLAIMED,
    CLOSED,
    DISABLED,
    PLANNED,
    Alert,
    AlertPlan,
    LimitError,
    NewReminder,
    Reminder,
    make_nonce,
)
from bot.storage.tables import alerts, reminders


def _lock_guild(conn: Connection, guild_id: int) -> None:
    """Serialise writers of one server's reminders (SQLite's BEGIN IMMEDIATE already serialises everything)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": guild_id})


def create_reminder(
    conn: Connection, new: NewReminder, planned: Sequence[AlertPlan], now: datetime, max_active: int
) -> Reminder:
    """Save a reminder with its planned alerts; LimitError when the server already has `max_active`."""
    _lock_guild(conn, new.guild_id)
    active = conn.execute(
        select(func.count()).where(reminders.c.guild_id == new.guild_id, reminders.c.status == ACTIVE)
    ).scalar_one()
    if active >= max_active:
        raise LimitError(f"This server already has {max_active} active reminders the cap; cancel one first.")
    source = new.source
    values = {field.name: getattr(new, field.name) for field in fields(NewReminder) if field.name != "source"}
    source = {f"source_{name}": getattr(new.source, name, None) for name in ("title", "url", "chunk_id", "quote")}
    reminder_id = conn.execute(
        insert(reminders).values(**values, **source, created_at=now, updated_at=now).returning(reminders.c.id)
    ).scalar_one()
    insert_alerts(conn, reminder_id, planned)
    return get_reminder(conn, reminder_id)


def insert_alerts(conn: Connection, reminder_id: int, planned: Sequence[AlertPlan]) -> list[int]:
    ids = []
    for plan in planned:
        alert_id = conn.execute(
            insert(alerts)
            .values(
                reminder_id=reminder_id,
                kind=plan.kind,
                lead_seconds=int(plan.lead.total_seconds()),
                due_at=plan.due_at,
            )
            .returning(alerts.c.id)
        ).scalar_one()
        conn.execute(update(alerts).where(alerts.c.id == alert_id).values(nonce=make_nonce(reminder_id, alert_id)))
        ids.append(int(alert_id))
    return ids


def get_reminder(conn: Connection, reminder_id: int) -> Reminder | None:
    row = conn.execute(select(reminders).where(reminders.c.id == reminder_id)).first()
    return Reminder.from_row(row) if row else None


def list_reminders(conn: Connection, guild_id: int, statuses: Sequence[str] = (ACTIVE,)) -> list[Reminder]:
    rows = conn.execute(
        select(reminders)
        .where(reminders.c.guild_id == guild_id, reminders.c.status.in_(tuple(statuses)))
        .order_by(reminders.c.deadline, reminders.c.id)
    ).all()
    return [Reminder.from_row(row) for row in rows]


def active_reminders(conn: Connection) -> list[Reminder]:
    rows = conn.execute(select(reminders).where(reminders.c.status == ACTIVE).order_by(reminders.c.id)).all()
    return [Reminder.from_row(row) for row in rows]


def set_pinned_message(conn: Connection, reminder_id: int, message_id: int, now: datetime) -> None:
    conn.execute(
        update(reminders).where(reminders.c.id == reminder_id).values(pinned_message_id=message_id, updated_at=now)
    )


def update_title(conn: Connection, reminder_id: int, title: str, now: datetime) -> bool:
    result = conn.execute(
        update(reminders)
        .where(reminders.c.id == reminder_id, reminders.c.status == ACTIVE)
        .values(title=title, updated_at=now)
    )
    return result.rowcount == 1


def reschedule(
    conn: Connection,
    reminder_id: int,
    deadline: datetime,
    zone: str,
    date_only: bool,
    lead_times: str,
    planned: Sequence[AlertPlan],
    now: datetime,
) -> bool:
    """Move an active reminder's deadline or lead times: pending alerts are cancelled, new ones planned."""
    result = conn.execute(
        update(reminders)
        .where(reminders.c.id == reminder_id, reminders.c.status == ACTIVE)
        .values(deadline=deadline, zone=zone, date_only=bool(date_only), lead_times=lead_times, updated_at=now)
    )
    if result.rowcount != 1:
        return False
    _end_pending_alerts(conn, reminder_id, CANCELLED, "rescheduled", now)
    insert_alerts(conn, reminder_id, planned)
    return True


def _end_pending_alerts(conn: Connection, reminder_id: int, status: str, reason: str, now: datetime) -> None:
    conn.execute(
        update(alerts)
        .where(alerts.c.reminder_id == reminder_id, alerts.c.status.in_((PLANNED, CLAIMED)))
        .values(status=status, finished_at=now, last_error=func.coalesce(alerts.c.last_error, reason))
    )


def _end_reminder(conn: Connection, reminder_id: int, status: str, reason: str | None, now: datetime) -> bool:
    result = conn.execute(
        update(reminders)
        .where(reminders.c.id == reminder_id, reminders.c.status == ACTIVE)
        .values(status=status, status_reason=reason, updated_at=now)
    )
    if result.rowcount != 1:
        return False
    _end_pending_alerts(conn, reminder_id, DISABLED if status == DISABLED else CANCELLED, reason or status, now)
    return True


def cancel_reminder(conn: Connection, reminder_id: int, by: int, now: datetime) -> bool:
    """False when the reminder was no longer active (closed, cancelled or disabled already)."""
    return _end_reminder(conn, reminder_id, CANCELLED, f"cancelled by <@{by}>", now)


def disable_reminder(conn: Connection, reminder_id: int, reason: str, now: datetime) -> bool:
    return _end_reminder(conn, reminder_id, DISABLED, reason, now)


def close_reminder(conn: Connection, reminder_id: int, now: datetime) -> bool:
    return _end_reminder(conn, reminder_id, CLOSED, None, now)


def flag_reminder(conn: Connection, reminder_id: int, reason: str | None, now: datetime) -> None:
    conn.execute(update(reminders).where(reminders.c.id == reminder_id).values(flag_reason=reason, updated_at=now))


# -- alerts ----------------------------------------------------------------------------------------


def alerts_for(conn: Connection, reminder_id: int) -> list[Alert]:
    rows = conn.execute(
        select(alerts).where(alerts.c.reminder_id == reminder_id).order_by(alerts.c.due_at, alerts.c.id)
    ).all()
    return [Alert.from_row(row) for row in rows]


def get_alert(conn: Connection, alert_id: int) -> Alert | None:
    row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
    return Alert.from_row(row) if row else None


class ReminderRepository(Repository):
    """The async repository of this module over the bot's `Database` (each call is one transaction)."""

    create_reminder = transaction(create_reminder)
    get = transaction(get_reminder)
    list_for_guild = transaction(list_reminders)
    active = transaction(active_reminders)
    set_pinned_message = transaction(set_pinned_message)
    update_title = transaction(update_title)
    cancel = transaction(cancel_reminder)
    disable = transaction(disable_reminder)
    close = transaction(close_reminder)
    flag = transaction(flag_reminder)
    alerts_for = transaction(alerts_for)
    get_alert = transaction(get_alert)
    due_alerts = transaction(due_alerts)
    claim_due = transaction(claim_due)
    next_due_at = transaction(next_due_at)
    next_lease_expiry = transaction(next_lease_expiry)
    count_due = transaction(count_due)
    claim = transaction(claim_alert)
    record_retry = transaction(record_retry)
    record_failure = transaction(record_failure)
    expire_leases = transaction(expire_leases)
    mark_sent = transaction(mark_sent)
    mark_missed = transaction(mark_missed)
    guild_config = transaction(get_guild_config)
    save_guild_config = transaction(save_guild_config)

    async def reschedule(self, reminder_id: int, *, alerts: Sequence[AlertPlan], **changes: Any) -> bool:
        return await self.database.run(reschedule, reminder_id, planned=alerts, **changes)
