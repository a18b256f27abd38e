"""Sends due alerts exactly once: claim in the store with a lease, send with a deterministic nonce, confirm.

Several processes may run a scheduler on one database: each alert is claimed by one of them for a lease. A crash
between claim and confirmation leaves the alert claimed; once the lease runs out (at once when the same process
restarts) a scheduler takes it over, first looks in the channel's history for the alert's message, and otherwise
re-sends with the same nonce. When the bot cannot read the channel's history it can only rely on the nonce,
which Discord de-duplicates for a few minutes: within `nonce_window` of the claim it re-sends, after it the
alert is recorded as unconfirmed and never re-sent (so it is posted at most once), and its moderator is told.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.background import repeat_passes
from bot.features.reminders.gateway import AlertSender, ChannelGone, HistoryUnreadable, TargetGone
from bot.features.reminders.plan import CLOSE, LEAD
from bot.storage.alert_delivery import DEFAULT_LEASE
from bot.storage.reminder_records import PLANNED, Alert, DueAlert, Reminder
from bot.storage.reminders import ReminderRepository

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass
class PassReport:
    """Alert ids by what one pass did with them."""

    sent: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)  # reminder ids
    disabled: list[int] = field(default_factory=list)  # reminder ids
    failed: list[int] = field(default_factory=list)  # alert ids kept claimed for a retry


class ReminderScheduler:
    def __init__(
        self,
        store: ReminderRepository,
        sender: AlertSender,
        clock: Clock,
        *,
        grace: timedelta = timedelta(hours=6),
        late_after: timedelta = timedelta(minutes=2),
        retry_after: timedelta = timedelta(seconds=30),
        max_sleep: timedelta = timedelta(minutes=5),
        nonce_window: timedelta = timedelta(minutes=2),
        owner: str = "this process",
        lease: timedelta = DEFAULT_LEASE,
        batch: int = 50,
    ) -> None:
        self.store = store
        self.sender = sender
        self.clock = clock
        self.grace = grace  # a lead alert more overdue than this is recorded as missed, not sent
        self.late_after = late_after  # an alert sent more overdue than this is marked (and labelled) late
        self.retry_after = retry_after
        self.max_sleep = max_sleep
        # How long after a claim a blind re-send is safe: Discord de-duplicates a nonce for "a few minutes".
        self.nonce_window = nonce_window
        self.owner = owner  # names this process in the alerts it claims; the same after a restart
        self.lease = lease
        self.batch = batch
        self._resumed = False
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()

    # -- one pass --------------------------------------------------------------------------------------------

    async def run_due(self) -> PassReport:
        """Handle every alert due now that no other process holds; passes never overlap."""
        async with self._lock:
            report = PassReport()
            now = self.clock()
            if not self._resumed:
                # Claims left by this process's previous run are finished now rather than after their lease.
                await self.store.expire_leases(self.owner, now=now)
                self._resumed = True
            for alert_id in _superseded(await self.store.due_alerts(now)):
                if await self.store.mark_missed(alert_id, "superseded by a later alert", now=now, only_planned=True):
                    report.missed.append(alert_id)
            while True:
                batch = await self.store.claim_due(self.owner, now=now, lease=self.lease, limit=self.batch)
                for item in batch:
                    if item.reminder.id in report.disabled or item.reminder.id in report.closed:
                        continue  # ended earlier in this pass, its pending alerts with it
                    await self._handle(item, now, report)
                if len(batch) < self.batch:
                    return report

    async def _handle(self, item: DueAlert, now: datetime, report: PassReport) -> None:
        alert, reminder = item.alert, item.reminder
        try:
            if alert.kind == LEAD:
                await self._handle_lead(item, now, report)
            elif alert.kind == CLOSE:
                await self._handle_close(item, now, report)
        except TargetGone as gone:
            await self._disable(reminder, gone, now, report)
        except Exception as error:
            # A Discord outage or rate limit: keep the claim; it is tried again (same nonce) after retry_after.
            log.warning("reminder %s alert %s failed: %s", reminder.id, alert.id, error)
            await self.store.record_failure(
                alert.id, f"{type(error).__name__}: {error}", retry_at=now + self.retry_after
            )
            report.failed.append(alert.id)

    async def _handle_lead(self, item: DueAlert, now: datetime, report: PassReport) -> None:
        alert, reminder = item.alert, item.reminder
        overdue = now - alert.due_at
        if item.retaken:
            # Claimed earlier and never confirmed: the message may already be out.
            try:
                existing = await self.sender.find_sent(reminder, alert)
            except HistoryUnreadable as unreadable:
                if now - (alert.claimed_at or now) > self.nonce_window:
                    await self._unconfirmed(alert, reminder, unreadable, now, report)
                    return
                existing = None  # Discord still de-duplicates a re-send with the same nonce
            if existing is not None:
                claimed_late = (alert.claimed_at or now) - alert.due_at > self.late_after
                if await self.store.mark_sent(alert.id, existing, late=claimed_late, now=now, owner=self.owner):
                    (report.late if claimed_late else report.sent).append(alert.id)
                return
        if overdue > self.grace:
            if item.retaken:
                reason = f"not sent within the {self.grace} grace window"
            else:
                reason = f"due {overdue} ago, beyond the {self.grace} grace window"
            if await self.store.mark_missed(alert.id, reason, now=now):
                report.missed.append(alert.id)
            return
        if item.retaken and not await self.store.record_retry(alert.id, now=now, owner=self.owner, lease=self.lease):
            return  # another process took it over meanwhile
        late = overdue > self.late_after
        message_id = await self.sender.send_alert(reminder, alert, alert.nonce, late=late)
        # False only if this process lost its lease mid-send: the taker finds the message by its nonce.
        if await self.store.mark_sent(alert.id, message_id, late=late, now=now, owner=self.owner):
            (report.late if late else report.sent).append(alert.id)

    async def _handle_close(self, item: DueAlert, now: datetime, report: PassReport) -> None:
        # Closing is idempotent (edit, unpin), so a retry after a crash simply does it again; it has no grace
        # limit because a stale "open" pin is worse than a late edit.
        alert, reminder = item.alert, item.reminder
        await self.sender.edit_closed(reminder)
        await self.sender.unpin(reminder)
        late = now - alert.due_at > self.late_after
        await self.store.mark_sent(alert.id, None, late=late, now=now, owner=self.owner)
        await self.store.close(reminder.id, now=now)
        (report.late if late else report.sent).append(alert.id)
        report.closed.append(reminder.id)

    async def _unconfirmed(
        self, alert: Alert, reminder: Reminder, unreadable: HistoryUnreadable, now: datetime, report: PassReport
    ) -> None:
        """An alert that may or may not have gone out before a crash, and cannot be checked: never re-sent."""
        reason = f"unconfirmed: it may have been posted before a restart, and {unreadable}; not re-sent"
        if not await self.store.mark_missed(alert.id, reason, now=now):
            return
        report.missed.append(alert.id)
        text = (
            f"A reminder for #{reminder.id} “{reminder.title}” may not have been posted: I restarted while "
            f"sending it, and {unreadable}, so I can't check. To be sure never to post it twice I did not send it "
            "again. Grant me Read Message History there so that this cannot happen again."
        )
        await self._tell_moderator(reminder, text)

    async def _tell_moderator(self, reminder: Reminder, text: str) -> None:
        try:
            await self.sender.notify_moderator(reminder, text)
        except Exception as error:  # the reason stays on the reminder, shown by /remind list
            log.warning("could not notify the moderator of reminder %s: %s", reminder.id, error)

    async def _disable(self, reminder: Reminder, gone: TargetGone, now: datetime, report: PassReport) -> None:
        what = "channel" if isinstance(gone, ChannelGone) else "pinned message"
        reason = f"the {what} is gone ({gone})" if str(gone) else f"the {what} is gone"
        if not await self.store.disable(reminder.id, reason, now=now):
            return
        report.disabled.append(reminder.id)
        text = (
            f"Your reminder #{reminder.id} “{reminder.title}” is disabled: {reason}. "
            "Nothing was deleted; create it again with /remind add if it is still needed."
        )
        await self._tell_moderator(reminder, text)

    # -- the loop --------------------------------------------------------------------------------------------

    def wake(self) -> None:
        """Re-plan the next pass now (after a reminder is added, edited or cancelled)."""
        self._wake.set()

    async def seconds_until_next_pass(self) -> float:
        """Until the next planned alert, the next lease to run out (a retry, or a dead process's alert), or the cap."""
        now = self.clock()
        candidates = [now + self.max_sleep]
        for moment in (await self.store.next_due_at(statuses=(PLANNED,)), await self.store.next_lease_expiry()):
            if moment is not None:
                candidates.append(moment)
        return max(1.0, (min(candidates) - now).total_seconds())

    async def run_forever(self) -> None:
        """Pass after pass, sleeping until the next due alert (at most `max_sleep`, or until woken)."""
        await repeat_passes(self.run_due, self._wake, self.seconds_until_next_pass, "reminder pass failed")


def _superseded(due: list[DueAlert]) -> set[int]:
    """Planned lead alerts overtaken by a later due alert of the same reminder: after downtime only the latest
    reminder is worth posting, and none once the deadline itself has passed."""
    by_reminder: dict[int, list[Alert]] = defaultdict(list)
    for item in due:
        by_reminder[item.reminder.id].append(item.alert)
    superseded = set()
    for alerts in by_reminder.values():
        latest = max(alerts, key=lambda alert: (alert.due_at, alert.id))
        superseded.update(
            alert.id for alert in alerts if alert.kind == LEAD and alert.status == PLANNED and alert is not latest
        )
    return superseded
