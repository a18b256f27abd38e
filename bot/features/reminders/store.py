"""Reminders and their planned alerts in SQLite: plain functions on a connection, and an async facade.

Every planned alert is one row (tables: bot/reminders/schema.py, registered in bot/database.py). An
alert's status moves planned → claimed → sent | late, or ends as missed, cancelled or disabled; rows are
never deleted, so what became of each alert stays on record.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.database import Database
from bot.features.reminders.parsing import ReminderInputError
from bot.features.reminders.plan import PlannedAlert

# Reminder statuses
ACTIVE, CLOSED, CANCELLED, DISABLED = "active", "closed", "cancelled", "disabled"
# Alert statuses (CANCELLED and DISABLED too)
PLANNED, CLAIMED, SENT, LATE, MISSED = "planned", "claimed", "sent", "late", "missed"


class LimitError(ReminderInputError):
    """A per-server limit would be exceeded."""


def to_text(moment: datetime) -> str:
    """UTC, whole seconds, fixed width: text order is time order in SQL comparisons."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: reminder times must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def from_text(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


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
    def from_row(cls, row: sqlite3.Row) -> Reminder:
        source = None
        if row["source_chunk_id"]:
            source = ReminderSource(
                title=row["source_title"] or "",
                url=row["source_url"],
                chunk_id=row["source_chunk_id"],
                quote=row["source_quote"] or "",
            )
        return cls(
            id=row["id"],
            guild_id=row["guild_id"],
            channel_id=row["channel_id"],
            title=row["title"],
            deadline=from_text(row["deadline"]),
            zone=row["zone"],
            date_only=bool(row["date_only"]),
            lead_times=row["lead_times"],
            created_by=row["created_by"],
            created_at=from_text(row["created_at"]),
            status=row["status"],
            pinned_message_id=row["pinned_message_id"],
            mention_role_id=row["mention_role_id"],
            source=source,
            status_reason=row["status_reason"],
            flag_reason=row["flag_reason"],
        )


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

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Alert:
        return cls(
            id=row["id"],
            reminder_id=row["reminder_id"],
            kind=row["kind"],
            lead=timedelta(seconds=row["lead_seconds"]),
            due_at=from_text(row["due_at"]),
            status=row["status"],
            nonce=row["nonce"],
            claimed_at=from_text(row["claimed_at"]),
            finished_at=from_text(row["finished_at"]),
            sent_message_id=row["sent_message_id"],
            attempts=row["attempts"],
            last_error=row["last_error"],
        )


@dataclass(frozen=True)
class DueAlert:
    alert: Alert
    reminder: Reminder


@dataclass(frozen=True)
class GuildConfig:
    """A server's reminder settings; None/empty fields fall back to the bot's settings."""

    guild_id: int
    lead_times: str | None = None
    moderator_role_ids: tuple[int, ...] = ()
    announcement_role_id: int | None = None


# -- reminders -------------------------------------------------------------------------------------


def create_reminder(
    conn: sqlite3.Connection, new: NewReminder, alerts: Sequence[PlannedAlert], now: datetime, max_active: int
) -> int:
    """Save a reminder with its planned alerts; LimitError when the server already has `max_active`."""
    source = new.source
    # The cap is checked inside the INSERT itself, so two concurrent adds cannot both slip under it.
    cursor = conn.execute(
        """
        INSERT INTO reminders (guild_id, channel_id, title, deadline, zone, date_only, lead_times, created_by,
                               created_at, updated_at, pinned_message_id, mention_role_id,
                               source_title, source_url, source_chunk_id, source_quote)
        SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
        WHERE (SELECT COUNT(*) FROM reminders WHERE guild_id = ? AND status = 'active') < ?
        """,
        (
            new.guild_id,
            new.channel_id,
            new.title,
            to_text(new.deadline),
            new.zone,
            int(new.date_only),
            new.lead_times,
            new.created_by,
            to_text(now),
            to_text(now),
            new.pinned_message_id,
            new.mention_role_id,
            source.title if source else None,
            source.url if source else None,
            source.chunk_id if source else None,
            source.quote if source else None,
            new.guild_id,
            max_active,
        ),
    )
    if cursor.rowcount != 1:
        raise LimitError(f"This server already has {max_active} active reminders the cap; cancel one first.")
    reminder_id = int(cursor.lastrowid)
    _insert_alerts(conn, reminder_id, alerts)
    return reminder_id


