"""/remind in the console, generated from the same declaration: the same plans and confirmations, on a
simulated channel."""

import io
from types import SimpleNamespace

import pytest
from reminder_helpers import GUILD

from bot.commands.spec import EVERY_RIGHT, Caller
from bot.console.dispatch import Console
from bot.console.reminders import channel_finder
from bot.console.responder import ConsoleResponder
from bot.features.reminders.service import ReminderService


class Session:
    """A console whose /remind posts to the simulated server; `run` returns what one line printed."""

    def __init__(self, service, server, *, caller=None) -> None:
        self.out = io.StringIO()
        knowledge = SimpleNamespace(current=SimpleNamespace(deadlines=()))
        services = SimpleNamespace(reminders=service, knowledge=knowledge)
        self.console = Console(
            services,
            ConsoleResponder(self.out),
            caller=caller or Caller("console", user_id=7, guild_id=GUILD, rights=EVERY_RIGHT),
            channel_id=channel_finder(server),
        )

    async def run(self, line: str) -> str:
        start = len(self.out.getvalue())
        await self.console.handle(line)
        return self.out.getvalue()[start:].strip()


@pytest.fixture
def session(store, server, clock) -> Session:
    server.add_channel(11, "general")
    return Session(ReminderService(store, server, clock), server)


async def run_remind(session: Session, text: str) -> str:
    return await session.run(f"/remind {text}")


ADD = 'add title:"Letters of intent" date:2026-12-31 time:17:00 zone:Europe/Paris channel:#general'


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
    error = await run_remind(session, "add date=2026-12-31 zone=Nowhere/City title=x channel=general")
    assert "Unknown time zone" in error
    assert "Saved reminder" in await run_remind(session, "confirm")  # the earlier plan survived the bad line
    await run_remind(session, 'add title="Other" date=2027-01-10 zone=UTC channel=general')
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


async def test_the_command_refuses_non_moderators(store, server, clock):
    service = ReminderService(store, server, clock)
    member = Session(service, server, caller=Caller("console", guild_id=GUILD))
    assert (await member.run("/remind list")).startswith("Only moderators")
    assert "No active reminders" in await Session(service, server).run("/remind list")


async def test_the_console_session_prints_what_the_bot_posts(settings, clock, fake_kb):
    from bot.console.reminders import simulated_reminders
    from bot.knowledge import KnowledgeBaseHolder

    out = io.StringIO()
    services = SimpleNamespace(settings=settings, knowledge=KnowledgeBaseHolder(fake_kb))
    async with simulated_reminders(services, out, clock=clock) as server:
        session = Session(services.reminders, server)
        await run_remind(session, 'add title="Letters" date=2026-12-31 zone=UTC channel=announcements')
        assert "Saved reminder #1" in await run_remind(session, "confirm")
    assert "[bot posted in #announcements]" in out.getvalue()
    assert "Letters" in out.getvalue()
    services.knowledge.close()


async def test_discord_registers_the_subcommands_the_declaration_names(discord_bot):
    discord_bot.register_commands()
    group = discord_bot.tree.get_command("remind")
    assert {command.name for command in group.commands} == {"add", "list", "edit", "cancel", "settings"}


async def test_settings_change_the_servers_defaults(session, store):
    shown = await run_remind(session, "settings")
    assert "Lead times: 7d,1d,1h (the bot's default)" in shown and "Announcement role: none" in shown
    shown = await run_remind(session, "settings leads=2d,2h announcement_role=<@&55> moderator_role=66")
    assert "Lead times: 2d,2h" in shown and "<@&55>" in shown and "<@&66>" in shown
    assert "2 days before" in await run_remind(session, 'add title="x" date=2026-12-31 zone=UTC channel=general')
    shown = await run_remind(session, "settings moderator_role=66 clear_announcement_role=yes leads=default")
    assert "Moderator roles (besides Manage/Pin Messages): none" in shown and "Announcement role: none" in shown
    assert "role id" in await run_remind(session, "settings moderator_role=admins")
    assert "lead time" in await run_remind(session, "settings leads=soon")
