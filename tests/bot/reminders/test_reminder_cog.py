"""/remind on Discord, generated from its declaration: run-time moderator checks, confirmation buttons, and the
gateway's Discord calls."""

from datetime import UTC, datetime, timedelta
from unittest.mock import create_autospec

import discord
import pytest
from discord.ext import commands
from reminder_helpers import CHANNEL, GUILD, MODERATOR

from bot.commands.access import is_moderator
from bot.commands.caller import Rights
from bot.discord.confirm import ConfirmView
from bot.discord.reminders import DiscordReminderGateway, missing_bot_permissions
from bot.features.reminders.commands import MODERATOR_REFUSAL
from bot.features.reminders.gateway import ChannelGone, MessageGone
from bot.settings import Settings
from bot.storage.guild_settings import GuildConfig
from bot.storage.reminder_records import Reminder, make_nonce
from tests.bot.conftest import make_member as shared_member

BOT_ID = 900


def make_member(user_id=MODERATOR, role_ids=()):
    return shared_member(user_id, role_ids=role_ids)


def make_interaction(permissions: discord.Permissions, user=None):
    interaction = create_autospec(discord.Interaction, instance=True, spec_set=True)
    interaction.response = create_autospec(discord.InteractionResponse, instance=True, spec_set=True)
    interaction.response.is_done.return_value = False
    interaction.user = user or make_member()
    interaction.guild_id = GUILD
    interaction.channel_id = CHANNEL
    interaction.permissions = permissions
    return interaction


def text_channel(channel_id=CHANNEL):
    channel = create_autospec(discord.TextChannel, instance=True, spec_set=True)
    channel.id = channel_id
    return channel


def sent_text(mock_send) -> str:
    """What the last call of an autospecced send_message showed."""
    call = mock_send.await_args
    return call.kwargs.get("content") or call.args[0]


async def add(cog, interaction, **options):
    values = dict(channel=text_channel(), zone="Europe/Paris", date="2026-12-31", time="17:00", title="Letters")
    values.update(options)
    await cog.add.callback(interaction, **values)


@pytest.mark.parametrize(
    "permissions",
    [discord.Permissions.none(), discord.Permissions(send_messages=True, read_message_history=True)],
)
async def test_members_without_moderator_rights_are_refused_when_the_command_runs(cog, store, permissions):
    interaction = make_interaction(permissions)
    await add(cog, interaction)
    interaction.response.send_message.assert_awaited_once()
    assert sent_text(interaction.response.send_message) == MODERATOR_REFUSAL
    assert interaction.response.send_message.await_args.kwargs["ephemeral"] is True
    await cog.cancel.callback(interaction, reminder=1)
    await cog.list_.callback(interaction)
    calls = interaction.response.send_message.await_args_list
    assert all(call.kwargs["content"] == MODERATOR_REFUSAL for call in calls)
    assert await store.list_for_guild(GUILD) == []


async def test_a_moderator_confirms_with_the_button_and_the_reminder_is_posted_and_pinned(cog, store, server):
    interaction = make_interaction(discord.Permissions(pin_messages=True))
    await add(cog, interaction)
    kwargs = interaction.response.send_message.await_args.kwargs
    assert kwargs["ephemeral"] is True
    assert "17:00:00 CET" in sent_text(interaction.response.send_message)
    view = kwargs["view"]
    assert isinstance(view, ConfirmView)
    assert await store.list_for_guild(GUILD) == []

    stranger = make_interaction(discord.Permissions(manage_messages=True), user=make_member(user_id=1))
    assert not await view.interaction_check(stranger)

    click = make_interaction(discord.Permissions(pin_messages=True))
    await view.confirm.callback(click)
    click.response.defer.assert_awaited_once()
    outcome = click.edit_original_response.await_args.kwargs["content"]
    assert outcome.startswith("Saved reminder #1")
    [reminder] = await store.list_for_guild(GUILD)
    assert server.messages(CHANNEL)[0].pinned and reminder.pinned_message_id == server.messages(CHANNEL)[0].id


