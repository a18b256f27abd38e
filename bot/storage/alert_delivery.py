"""Due alerts sent exactly once by whichever process takes them: claims under a lease, and how each send ended.

Several processes may share one database. A process takes an alert with a lease: `claim_due` picks due alerts
with `FOR UPDATE SKIP LOCKED` on PostgreSQL (on SQLite the whole transaction holds the write lock), marks them
claimed by that process until `lease_expires_at`, and only the lease holder confirms them. When a process dies
mid-send, its leases run out and another process takes the alert over, attempts counting up, and sends it with the
alert's unchanging nonce, which Discord de-duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import Connection, and_, case, func, literal, or_, select, update

from bot.storage.reminder_records import ACTIVE, CLAIMED, LATE, MISSED, PLANNED, SENT, Alert, DueAlert, Reminder
from bot.storage.tables import alerts, reminders
from bot.storage.timestamps import UtcMoment

DEFAULT_LEASE = timedelta(seconds=60)


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