def _insert_alerts(conn: sqlite3.Connection, reminder_id: int, alerts: Sequence[PlannedAlert]) -> None:
    for planned in alerts:
        cursor = conn.execute(
            "INSERT INTO alerts (reminder_id, kind, lead_seconds, due_at) VALUES (?, ?, ?, ?)",
            (reminder_id, planned.kind, int(planned.lead.total_seconds()), to_text(planned.due_at)),
        )
        alert_id = int(cursor.lastrowid)
        nonce = make_nonce(reminder_id, alert_id)
        conn.execute("UPDATE alerts SET nonce = ? WHERE id = ?", (nonce, alert_id))


def get_reminder(conn: sqlite3.Connection, reminder_id: int) -> Reminder | None:
    row = conn.execute("SELECT * FROM reminders WHERE id = ?", (reminder_id,)).fetchone()
    return Reminder.from_row(row) if row else None


def list_reminders(conn: sqlite3.Connection, guild_id: int, statuses: Sequence[str] = (ACTIVE,)) -> list[Reminder]:
    marks = ",".join("?" * len(statuses))
    rows = conn.execute(
        f"SELECT * FROM reminders WHERE guild_id = ? AND status IN ({marks}) ORDER BY deadline, id",
        (guild_id, *statuses),
    ).fetchall()
    return [Reminder.from_row(row) for row in rows]


def active_reminders(conn: sqlite3.Connection) -> list[Reminder]:
    rows = conn.execute("SELECT * FROM reminders WHERE status = 'active' ORDER BY id").fetchall()
    return [Reminder.from_row(row) for row in rows]


def set_pinned_message(conn: sqlite3.Connection, reminder_id: int, message_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE reminders SET pinned_message_id = ?, updated_at = ? WHERE id = ?",
        (message_id, to_text(now), reminder_id),
    )


def update_title(conn: sqlite3.Connection, reminder_id: int, title: str, now: datetime) -> bool:
    cursor = conn.execute(
        "UPDATE reminders SET title = ?, updated_at = ? WHERE id = ? AND status = 'active'",
        (title, to_text(now), reminder_id),
    )
    return cursor.rowcount == 1


def reschedule(
    conn: sqlite3.Connection,
    reminder_id: int,
    deadline: datetime,
    zone: str,
    date_only: bool,
    lead_times: str,
    alerts: Sequence[PlannedAlert],
    now: datetime,
) -> bool:
    """Move an active reminder's deadline or lead times: pending alerts are cancelled, new ones planned."""
    cursor = conn.execute(
        """
        UPDATE reminders SET deadline = ?, zone = ?, date_only = ?, lead_times = ?, updated_at = ?
        WHERE id = ? AND status = 'active'
        """,
        (to_text(deadline), zone, int(date_only), lead_times, to_text(now), reminder_id),
    )
    if cursor.rowcount != 1:
        return False
    _end_pending_alerts(conn, reminder_id, CANCELLED, "rescheduled", now)
    _insert_alerts(conn, reminder_id, alerts)
    return True


def _end_pending_alerts(conn: sqlite3.Connection, reminder_id: int, status: str, reason: str, now: datetime) -> None:
    conn.execute(
        """
        UPDATE alerts SET status = ?, finished_at = ?, last_error = COALESCE(last_error, ?)
        WHERE reminder_id = ? AND status IN ('planned', 'claimed')
        """,
        (status, to_text(now), reason, reminder_id),
    )


def _end_reminder(conn: sqlite3.Connection, reminder_id: int, status: str, reason: str | None, now: datetime) -> bool:
    cursor = conn.execute(
        "UPDATE reminders SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status = 'active'",
        (status, reason, to_text(now), reminder_id),
    )
    if cursor.rowcount != 1:
        return False
    alert_status = DISABLED if status == DISABLED else CANCELLED
    _end_pending_alerts(conn, reminder_id, alert_status, reason or status, now)
    return True


def cancel_reminder(conn: sqlite3.Connection, reminder_id: int, by: int, now: datetime) -> bool:
    """False when the reminder was no longer active (closed, cancelled or disabled already)."""
    return _end_reminder(conn, reminder_id, CANCELLED, f"cancelled by <@{by}>", now)


def disable_reminder(conn: sqlite3.Connection, reminder_id: int, reason: str, now: datetime) -> bool:
    return _end_reminder(conn, reminder_id, DISABLED, reason, now)