async def test_a_configured_role_makes_a_moderator(cog, store):
    await store.save_guild_config(GuildConfig(GUILD, moderator_role_ids=(77,)))
    interaction = make_interaction(discord.Permissions.none(), user=make_member(role_ids=(77,)))
    await add(cog, interaction)
    assert isinstance(interaction.response.send_message.await_args.kwargs["view"], ConfirmView)


async def test_bad_input_and_the_bots_missing_pin_permission_are_reported_without_saving(cog, server, store):
    interaction = make_interaction(discord.Permissions(manage_messages=True))
    await add(cog, interaction, zone="Paris")
    assert "Unknown time zone" in sent_text(interaction.response.send_message)
    server.channels[CHANNEL].can_pin = False
    interaction = make_interaction(discord.Permissions(manage_messages=True))
    await add(cog, interaction)
    assert "Pin Messages" in sent_text(interaction.response.send_message)
    assert await store.list_for_guild(GUILD) == []


async def test_discard_changes_nothing(cog, store):
    interaction = make_interaction(discord.Permissions(manage_messages=True))
    await add(cog, interaction)
    view = interaction.response.send_message.await_args.kwargs["view"]
    click = make_interaction(discord.Permissions(manage_messages=True))
    await view.discard.callback(click)
    click.response.edit_message.assert_awaited_once_with(content="Discarded; nothing was changed.", view=None)
    assert await store.list_for_guild(GUILD) == []


def make_role(role_id: int, *, default: bool = False, managed: bool = False):
    role = create_autospec(discord.Role, instance=True, spec_set=True)
    role.id = role_id
    role.is_default.return_value = default
    role.managed = managed
    return role


async def test_settings_are_shown_to_moderators_and_changed_only_with_manage_server(cog, store):
    moderator = make_interaction(discord.Permissions(manage_messages=True))
    await cog.settings.callback(moderator, leads="2d")
    assert "Manage Server" in sent_text(moderator.response.send_message)
    assert (await store.guild_config(GUILD)).lead_times is None

    everyone = make_interaction(discord.Permissions(manage_messages=True, manage_guild=True))
    await cog.settings.callback(everyone, announcement_role=make_role(GUILD, default=True))
    assert "@everyone" in sent_text(everyone.response.send_message)
    assert (await store.guild_config(GUILD)).announcement_role_id is None

    admin = make_interaction(discord.Permissions(manage_messages=True, manage_guild=True))
    await cog.settings.callback(admin, leads="2d", announcement_role=make_role(31))
    assert "Lead times: 2d" in sent_text(admin.response.send_message)
    assert await store.guild_config(GUILD) == GuildConfig(GUILD, "2d", (), 31)


async def test_zone_autocomplete(cog):
    interaction = make_interaction(discord.Permissions.none())
    choices = await cog.add._params["zone"].autocomplete(interaction, "new_york")
    assert [choice.value for choice in choices] == ["America/New_York"]


def test_moderator_and_bot_permission_rules():
    assert is_moderator(Rights(manage_messages=True), [], [])
    assert is_moderator(Rights(pin_messages=True), [], [])
    assert is_moderator(Rights(), [5], [5])
    assert not is_moderator(Rights(manage_guild=True), [5], [6])
    needed = discord.Permissions(
        view_channel=True, send_messages=True, embed_links=True, read_message_history=True, pin_messages=True
    )
    assert missing_bot_permissions(needed) == []
    assert missing_bot_permissions(discord.Permissions(view_channel=True, send_messages=True)) == [
        "Embed Links",
        "Read Message History",
        "Pin Messages",
    ]


def test_settings_give_the_limits():
    settings = Settings(_env_file=None, reminders_max_active_per_guild=4, reminders_moderator_role_ids="8, 9")
    limits = settings.reminders
    assert limits.max_active_per_guild == 4 and limits.moderator_role_ids == (8, 9)
    assert limits.default_lead_times == "7d,1d,1h"


# -- the gateway against autospecced discord.py objects -----------------------------------------------


