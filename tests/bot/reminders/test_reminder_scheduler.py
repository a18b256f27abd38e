"""The scheduler driven by a fake clock against a real database file and the simulated server."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from reminder_helpers import CHANNEL, MODERATOR, add_reminder

from bot.features.reminders.messages import alert_marker
from bot.features.reminders.plan import CLOSE, LEAD
from bot.features.reminders.scheduler import ReminderScheduler
from bot.storage.database import Database
from bot.storage.reminder_records import CANCELLED, CLAIMED, CLOSED, DISABLED, LATE, MISSED, PLANNED, SENT
from bot.storage.reminders import ReminderRepository


class SimulatedCrash(BaseException):
    """The process dies: nothing after it runs, not even `except Exception` handlers."""


class CrashingSender:
    """The simulated server, except that the process 'dies' before or after the next post reaches it."""

    def __init__(self, server, *, when: str) -> None:
        self.server = server
        self.when = when

    async def send_alert(self, reminder, alert, nonce, *, late):
        if self.when == "before":
            raise SimulatedCrash
        await self.server.send_alert(reminder, alert, nonce, late=late)
        raise SimulatedCrash

    def __getattr__(self, name):
        return getattr(self.server, name)


class FlakySender:
    """Fails the first `failures` sends like a Discord outage would, then behaves."""

    def __init__(self, server, failures: int) -> None:
        self.server = server
        self.failures = failures
        self.nonces: list[str] = []

    async def send_alert(self, reminder, alert, nonce, *, late):
        self.nonces.append(nonce)
        if self.failures:
            self.failures -= 1
            raise ConnectionError("503 Service Unavailable")
        return await self.server.send_alert(reminder, alert, nonce, late=late)

    def __getattr__(self, name):
        return getattr(self.server, name)


def alert_posts(server, channel_id=CHANNEL):
    """Messages in the channel other than the pinned one."""
    return [
        m for m in server.messages(channel_id) if m.card.footer.startswith("Reminder #") and "alert" in m.card.footer
    ]


def make_scheduler(store, sender, clock, **options):
    return ReminderScheduler(store, sender, clock, **options)


@pytest.mark.parametrize(
    ("zone", "date_text", "time_text", "expected_utc"),
    [
        # New York: the 7-day alert is on EDT, the deadline on EST (clocks went back on 1 Nov 2026).
        (
            "America/New_York",
            "2026-11-02",
            "12:00",
            [
                datetime(2026, 10, 26, 16, 0, tzinfo=UTC),
                datetime(2026, 11, 1, 17, 0, tzinfo=UTC),
                datetime(2026, 11, 2, 16, 0, tzinfo=UTC),
                datetime(2026, 11, 2, 17, 0, tzinfo=UTC),
            ],
        ),
        (
            "Asia/Shanghai",
            "2026-12-31",
            None,  # end of day: 23:59:59 CST = 15:59:59 UTC
            [
                datetime(2026, 12, 24, 15, 59, 59, tzinfo=UTC),
                datetime(2026, 12, 30, 15, 59, 59, tzinfo=UTC),
                datetime(2026, 12, 31, 14, 59, 59, tzinfo=UTC),
                datetime(2026, 12, 31, 15, 59, 59, tzinfo=UTC),
            ],
        ),
        (
            "Australia/Lord_Howe",  # half-hour offset
            "2026-11-20",
            "09:00",
            [
                datetime(2026, 11, 12, 22, 0, tzinfo=UTC),
                datetime(2026, 11, 18, 22, 0, tzinfo=UTC),
                datetime(2026, 11, 19, 21, 0, tzinfo=UTC),
                datetime(2026, 11, 19, 22, 0, tzinfo=UTC),
            ],
        ),
    ],
)
async def test_alerts_fire_at_their_instants_and_the_pin_closes_at_the_deadline(
    store, server, clock, zone, date_text, time_text, expected_utc
):
    reminder = await add_reminder(store, server, clock, date_text=date_text, time_text=time_text, zone=zone)
    scheduler = make_scheduler(store, server, clock)
    assert [a.due_at for a in await store.alerts_for(reminder.id)] == expected_utc

    for number, instant in enumerate(expected_utc, start=1):
        clock.set(instant - timedelta(seconds=1))
        assert (await scheduler.run_due()).sent == []
        clock.set(instant)
        report = await scheduler.run_due()
        assert len(report.sent) == 1
        assert len(alert_posts(server)) == min(number, 3)

    alerts = await store.alerts_for(reminder.id)
    assert [a.status for a in alerts] == [SENT] * 4
    assert all(a.sent_message_id for a in alerts if a.kind == LEAD)
    pinned = server.messages(CHANNEL)[0]
    assert not pinned.pinned and pinned.card.title.startswith("[closed]")
    assert (await store.get(reminder.id)).status == CLOSED
    assert "7 days left" in alert_posts(server)[0].card.title
    assert (await scheduler.run_due()).sent == []


@pytest.mark.parametrize("when", ["before", "after"])
async def test_exactly_once_across_a_crash_between_claim_and_confirmation(
    sqlalchemy_url, database, server, clock, when
):
    store = ReminderRepository(database)
    reminder = await add_reminder(store, server, clock, date_text="2026-10-10", time_text="12:00", zone="UTC")
    first = (await store.alerts_for(reminder.id))[0]
    clock.set(first.due_at)

    with pytest.raises(SimulatedCrash):
        await make_scheduler(store, CrashingSender(server, when=when), clock).run_due()
    assert (await store.get_alert(first.id)).status == CLAIMED
    await database.close()

    # Restart: a new database connection and scheduler on the same file, a minute later.
    clock.advance(timedelta(minutes=1))
    async with Database(sqlalchemy_url) as reopened:
        restarted = ReminderRepository(reopened)
        report = await make_scheduler(restarted, server, clock).run_due()
        assert report.sent == [first.id]
        posts = [m for m in alert_posts(server) if m.card.footer == alert_marker(reminder.id, first.id)]
        assert len(posts) == 1
        assert posts[0].nonce == first.nonce
        done = await restarted.get_alert(first.id)
        assert (
            done.status == SENT
            and done.sent_message_id == posts[0].id
            and done.attempts == (2 if when == "before" else 1)
        )
        assert (await make_scheduler(restarted, server, clock).run_due()).sent == []
        assert len(alert_posts(server)) == 1


async def test_the_nonce_alone_prevents_a_duplicate_when_history_is_not_visible(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-10", time_text="12:00", zone="UTC")
    first = (await store.alerts_for(reminder.id))[0]
    clock.set(first.due_at)
    with pytest.raises(SimulatedCrash):
        await make_scheduler(store, CrashingSender(server, when="after"), clock).run_due()
    server.history_visible = False  # find_sent sees nothing: the re-send goes out with the same nonce
    clock.advance(timedelta(seconds=30))
    report = await make_scheduler(store, server, clock).run_due()
    assert report.sent == [first.id]
    assert len(alert_posts(server)) == 1


async def test_a_failed_send_is_retried_later_with_the_same_nonce(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-10", time_text="12:00", zone="UTC")
    first = (await store.alerts_for(reminder.id))[0]
    sender = FlakySender(server, failures=1)
    scheduler = make_scheduler(store, sender, clock, retry_after=timedelta(seconds=30))
    clock.set(first.due_at)
    assert (await scheduler.run_due()).failed == [first.id]
    assert "503" in (await store.get_alert(first.id)).last_error
    clock.advance(timedelta(seconds=10))
    assert (await scheduler.run_due()).sent == []  # still backing off
    assert await scheduler.seconds_until_next_pass() == pytest.approx(20)
    clock.advance(timedelta(seconds=20))
    assert (await scheduler.run_due()).sent == [first.id]
    assert sender.nonces == [first.nonce, first.nonce]
    assert len(alert_posts(server)) == 1


async def test_alerts_missed_while_down_are_sent_late_within_grace_and_missed_beyond(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-20", time_text="12:00", zone="UTC")
    week, day, hour, close = await store.alerts_for(reminder.id)
    scheduler = make_scheduler(store, server, clock, grace=timedelta(hours=6))

    # Down from before the 7-day alert until 3 hours after it: sent once, marked late.
    clock.set(week.due_at + timedelta(hours=3))
    report = await scheduler.run_due()
    assert report.late == [week.id]
    assert (await store.get_alert(week.id)).status == LATE
    assert alert_posts(server)[0].card.description.startswith("Sent late")

    # Down across the 1-day alert for longer than the grace window: recorded as missed, not sent.
    clock.set(day.due_at + timedelta(hours=7))
    assert (await scheduler.run_due()).missed == [day.id]
    assert (await store.get_alert(day.id)).status == MISSED
    assert len(alert_posts(server)) == 1

    # Down across the 1-hour alert and the deadline: no stale "1 hour left", but the pin is closed.
    clock.set(close.due_at + timedelta(days=2))
    report = await scheduler.run_due()
    assert report.missed == [hour.id] and report.closed == [reminder.id]
    assert (await store.get_alert(close.id)).status == LATE
    assert len(alert_posts(server)) == 1
    assert not server.messages(CHANNEL)[0].pinned


async def test_several_overdue_alerts_of_one_reminder_post_only_the_latest(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-20", time_text="12:00", zone="UTC")
    week, day, hour, _ = await store.alerts_for(reminder.id)
    clock.set(hour.due_at + timedelta(minutes=5))
    report = await make_scheduler(store, server, clock).run_due()
    assert sorted(report.missed) == sorted([week.id, day.id]) and report.late == [hour.id]
    assert [m.card.title.split(" left")[0] for m in alert_posts(server)] == ["1 hour"]


async def test_a_cancelled_reminder_sends_nothing(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-20", time_text="12:00", zone="UTC")
    scheduler = make_scheduler(store, server, clock)
    assert await store.cancel(reminder.id, by=MODERATOR, now=clock())
    clock.set(reminder.deadline + timedelta(hours=1))
    report = await scheduler.run_due()
    assert report.sent == report.late == report.missed == []
    assert alert_posts(server) == []
    assert {a.status for a in await store.alerts_for(reminder.id)} == {CANCELLED}


@pytest.mark.parametrize("vanished", ["channel", "pinned message"])
async def test_a_vanished_target_disables_the_reminder_and_tells_its_moderator(store, server, clock, vanished):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-20", time_text="12:00", zone="UTC")
    if vanished == "channel":
        server.delete_channel(CHANNEL)
    else:
        server.delete_message(reminder.pinned_message_id)
    scheduler = make_scheduler(store, server, clock)
    first = (await store.alerts_for(reminder.id))[0]
    clock.set(first.due_at)
    report = await scheduler.run_due()
    assert report.disabled == [reminder.id] and report.sent == []
    disabled = await store.get(reminder.id)
    assert disabled.status == DISABLED and vanished in disabled.status_reason
    assert {a.status for a in await store.alerts_for(reminder.id)} == {DISABLED}
    [(moderator, text)] = server.notifications
    assert moderator == MODERATOR and f"#{reminder.id}" in text and vanished in text
    clock.set(reminder.deadline + timedelta(hours=1))
    assert (await scheduler.run_due()).disabled == []
    assert len(server.notifications) == 1


async def test_the_loop_sleeps_until_the_next_alert_but_no_longer_than_the_cap(store, server, clock):
    scheduler = make_scheduler(store, server, clock, max_sleep=timedelta(minutes=5))
    assert await scheduler.seconds_until_next_pass() == 300
    reminder = await add_reminder(store, server, clock, date_text="2026-10-02", time_text="12:00", zone="UTC")
    clock.set(reminder.deadline - timedelta(hours=1, minutes=2))
    assert await scheduler.seconds_until_next_pass() == 120
    alerts = await store.alerts_for(reminder.id)
    assert [a.kind for a in alerts] == [LEAD, CLOSE]  # the 7-day and 1-day alerts were past at creation
    assert alerts[0].status == PLANNED


async def test_the_loop_runs_a_pass_when_woken_and_stops_when_cancelled_right_after(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-20", time_text="12:00", zone="UTC")
    scheduler = make_scheduler(store, server, clock)
    loop = asyncio.create_task(scheduler.run_forever())
    await asyncio.sleep(0.05)  # the first pass ran; the loop now sleeps up to max_sleep (real seconds)
    clock.set((await store.alerts_for(reminder.id))[0].due_at)
    scheduler.wake()
    for _ in range(100):
        if alert_posts(server):
            break
        await asyncio.sleep(0.01)
    assert len(alert_posts(server)) == 1
    # A wake and a cancellation in the same turn of the event loop must still stop it (guards the hang
    # asyncio.wait_for has on Python 3.11 in that case).
    scheduler.wake()
    loop.cancel()
    with pytest.raises(asyncio.CancelledError):
        async with asyncio.timeout(5):
            await loop
