"""An alert is never posted twice, whatever the crash point, restart delay, and channel permissions.

The process "dies" (a BaseException nothing catches) before the send, after the send and before it is recorded,
or after it is recorded; a new scheduler on a new connection to the same database file takes over after a
minute (within Discord's nonce de-duplication), ten minutes, or three hours (within the grace window). When the
bot can read the channel's history every alert is posted exactly once. When it cannot, an alert whose claim is
older than the nonce window is never re-sent: it is recorded as unconfirmed and its moderator is told.
"""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import create_autospec

import discord
import pytest
from discord.ext import commands
from reminder_helpers import CHANNEL, GUILD, MODERATOR, add_reminder

from bot.discord.reminders import DiscordReminderGateway
from bot.features.reminders.gateway import HistoryUnreadable
from bot.features.reminders.messages import alert_marker
from bot.features.reminders.scheduler import ReminderScheduler
from bot.storage.database import Database
from bot.storage.reminder_records import CLAIMED, LATE, MISSED, SENT
from bot.storage.reminders import ReminderRepository

CRASH_POINTS = ("before-send", "after-send", "after-record")
DELAYS = {"1min": timedelta(minutes=1), "10min": timedelta(minutes=10), "3h": timedelta(hours=3)}


class SimulatedCrash(BaseException):
    """The process dies: nothing after it runs, not even `except Exception` handlers."""


class CrashingSender:
    """The simulated server, except that the process dies around the next post."""

    def __init__(self, server, when: str) -> None:
        self.server = server
        self.when = when

    async def send_alert(self, reminder, alert, nonce, *, late):
        if self.when == "before-send":
            raise SimulatedCrash
        message_id = await self.server.send_alert(reminder, alert, nonce, late=late)
        if self.when == "after-send":
            raise SimulatedCrash
        return message_id

    def __getattr__(self, name):
        return getattr(self.server, name)


class CrashAfterRecord:
    """The store, except that the process dies right after an alert is recorded as sent."""

    def __init__(self, store) -> None:
        self.store = store

    async def mark_sent(self, *args, **kwargs):
        await self.store.mark_sent(*args, **kwargs)
        raise SimulatedCrash

    def __getattr__(self, name):
        return getattr(self.store, name)


def posts_of(server, reminder, alert):
    return [m for m in server.messages(CHANNEL) if m.card.footer == alert_marker(reminder.id, alert.id)]


@pytest.mark.parametrize("history", ["readable", "unreadable"])
@pytest.mark.parametrize("delay", DELAYS)
@pytest.mark.parametrize("crash", CRASH_POINTS)
async def test_no_crash_point_posts_an_alert_twice(sqlalchemy_url, database, server, clock, crash, delay, history):
    store = ReminderRepository(database)
    reminder = await add_reminder(store, server, clock, date_text="2026-10-10", time_text="12:00", zone="UTC")
    first = (await store.alerts_for(reminder.id))[0]
    clock.set(first.due_at)
    if crash == "after-record":
        crashing = ReminderScheduler(CrashAfterRecord(store), server, clock)
    else:
        crashing = ReminderScheduler(store, CrashingSender(server, crash), clock)
    with pytest.raises(SimulatedCrash):
        await crashing.run_due()
    await database.close()

    server.history_visible = history == "readable"
    clock.advance(DELAYS[delay])
    async with Database(sqlalchemy_url) as reopened:
        restarted = ReminderRepository(reopened)
        scheduler = ReminderScheduler(restarted, server, clock)
        await scheduler.run_due()
        await scheduler.run_due()  # and once more: nothing new
        after = await restarted.get_alert(first.id)
    posts = posts_of(server, reminder, first)
    assert len(posts) <= 1

    sent_before_crash = crash != "before-send"
    blind_resend_is_safe = DELAYS[delay] <= scheduler.nonce_window
    if crash == "after-record":
        assert len(posts) == 1 and after.status == SENT
    elif history == "readable" or blind_resend_is_safe:
        assert len(posts) == 1 and after.status in (SENT, LATE)  # exactly once
        assert after.sent_message_id == posts[0].id
    else:
        # Unconfirmable: not re-sent; posted once if it went out before the crash, else not at all.
        assert len(posts) == (1 if sent_before_crash else 0)
        assert after.status == MISSED and after.last_error.startswith("unconfirmed")
        [(moderator, text)] = server.notifications
        assert moderator == MODERATOR and "Read Message History" in text and "did not send it again" in text


async def test_the_case_from_the_report_posts_once_and_tells_the_moderator(store, server, clock):
    """Killed after the send, before it is recorded, restarted more than five minutes later, in a channel whose
    history the bot cannot read."""
    reminder = await add_reminder(store, server, clock, date_text="2026-10-10", time_text="12:00", zone="UTC")
    first = (await store.alerts_for(reminder.id))[0]
    clock.set(first.due_at)
    with pytest.raises(SimulatedCrash):
        await ReminderScheduler(store, CrashingSender(server, "after-send"), clock).run_due()
    assert (await store.get_alert(first.id)).status == CLAIMED
    server.history_visible = False
    clock.advance(timedelta(minutes=6))
    report = await ReminderScheduler(store, server, clock).run_due()
    assert report.missed == [first.id] and report.sent == []
    assert len(posts_of(server, reminder, first)) == 1
    assert len(server.notifications) == 1


def discord_channel(*, read_history: bool):
    channel = create_autospec(discord.TextChannel, instance=True, spec_set=True)
    channel.id = CHANNEL
    channel.name = "announcements"
    channel.guild = create_autospec(discord.Guild, instance=True, spec_set=True)
    channel.permissions_for.return_value = discord.Permissions(
        view_channel=True, send_messages=True, read_message_history=read_history
    )
    return channel


async def test_the_discord_gateway_checks_its_real_permission_before_reading_history(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-10", time_text="12:00", zone="UTC")
    alert = (await store.alerts_for(reminder.id))[0]
    bot = create_autospec(commands.Bot, instance=True, spec_set=True)
    bot.get_channel.return_value = discord_channel(read_history=False)
    with pytest.raises(HistoryUnreadable, match="#announcements"):
        await DiscordReminderGateway(bot).find_sent(reminder, alert)


class _Response:
    status, reason = 403, "Forbidden"


async def test_a_moderator_with_closed_direct_messages_is_told_in_the_system_channel(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-10-10", time_text="12:00", zone="UTC")
    bot = create_autospec(commands.Bot, instance=True, spec_set=True)
    user = create_autospec(discord.User, instance=True, spec_set=True)
    user.send.side_effect = discord.Forbidden(_Response(), "Cannot send messages to this user")
    bot.get_user.return_value = user
    guild = create_autospec(discord.Guild, instance=True, spec_set=True)
    guild.system_channel = discord_channel(read_history=True)
    bot.get_guild.return_value = guild
    await DiscordReminderGateway(bot).notify_moderator(reminder, "Your reminder “**x**” is disabled.")
    bot.get_guild.assert_called_once_with(GUILD)
    call = guild.system_channel.send.await_args
    assert call.args[0].startswith(f"<@{MODERATOR}> Your reminder") and r"\*\*x\*\*" in call.args[0]
    assert call.kwargs["allowed_mentions"].to_dict() == discord.AllowedMentions.none().to_dict()
