"""Reminders and their planned alerts: functions on a connection, and an async repository.

Every planned alert is one row. Its status moves planned → claimed → sent | late, or ends as missed, cancelled or
disabled; rows are never deleted by the bot's own work, so what became of each alert stays on record.

Several processes may share one database. A process takes an alert with a lease: `claim_due` picks due alerts
with `FOR UPDATE SKIP LOCKED` on PostgreSQL (on SQLite the whole transaction holds the write lock), marks them
claimed by that process until `lease_expires_at`, and only the lease holder confirms them. When a process dies
mid-send, its leases run out and another process takes the alert over, attempts counting up, and sends it with the
alert's unchanging nonce, which Discord de-duplicates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any, Protocol

from sqlalchemy import Connection, and_, case, func, insert, literal, or_, select, text, update

from bot.storage.database import Repository, transaction
from bot.storage.guild_settings import get_guild_config, save_guild_config
from bot.storage.tables import alerts, reminders
from bot.storage.timestamps import UtcMoment

# Reminder statuses
ACTIVE, CLOSED, CANCELLED, DISABLED = "active", "closed", "cancelled", "disabled"
# Alert statuses (CANCELLED and DISABLED too)
PLANNED, CLAIMED, SENT, LATE, MISSED = "planned", "claimed", "sent", "late", "missed"

DEFAULT_LEASE = timedelta(seconds=60)


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


# -- reminders -------------------------------------------------------------------------------------


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


def _takeable(now: datetime):
    """Planned, or claimed by a process whose lease ran out (or that never had one)."""
    return or_(
        alerts.c.status == PLANNED,
        and_(
            alerts.c.status == CLAIMED,
            or_(alerts.c.lease_expires_at.is_(None), alerts.c.lease_expires_at <= now),
        ),
    )


def _with_reminders(conn: Connection, *conditions) -> list[DueAlert]:
    """Alerts matching `conditions`, oldest due first, each with its reminder."""
    rows = conn.execute(
        select(alerts, reminders)
        .join(reminders, reminders.c.id == alerts.c.reminder_id)
        .where(*conditions)
        .order_by(alerts.c.due_at, alerts.c.id)
    )
    return [DueAlert(Alert.from_row(_part(row, alerts)), Reminder.from_row(_part(row, reminders))) for row in rows]


def _part(row, table) -> SimpleNamespace:
    """The columns of `table` out of a joined row (both tables have `id` and `status`)."""
    return SimpleNamespace(**{column.name: row._mapping[column] for column in table.c})


def due_alerts(conn: Connection, now: datetime) -> list[DueAlert]:
    """Planned, or claimed but unconfirmed, alerts of active reminders due by `now`, oldest first."""
    return _with_reminders(
        conn, alerts.c.status.in_((PLANNED, CLAIMED)), alerts.c.due_at <= now, reminders.c.status == ACTIVE
    )


def claim_due(conn: Connection, owner: str, now: datetime, *, lease: timedelta = DEFAULT_LEASE, limit: int = 100):
    """Take up to `limit` due alerts for `owner` until `now + lease`; return them (claimed) with their reminders.

    Alerts another process holds a live lease on are skipped, as are rows another transaction is claiming right
    now (SKIP LOCKED), so processes never wait on each other nor take the same alert.
    """
    picked = dict(
        conn.execute(
            select(alerts.c.id, alerts.c.status)
            .join(reminders, reminders.c.id == alerts.c.reminder_id)
            .where(_takeable(now), alerts.c.due_at <= now, reminders.c.status == ACTIVE)
            .order_by(alerts.c.due_at, alerts.c.id)
            .limit(limit)
            .with_for_update(of=alerts, skip_locked=True)
        ).all()
    )
    if not picked:
        return []
    conn.execute(
        update(alerts).where(alerts.c.id.in_(picked), _takeable(now)).values(**_claim_values(now, owner, lease))
    )
    claimed = _with_reminders(conn, alerts.c.id.in_(picked), alerts.c.claimed_by == owner)
    return [DueAlert(item.alert, item.reminder, retaken=picked[item.alert.id] == CLAIMED) for item in claimed]


def _claim_values(now: datetime, owner: str, lease: timedelta) -> dict:
    return {
        "status": CLAIMED,
        # The first claim's time stays: it tells whether the alert went out late.
        "claimed_at": func.coalesce(alerts.c.claimed_at, literal(now, UtcMoment())),
        "claimed_by": owner,
        "lease_expires_at": now + lease,
        # A first claim is an attempt; taking over a claim is not yet one (record_retry counts a re-send).
        "attempts": alerts.c.attempts + case((alerts.c.status == PLANNED, 1), else_=0),
    }


def next_due_at(conn: Connection, statuses: Sequence[str] = (PLANNED, CLAIMED)) -> datetime | None:
    return conn.execute(
        select(func.min(alerts.c.due_at))
        .join(reminders, reminders.c.id == alerts.c.reminder_id)
        .where(alerts.c.status.in_(tuple(statuses)), reminders.c.status == ACTIVE)
    ).scalar_one()


def next_lease_expiry(conn: Connection) -> datetime | None:
    """When the earliest lease on a claimed alert runs out (another process's alert to take over then)."""
    return conn.execute(select(func.min(alerts.c.lease_expires_at)).where(alerts.c.status == CLAIMED)).scalar_one()


def count_due(conn: Connection, now: datetime) -> int:
    """Alerts of active reminders due by `now` and not finished."""
    return conn.execute(
        select(func.count())
        .select_from(alerts.join(reminders, reminders.c.id == alerts.c.reminder_id))
        .where(alerts.c.status.in_((PLANNED, CLAIMED)), alerts.c.due_at <= now, reminders.c.status == ACTIVE)
    ).scalar_one()


def claim_alert(
    conn: Connection, alert_id: int, now: datetime, owner: str | None = None, lease: timedelta = DEFAULT_LEASE
) -> bool:
    """Take a planned alert for sending; False when something else already took (or ended) it."""
    result = conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id, alerts.c.status == PLANNED)
        .values(**_claim_values(now, owner, lease))
    )
    return result.rowcount == 1