def close_reminder(conn: sqlite3.Connection, reminder_id: int, now: datetime) -> bool:
    return _end_reminder(conn, reminder_id, CLOSED, None, now)


def flag_reminder(conn: sqlite3.Connection, reminder_id: int, reason: str | None, now: datetime) -> None:
    conn.execute(
        "UPDATE reminders SET flag_reason = ?, updated_at = ? WHERE id = ?",
        (reason, to_text(now), reminder_id),
    )


# -- alerts ----------------------------------------------------------------------------------------


def alerts_for(conn: sqlite3.Connection, reminder_id: int) -> list[Alert]:
    rows = conn.execute("SELECT * FROM alerts WHERE reminder_id = ? ORDER BY due_at, id", (reminder_id,))
    return [Alert.from_row(row) for row in rows.fetchall()]


def get_alert(conn: sqlite3.Connection, alert_id: int) -> Alert | None:
    row = conn.execute("SELECT * FROM alerts WHERE id = ?", (alert_id,)).fetchone()
    return Alert.from_row(row) if row else None


def due_alerts(conn: sqlite3.Connection, now: datetime) -> list[DueAlert]:
    """Planned, or claimed but unconfirmed, alerts of active reminders due by `now`, oldest first."""
    rows = conn.execute(
        """
        SELECT a.id AS alert_id FROM alerts a JOIN reminders r ON r.id = a.reminder_id
        WHERE a.status IN ('planned', 'claimed') AND a.due_at <= ? AND r.status = 'active'
        ORDER BY a.due_at, a.id
        """,
        (to_text(now),),
    ).fetchall()
    due = []
    for row in rows:
        alert = get_alert(conn, row["alert_id"])
        due.append(DueAlert(alert, get_reminder(conn, alert.reminder_id)))
    return due


def next_due_at(conn: sqlite3.Connection, statuses: Sequence[str] = (PLANNED, CLAIMED)) -> datetime | None:
    marks = ",".join("?" * len(statuses))
    row = conn.execute(
        f"""
        SELECT MIN(a.due_at) FROM alerts a JOIN reminders r ON r.id = a.reminder_id
        WHERE a.status IN ({marks}) AND r.status = 'active'
        """,
        tuple(statuses),
    ).fetchone()
    return from_text(row[0])


def claim_alert(conn: sqlite3.Connection, alert_id: int, now: datetime) -> bool:
    """Take a planned alert for sending; False when something else already took (or ended) it."""
    cursor = conn.execute(
        "UPDATE alerts SET status = 'claimed', claimed_at = ?, attempts = attempts + 1 "
        "WHERE id = ? AND status = 'planned'",
        (to_text(now), alert_id),
    )
    return cursor.rowcount == 1


def record_retry(conn: sqlite3.Connection, alert_id: int, now: datetime) -> bool:
    """A claimed alert is tried again (after a failure or a restart): count the attempt, keep the claim."""
    cursor = conn.execute("UPDATE alerts SET attempts = attempts + 1 WHERE id = ? AND status = 'claimed'", (alert_id,))
    return cursor.rowcount == 1


def record_failure(conn: sqlite3.Connection, alert_id: int, error: str) -> None:
    conn.execute("UPDATE alerts SET last_error = ? WHERE id = ?", (error[:500], alert_id))


def mark_sent(conn: sqlite3.Connection, alert_id: int, message_id: int | None, late: bool, now: datetime) -> bool:
    cursor = conn.execute(
        "UPDATE alerts SET status = ?, sent_message_id = ?, finished_at = ? WHERE id = ? AND status = 'claimed'",
        (LATE if late else SENT, message_id, to_text(now), alert_id),
    )
    return cursor.rowcount == 1


def mark_missed(conn: sqlite3.Connection, alert_id: int, reason: str, now: datetime) -> bool:
    cursor = conn.execute(
        """
        UPDATE alerts SET status = 'missed', finished_at = ?, last_error = ?
        WHERE id = ? AND status IN ('planned', 'claimed')
        """,
        (to_text(now), reason, alert_id),
    )
    return cursor.rowcount == 1


# -- per-server settings ---------------------------------------------------------------------------


def get_guild_config(conn: sqlite3.Connection, guild_id: int) -> GuildConfig:
    row = conn.execute("SELECT * FROM reminder_guild_config WHERE guild_id = ?", (guild_id,)).fetchone()
    if row is None:
        return GuildConfig(guild_id)
    role_ids = tuple(int(part) for part in row["moderator_role_ids"].split(",") if part)
    return GuildConfig(guild_id, row["lead_times"], role_ids, row["announcement_role_id"])


