"""Discord's application commands are generated from the declarations: every option, limit and check."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.commands.registry import DECLARATIONS
from bot.commands.spec import Group, MessageAction
from bot.discord.app_commands import AppCommandBuilder


def leaves(built):
    """Slash commands (Apps-menu entries have no options)."""
    for command in built:
        if isinstance(command, app_commands.ContextMenu):
            continue
        yield from command.commands if isinstance(command, app_commands.Group) else [command]


def test_every_declared_option_is_registered_with_its_limits():
    built = AppCommandBuilder(services=None, front_end=None).build(DECLARATIONS)
    on_discord = [d for d in DECLARATIONS if isinstance(d, Group | MessageAction) or "discord" in d.front_ends]
    assert [c.name for c in built] == [d.name for d in on_discord]
    for command in leaves(built):
        spec = command.extras["spec"]
        assert command.description == spec.description and len(spec.description) <= 100
        params = {p.name: p for p in command.parameters}
        assert set(params) == {option.name for option in spec.options}
        for option in spec.options:
            param = params[option.name]
            assert (param.description, param.required) == (option.description, option.required)
            # discord.py keeps a text option's length limits in min_value/max_value (sent as min/max_length)
            limits = (None, option.max_length) if option.kind == "text" else (option.min_value, option.max_value)
            assert (param.min_value, param.max_value) == limits
            assert [c.value for c in param.choices] == list(option.choices)
            assert param.autocomplete is (option.autocomplete is not None)


def test_groups_and_guild_only_commands_keep_their_visibility():
    built = {c.name: c for c in AppCommandBuilder(services=None, front_end=None).build(DECLARATIONS)}
    remind = built["remind"]
    assert remind.guild_only and remind.default_permissions == discord.Permissions(manage_messages=True)
    assert built["stats"].guild_only and built["reindex"].guild_only and not built["ask"].guild_only
    groups = [d for d in DECLARATIONS if isinstance(d, Group)]
    assert [c.name for c in remind.commands] == [c.name for c in groups[0].commands if "discord" in c.front_ends]
    teach = built["teach"]
    assert teach.guild_only and teach.default_permissions == discord.Permissions(manage_messages=True)
    assert [c.name for c in teach.commands] == ["add", "list", "remove"]
    assert isinstance(built["Add to knowledge base"], app_commands.ContextMenu)
    assert built["Add to knowledge base"].guild_only


async def test_a_message_action_becomes_an_apps_menu_entry_with_its_checks(discord_bot):
    from bot.commands.access import maintainers_only
    from bot.commands.spec import MessageAction, Reply
    from tests.bot.conftest import make_interaction, make_member, make_message, sent_kwargs

    seen = []

    async def quote(ctx, message):
        seen.append(message)
        return Reply(text=f"quoted {message.id}")

    action = MessageAction("Quote it", "Quote a message", quote, access=maintainers_only("Maintainers only."))
    (menu,) = AppCommandBuilder(discord_bot.services, discord_bot.front_end).build([action])
    assert isinstance(menu, app_commands.ContextMenu) and menu.type is discord.AppCommandType.message
    message = make_message("the answer is 42", message_id=77)
    refused = make_interaction(make_member(role_ids=(1,)))
    await menu.callback(refused, message)
    assert sent_kwargs(refused.response.send_message)["content"] == "Maintainers only." and not seen
    allowed = make_interaction(make_member(administrator=True))
    await menu.callback(allowed, message)
    assert sent_kwargs(allowed.response.send_message)["content"] == "quoted 77"
    assert (seen[0].id, seen[0].content) == (77, "the answer is 42")


async def test_a_confirmation_after_a_deferral_arrives_as_a_follow_up(discord_bot):
    from bot.commands.spec import Command, Confirmation
    from bot.discord.confirm import ConfirmView
    from tests.bot.conftest import make_interaction

    async def slow_preview(ctx):
        await ctx.acknowledge(private=True)

        async def apply() -> str:
            return "done"

        return Confirmation("Apply this?", "apply it", apply)

    (command,) = AppCommandBuilder(discord_bot.services, discord_bot.front_end).build(
        [Command("slow", "A preview that takes a while", slow_preview)]
    )
    interaction = make_interaction()
    interaction.response.is_done.side_effect = lambda: interaction.response.defer.await_count > 0
    await command.callback(interaction)
    interaction.response.send_message.assert_not_awaited()
    kwargs = interaction.followup.send.await_args.kwargs
    assert kwargs["content"] == "Apply this?" and isinstance(kwargs["view"], ConfirmView) and kwargs["ephemeral"]