def record_retry(
    conn: Connection, alert_id: int, now: datetime, owner: str | None = None, lease: timedelta = DEFAULT_LEASE
) -> bool:
    """A claimed alert is tried again by its lease holder, or taken over once the lease ran out."""
    result = conn.execute(
        update(alerts)
        .where(
            alerts.c.id == alert_id,
            alerts.c.status == CLAIMED,
            or_(
                alerts.c.claimed_by.is_(None),
                alerts.c.claimed_by == owner,
                alerts.c.lease_expires_at.is_(None),
                alerts.c.lease_expires_at <= now,
            ),
        )
        .values(claimed_by=owner, lease_expires_at=now + lease, attempts=alerts.c.attempts + 1)
    )
    return result.rowcount == 1


def record_failure(conn: Connection, alert_id: int, error: str, retry_at: datetime | None = None) -> None:
    """Note why a send failed; with `retry_at`, the claim may be taken again (by any process) from then on."""
    values = {"last_error": error[:500]}
    if retry_at is not None:
        values["lease_expires_at"] = retry_at
    conn.execute(update(alerts).where(alerts.c.id == alert_id, alerts.c.status == CLAIMED).values(**values))


def expire_leases(conn: Connection, owner: str, now: datetime) -> int:
    """End `owner`'s leases now: a restarted process finishes what its previous run had claimed at once."""
    result = conn.execute(
        update(alerts).where(alerts.c.status == CLAIMED, alerts.c.claimed_by == owner).values(lease_expires_at=now)
    )
    return result.rowcount


def _held_by(owner: str | None):
    """The claim is still this process's: no owner given (one process), or the lease holder is `owner`."""
    return alerts.c.id.is_not(None) if owner is None else alerts.c.claimed_by == owner


def mark_sent(
    conn: Connection, alert_id: int, message_id: int | None, late: bool, now: datetime, owner: str | None = None
) -> bool:
    result = conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id, alerts.c.status == CLAIMED, _held_by(owner))
        .values(status=LATE if late else SENT, sent_message_id=message_id, finished_at=now, lease_expires_at=None)
    )
    return result.rowcount == 1


def mark_missed(conn: Connection, alert_id: int, reason: str, now: datetime, only_planned: bool = False) -> bool:
    """End an unsent alert as missed; `only_planned` leaves it alone once a process has claimed it."""
    result = conn.execute(
        update(alerts)
        .where(alerts.c.id == alert_id, alerts.c.status.in_((PLANNED,) if only_planned else (PLANNED, CLAIMED)))
        .values(status=MISSED, finished_at=now, last_error=reason, lease_expires_at=None)
    )
    return result.rowcount == 1


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