def save_guild_config(conn: sqlite3.Connection, config: GuildConfig) -> None:
    conn.execute(
        """
        INSERT INTO reminder_guild_config (guild_id, lead_times, moderator_role_ids, announcement_role_id)
        VALUES (?, ?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET lead_times = excluded.lead_times,
            moderator_role_ids = excluded.moderator_role_ids,
            announcement_role_id = excluded.announcement_role_id
        """,
        (
            config.guild_id,
            config.lead_times,
            ",".join(str(role_id) for role_id in config.moderator_role_ids),
            config.announcement_role_id,
        ),
    )


class ReminderStore:
    """The async face of this module over the bot's `Database` (each call is one transaction)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def create_reminder(
        self, new: NewReminder, alerts: Sequence[PlannedAlert], *, now: datetime, max_active: int
    ) -> Reminder:
        def create(conn: sqlite3.Connection) -> Reminder:
            return get_reminder(conn, create_reminder(conn, new, alerts, now, max_active))

        return await self.database.run(create)

    async def get(self, reminder_id: int) -> Reminder | None:
        return await self.database.run(get_reminder, reminder_id)

    async def list_for_guild(self, guild_id: int, statuses: Sequence[str] = (ACTIVE,)) -> list[Reminder]:
        return await self.database.run(list_reminders, guild_id, tuple(statuses))

    async def active(self) -> list[Reminder]:
        return await self.database.run(active_reminders)

    async def set_pinned_message(self, reminder_id: int, message_id: int, *, now: datetime) -> None:
        await self.database.run(set_pinned_message, reminder_id, message_id, now)

    async def update_title(self, reminder_id: int, title: str, *, now: datetime) -> bool:
        return await self.database.run(update_title, reminder_id, title, now)

    async def reschedule(
        self,
        reminder_id: int,
        *,
        deadline: datetime,
        zone: str,
        date_only: bool,
        lead_times: str,
        alerts: Sequence[PlannedAlert],
        now: datetime,
    ) -> bool:
        return await self.database.run(
            reschedule, reminder_id, deadline, zone, date_only, lead_times, tuple(alerts), now
        )

    async def cancel(self, reminder_id: int, *, by: int, now: datetime) -> bool:
        return await self.database.run(cancel_reminder, reminder_id, by, now)

    async def disable(self, reminder_id: int, reason: str, *, now: datetime) -> bool:
        return await self.database.run(disable_reminder, reminder_id, reason, now)

    async def close(self, reminder_id: int, *, now: datetime) -> bool:
        return await self.database.run(close_reminder, reminder_id, now)

    async def flag(self, reminder_id: int, reason: str | None, *, now: datetime) -> None:
        await self.database.run(flag_reminder, reminder_id, reason, now)

    async def alerts_for(self, reminder_id: int) -> list[Alert]:
        return await self.database.run(alerts_for, reminder_id)

    async def get_alert(self, alert_id: int) -> Alert | None:
        return await self.database.run(get_alert, alert_id)

    async def due_alerts(self, now: datetime) -> list[DueAlert]:
        return await self.database.run(due_alerts, now)

    async def next_due_at(self, statuses: Sequence[str] = (PLANNED, CLAIMED)) -> datetime | None:
        return await self.database.run(next_due_at, tuple(statuses))

    async def claim(self, alert_id: int, *, now: datetime) -> bool:
        return await self.database.run(claim_alert, alert_id, now)

    async def record_retry(self, alert_id: int, *, now: datetime) -> bool:
        return await self.database.run(record_retry, alert_id, now)

    async def record_failure(self, alert_id: int, error: str) -> None:
        await self.database.run(record_failure, alert_id, error)

    async def mark_sent(self, alert_id: int, message_id: int | None, *, late: bool, now: datetime) -> bool:
        return await self.database.run(mark_sent, alert_id, message_id, late, now)

    async def mark_missed(self, alert_id: int, reason: str, *, now: datetime) -> bool:
        return await self.database.run(mark_missed, alert_id, reason, now)

    async def guild_config(self, guild_id: int) -> GuildConfig:
        return await self.database.run(get_guild_config, guild_id)

    async def save_guild_config(self, config: GuildConfig) -> None:
        await self.database.run(save_guild_config, config)
