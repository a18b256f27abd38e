"""Reminders on Discord: the gateway that posts, pins, edits and looks up messages for the service and scheduler."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import discord
from discord.ext import commands

from bot.features.reminders.gateway import ChannelGone, HistoryUnreadable, MessageGone
from bot.features.reminders.messages import CLOSED, alert_card, alert_marker, jump_url, pinned_card
from bot.rendering.output import to_embed
from bot.rendering.styles import DISCORD_STYLE
from bot.storage.reminder_records import Alert, Reminder

HISTORY_LOOKBACK = 50  # messages searched for an alert posted before a crash
# What the bot needs in a reminder's channel, with the names Discord shows in its settings. Pinning is its own
# permission: since February 2026 Manage Messages no longer lets a bot pin.
_BOT_NEEDS = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("read_message_history", "Read Message History"),
    ("pin_messages", "Pin Messages"),
)


def missing_bot_permissions(permissions: discord.Permissions) -> list[str]:
    """Names of the permissions the bot lacks to post a reminder and pin it; empty when it has them all."""
    return [label for flag, label in _BOT_NEEDS if not getattr(permissions, flag)]


class DiscordReminderGateway:
    """Posts, pins and edits reminder messages; raises ChannelGone / MessageGone for vanished targets."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except (discord.NotFound, discord.Forbidden) as error:
                raise ChannelGone(f"channel {channel_id}: {error.text or error}") from error
        return channel

    async def _pinned_message(self, reminder: Reminder) -> discord.Message:
        channel = await self._channel(reminder.channel_id)
        if reminder.pinned_message_id is None:
            raise MessageGone("no pinned message was recorded")
        try:
            return await channel.fetch_message(reminder.pinned_message_id)
        except discord.NotFound as error:
            raise MessageGone(f"message {reminder.pinned_message_id} was deleted") from error
        except discord.Forbidden as error:
            raise ChannelGone(f"no access to channel {reminder.channel_id} any more") from error

    async def pin_problem(self, channel_id: int) -> str | None:
        channel = self.bot.get_channel(channel_id)
        guild = getattr(channel, "guild", None)
        if channel is None or guild is None or guild.me is None:
            return "I can't see that channel; choose a text channel of this server that I can read."
        missing = missing_bot_permissions(channel.permissions_for(guild.me))
        if not missing:
            return None
        # Named, not mentioned: errors are escaped whole on Discord, since they may quote what was typed.
        return (
            f"I can't post and pin the reminder in #{channel.name}: I lack {', '.join(missing)} there. "
            "Ask an admin to grant it, or choose another channel."
        )

    async def post_pinned(self, reminder: Reminder) -> int:
        channel = await self._channel(reminder.channel_id)
        embed = to_embed(pinned_card(reminder, DISCORD_STYLE))
        message = await channel.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
        try:
            await message.pin(reason=f"Deadline reminder #{reminder.id}")
        except discord.HTTPException:
            with contextlib.suppress(discord.HTTPException):
                await message.delete()  # an unpinned reminder card would mislead; the error is reported
            raise
        return message.id

    async def edit_pinned(self, reminder: Reminder, state: str) -> None:
        message = await self._pinned_message(reminder)
        await message.edit(embed=to_embed(pinned_card(reminder, DISCORD_STYLE, state=state)))

    def channel_label(self, channel_id: int) -> str:
        return f"<#{channel_id}>"

    def message_url(self, reminder: Reminder) -> str | None:
        if reminder.pinned_message_id is None:
            return None
        return jump_url(reminder.guild_id, reminder.channel_id, reminder.pinned_message_id)

    async def send_alert(self, reminder: Reminder, alert: Alert, nonce: str, *, late: bool) -> int:
        await self._pinned_message(reminder)  # a deleted pin disables the reminder rather than orphan alerts
        channel = await self._channel(reminder.channel_id)
        role_id = reminder.mention_role_id
        # Only the configured announcement role can ever be pinged: never @everyone, @here or users.
        mentions = discord.AllowedMentions(
            everyone=False, users=False, roles=[discord.Object(id=role_id)] if role_id else False
        )
        message = await channel.send(
            content=f"<@&{role_id}>" if role_id else None,
            embed=to_embed(alert_card(reminder, alert, DISCORD_STYLE, late=late)),
            nonce=nonce,  # discord.py sets enforce_nonce: a re-send within minutes is de-duplicated
            allowed_mentions=mentions,
        )
        return message.id

    async def find_sent(self, reminder: Reminder, alert: Alert) -> int | None:
        channel = await self._channel(reminder.channel_id)
        # Without Read Message History Discord returns an empty history rather than an error: ask first.
        guild = getattr(channel, "guild", None)
        if guild is not None and guild.me is not None and not channel.permissions_for(guild.me).read_message_history:
            raise HistoryUnreadable(f"I can't read the message history of #{channel.name}")
        me = self.bot.user
        marker = alert_marker(reminder.id, alert.id)
        after = (alert.claimed_at or alert.due_at) - timedelta(minutes=1)
        try:
            async for message in channel.history(limit=HISTORY_LOOKBACK, after=after):
                mine = me is not None and message.author.id == me.id
                if mine and any(embed.footer.text == marker for embed in message.embeds):
                    return message.id
        except discord.Forbidden as error:
            raise ChannelGone(f"cannot read channel {reminder.channel_id} any more") from error
        return None

    async def edit_closed(self, reminder: Reminder) -> None:
        await self.edit_pinned(reminder, CLOSED)

    async def unpin(self, reminder: Reminder) -> None:
        message = await self._pinned_message(reminder)
        if message.pinned:
            await message.unpin(reason=f"Deadline reminder #{reminder.id} ended")

    async def notify_moderator(self, reminder: Reminder, text: str) -> None:
        """A direct message to the moderator; when that fails (direct messages closed, no longer in a shared
        server), the server's system channel, naming them without a ping."""
        text = DISCORD_STYLE.escape(text)
        try:
            user = self.bot.get_user(reminder.created_by) or await self.bot.fetch_user(reminder.created_by)
            await user.send(text, allowed_mentions=discord.AllowedMentions.none())
            return
        except discord.HTTPException as error:
            failure = error
        guild = self.bot.get_guild(reminder.guild_id)
        channel = guild.system_channel if guild is not None else None
        if channel is None or not channel.permissions_for(guild.me).send_messages:
            raise failure
        await channel.send(f"<@{reminder.created_by}> {text}", allowed_mentions=discord.AllowedMentions.none())