def reminder(**changes) -> Reminder:
    values = dict(
        id=3,
        guild_id=GUILD,
        channel_id=CHANNEL,
        title="@everyone Letters",
        deadline=datetime(2026, 12, 31, 16, 0, tzinfo=UTC),
        zone="Europe/Paris",
        date_only=False,
        lead_times="7d,1d,1h",
        created_by=MODERATOR,
        created_at=datetime(2026, 10, 1, tzinfo=UTC),
        status="active",
        pinned_message_id=555,
        mention_role_id=None,
        source=None,
        status_reason=None,
        flag_reason=None,
    )
    values.update(changes)
    return Reminder(**values)


def alert_for(target: Reminder):
    from bot.storage.reminder_records import Alert

    return Alert(
        id=8,
        reminder_id=target.id,
        kind="lead",
        lead=timedelta(days=1),
        due_at=target.deadline - timedelta(days=1),
        status="claimed",
        nonce=make_nonce(target.id, 8),
        claimed_at=None,
        finished_at=None,
        sent_message_id=None,
        attempts=1,
        last_error=None,
    )


def gateway_with(channel):
    bot = create_autospec(commands.Bot, instance=True, spec_set=True)
    bot.get_channel.return_value = channel
    return DiscordReminderGateway(bot), bot


def not_found():
    return discord.NotFound(_FakeResponse(404), "Unknown Channel")


class _FakeResponse:
    """The two attributes discord.HTTPException reads from an aiohttp response."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "Not Found"


async def test_alerts_are_sent_with_the_nonce_and_ping_only_the_announcement_role():
    channel = text_channel()
    sent = create_autospec(discord.Message, instance=True, spec_set=True)
    sent.id = 4321
    channel.send.return_value = sent
    gateway, _ = gateway_with(channel)
    target = reminder()
    alert = alert_for(target)
    assert await gateway.send_alert(target, alert, alert.nonce, late=False) == 4321
    kwargs = channel.send.await_args.kwargs
    assert kwargs["nonce"] == alert.nonce and kwargs["content"] is None
    mentions = kwargs["allowed_mentions"]
    assert mentions.everyone is False and mentions.users is False and mentions.roles is False
    assert kwargs["embed"].footer.text == "Reminder #3 · alert 8"

    await gateway.send_alert(reminder(mention_role_id=66), alert, alert.nonce, late=True)
    kwargs = channel.send.await_args.kwargs
    assert kwargs["content"] == "<@&66>"
    assert [role.id for role in kwargs["allowed_mentions"].roles] == [66]
    assert kwargs["allowed_mentions"].everyone is False
    assert kwargs["embed"].description.startswith("Sent late")


async def test_a_vanished_channel_or_pinned_message_raises_the_scheduler_errors():
    gateway, bot = gateway_with(None)
    bot.fetch_channel.side_effect = not_found()
    with pytest.raises(ChannelGone):
        await gateway.send_alert(reminder(), alert_for(reminder()), "n", late=False)
    channel = text_channel()
    channel.fetch_message.side_effect = discord.NotFound(_FakeResponse(404), "Unknown Message")
    gateway, _ = gateway_with(channel)
    with pytest.raises(MessageGone):
        await gateway.edit_closed(reminder())
    channel.send.assert_not_awaited()


async def test_the_bots_own_pin_permission_is_read_from_the_channel():
    channel = text_channel()
    channel.guild = create_autospec(discord.Guild, instance=True, spec_set=True)
    channel.name = "announcements"
    channel.permissions_for.return_value = discord.Permissions(view_channel=True, send_messages=True)
    gateway, _ = gateway_with(channel)
    problem = await gateway.pin_problem(CHANNEL)
    # Named, not mentioned: reminder errors are escaped whole, since they may quote what the moderator typed.
    assert "Pin Messages" in problem and "#announcements" in problem
    everything_but_pin = dict(view_channel=True, send_messages=True, embed_links=True, read_message_history=True)
    # Manage Messages no longer lets a bot pin (Discord split Pin Messages out of it in 2026).
    channel.permissions_for.return_value = discord.Permissions(**everything_but_pin, manage_messages=True)
    assert "Pin Messages" in await gateway.pin_problem(CHANNEL)
    channel.permissions_for.return_value = discord.Permissions(**everything_but_pin, pin_messages=True)
    assert await gateway.pin_problem(CHANNEL) is None
