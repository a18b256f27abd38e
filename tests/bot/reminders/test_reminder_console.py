"""/remind in the console: the same plans and confirmations, on a simulated channel."""

import pytest
from reminder_helpers import CHANNEL, GUILD

from bot.command_layer import COMMANDS, CommandContext, Reply
from bot.feedback_store import Asker
from bot.reminders.commands import ConsoleReminders, handle_remind, run_remind
from bot.reminders.service import ReminderLimits, ReminderService
from bot.rendering import PLAIN_STYLE


@pytest.fixture
def session(store, server, clock) -> ConsoleReminders:
    server.add_channel(11, "general")
    service = ReminderService(store, server, clock, ReminderLimits())
    return ConsoleReminders(service=service, server=server, moderator_id=7, default_channel_id=CHANNEL)


ADD = 'add title="Letters of intent" date=2026-12-31 time=17:00 zone=Europe/Paris channel=general'


async def test_add_shows_a_preview_then_confirm_saves_posts_and_pins(session, server, store):
    preview = await run_remind(session, ADD)
    assert "17:00:00 CET (UTC+01:00) in Europe/Paris = 2026-12-31 16:00:00 UTC" in preview
    assert "/remind confirm" in preview
    assert server.messages(11) == []
    assert "Saved reminder #1" in await run_remind(session, "confirm")
    assert server.messages(11)[0].pinned
    listing = await run_remind(session, "list")
    assert "#1 Letters of intent" in listing
    shown = await run_remind(session, "channel general")
    assert shown.startswith("[pinned] Letters of intent")
    assert await run_remind(session, "confirm") == "Nothing is waiting for confirmation."


async def test_abort_discards_and_a_bad_line_loses_nothing(session, store):
    await run_remind(session, ADD)
    error = await run_remind(session, "add date=2026-12-31 zone=Nowhere/City title=x")
    assert "Unknown time zone" in error
    assert "Saved reminder" in await run_remind(session, "confirm")  # the earlier plan survived the bad line
    await run_remind(session, 'add title="Other" date=2027-01-10 zone=UTC')
    assert await run_remind(session, "abort") == "Discarded; nothing was changed."
    assert len(await store.list_for_guild(GUILD)) == 1


async def test_cancel_asks_for_confirmation(session, store, server):
    await run_remind(session, ADD)
    await run_remind(session, "confirm")
    question = await run_remind(session, "cancel 1")
    assert "Cancel reminder #1" in question
    assert (await store.get(1)).status == "active"
    assert "Cancelled reminder #1" in await run_remind(session, "confirm")
    assert (await store.get(1)).status == "cancelled"
    assert "already cancelled" in await run_remind(session, "cancel 1")
    assert "number" in await run_remind(session, "cancel")


async def test_edit_and_usage(session, store):
    await run_remind(session, ADD)
    await run_remind(session, "confirm")
    preview = await run_remind(session, "edit 1 leads=2d,3h")
    assert "New lead times: 2d,3h" in preview
    await run_remind(session, "confirm")
    assert (await store.get(1)).lead_times == "2d,3h"
    assert (await run_remind(session, "frobnicate")).startswith("Usage: /remind add")
    assert "Cannot read the command" in await run_remind(session, 'add title="unclosed')


class RecordingResponder:
    style = PLAIN_STYLE

    def __init__(self) -> None:
        self.replies: list[Reply] = []

    async def acknowledge(self, *, private: bool) -> None:
        return None

    async def send(self, reply: Reply) -> None:
        self.replies.append(reply)


class SessionServices:
    """The one attribute the handler reads from the command layer's Services."""

    def __init__(self, reminders) -> None:
        self.reminders = reminders


async def test_the_command_is_registered_and_refuses_non_moderators(session):
    assert COMMANDS["remind"].run is handle_remind
    responder = RecordingResponder()
    ctx = CommandContext(SessionServices(session), responder, Asker("console"), is_maintainer=False)
    await handle_remind(ctx, "list")
    assert responder.replies[-1].text.startswith("Only moderators")
    ctx.is_maintainer = True
    await handle_remind(ctx, "list")
    assert "No active reminders" in responder.replies[-1].text


class Holder:
    """A KnowledgeBaseHolder stand-in: the current knowledge base has no chunks."""

    current = None


async def test_the_console_session_prints_what_the_bot_posts(settings, clock):
    import io

    from bot.reminders.console_setup import console_reminders

    out = io.StringIO()
    async with console_reminders(settings, Holder(), out, clock=clock) as reminders:
        await run_remind(reminders, 'add title="Letters" date=2026-12-31 zone=UTC')
        assert "Saved reminder #1" in await run_remind(reminders, "confirm")
    assert "[bot posted in #announcements]" in out.getvalue()
    assert "Letters" in out.getvalue()


async def test_the_extension_loads_into_the_real_client(discord_bot):
    await discord_bot.load_extension("bot.exts.reminders")
    group = discord_bot.tree.get_command("remind")
    assert {command.name for command in group.commands} == {"add", "list", "edit", "cancel", "settings"}
    await discord_bot.unload_extension("bot.exts.reminders")
    assert discord_bot.tree.get_command("remind") is None


async def test_settings_change_the_servers_defaults(session, store):
    shown = await run_remind(session, "settings")
    assert "Lead times: 7d,1d,1h (the bot's default)" in shown and "Announcement role: none" in shown
    shown = await run_remind(session, "settings leads=2d,2h announcement_role=<@&55> moderator_role=66")
    assert "Lead times: 2d,2h" in shown and "<@&55>" in shown and "<@&66>" in shown
    assert "2 days before" in await run_remind(session, 'add title="x" date=2026-12-31 zone=UTC')
    shown = await run_remind(session, "settings moderator_role=66 announcement_role=none leads=default")
    assert "Moderator roles (besides Manage/Pin Messages): none" in shown and "Announcement role: none" in shown
    assert "role id" in await run_remind(session, "settings moderator_role=admins")
    assert "lead time" in await run_remind(session, "settings leads=soon")
