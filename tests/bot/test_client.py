"""The client's wiring: intents, no pings, extensions loaded, commands synced where configured."""

from __future__ import annotations

from types import SimpleNamespace
from unittest.mock import create_autospec

import discord
import pytest
from discord import app_commands

from bot.discord.client import IlrsBot, ReportingTree, build_intents
from tests.bot.conftest import GUILD_ID, make_interaction


@pytest.fixture
def fake_sync(discord_bot, monkeypatch):
    sync = create_autospec(app_commands.CommandTree.sync, return_value=[])
    monkeypatch.setattr(discord_bot.tree, "sync", lambda **kwargs: sync(discord_bot.tree, **kwargs))
    return sync


def test_intents_do_not_need_the_privileged_message_content_by_default(settings):
    assert build_intents(settings).message_content is False
    assert build_intents(settings).guild_messages is True
    settings.discord.message_content_intent = True
    assert build_intents(settings).message_content is True


async def test_setup_hook_registers_every_command_and_syncs_to_the_dev_guild(discord_bot, fake_sync):
    discord_bot.settings.discord.dev_guild_id = GUILD_ID
    await discord_bot.setup_hook()
    assert {c.name for c in discord_bot.tree.get_commands()} == {
        "ask",
        "sources",
        "help",
        "stats",
        "deadlines",
        "remind",
        "teach",
        "Add to knowledge base",
        "reindex",
        "privacy",
    }
    assert {c.name for c in discord_bot.tree.get_commands(guild=discord.Object(GUILD_ID))} >= {"ask", "stats"}
    (call,) = fake_sync.call_args_list
    assert call.kwargs["guild"].id == GUILD_ID
    assert isinstance(discord_bot.tree, ReportingTree)
    assert discord_bot.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()


async def test_without_a_dev_guild_commands_sync_globally(discord_bot, fake_sync):
    await discord_bot.setup_hook()
    (call,) = fake_sync.call_args_list
    assert "guild" not in call.kwargs


async def test_a_failing_slash_command_is_reported_to_the_user(discord_bot, caplog):
    interaction = make_interaction()
    error = app_commands.CommandInvokeError(_dummy(), RuntimeError("x"))
    await discord_bot.tree.on_error(interaction, error)
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    assert interaction.response.send_message.await_args.args[0].startswith("Sorry, that command failed")

    deferred = make_interaction()
    deferred.response.is_done.return_value = True
    await discord_bot.tree.on_error(deferred, app_commands.CheckFailure("You can't use this here."))
    assert deferred.followup.send.await_args.args[0] == "You can't use this here."


def _dummy() -> app_commands.Command:
    async def callback(interaction: discord.Interaction) -> None:
        return None

    return app_commands.Command(name="dummy", description="d", callback=callback)


def test_the_client_is_handed_its_dependencies(settings, fake_kb):
    from bot.knowledge import KnowledgeBaseHolder

    holder = KnowledgeBaseHolder(fake_kb)
    client = IlrsBot(settings=settings, knowledge=holder, database=SimpleNamespace(dialect="sqlite"), declarations=())
    assert client.services.knowledge is holder and client.services.settings is settings
    assert client.services.cooldown.rate == settings.ask.cooldown_questions
    holder.close()


def test_readme_invite_url_asks_for_exactly_the_required_permissions():
    from pathlib import Path

    from bot.discord.client import invite_url, required_permissions

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"permissions={required_permissions().value}" in readme
    assert "scope=bot+applications.commands" in invite_url(1)
    assert required_permissions().pin_messages and not required_permissions().manage_messages
