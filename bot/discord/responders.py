"""Responders that deliver command-layer replies to Discord: an interaction (slash command) or a message."""

from __future__ import annotations

import io
import logging
from typing import Any

import discord

from bot.commands.spec import Reply
from bot.discord.feedback_buttons import feedback_view
from bot.rendering.output import message_text, to_embed
from bot.rendering.styles import DISCORD_STYLE

log = logging.getLogger(__name__)

# Notices answering a mention (cooldown, length cap) are removed after this long to keep the channel tidy.
NOTICE_LIFETIME_SECONDS = 30.0


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """The keyword arguments for send/reply: content, embed, view; never a ping."""
    kwargs: dict[str, Any] = {"allowed_mentions": discord.AllowedMentions.none()}
    if reply.text:
        kwargs["content"] = message_text(reply.text)
    if reply.card is not None:
        kwargs["embed"] = to_embed(reply.card)
    if reply.file is not None:
        kwargs["file"] = discord.File(io.BytesIO(reply.file.data), filename=reply.file.filename)
        if "embed" in kwargs and reply.file.filename.endswith(".png"):
            kwargs["embed"].set_image(url=f"attachment://{reply.file.filename}")
    if reply.feedback_id is not None:
        kwargs["view"] = feedback_view(reply.feedback_id)
    return kwargs


class InteractionResponder:
    """Replies to a slash command: defer first (the 3-second window), then follow-ups."""

    style = DISCORD_STYLE

    def __init__(self, interaction: discord.Interaction) -> None:
        self.interaction = interaction
        self._responded = False

    async def acknowledge(self, *, private: bool) -> None:
        if self._responded:
            return
        await self.interaction.response.defer(ephemeral=private, thinking=True)
        self._responded = True

    async def send(self, reply: Reply) -> None:
        kwargs = message_kwargs(reply)
        if not self._responded:
            self._responded = True
            await self.interaction.response.send_message(ephemeral=reply.private, **kwargs)
        else:
            # After a public defer an ephemeral follow-up would leave "thinking…" behind: the first follow-up
            # replaces it and inherits the defer's visibility.
            await self.interaction.followup.send(ephemeral=reply.private, **kwargs)


class MessageResponder:
    """Replies to a message that mentioned the bot or replied to its answer, in the same channel or thread."""

    style = DISCORD_STYLE

    def __init__(self, message: discord.Message) -> None:
        self.message = message

    async def acknowledge(self, *, private: bool) -> None:
        # Answers take tens of milliseconds, and messages have no 3-second window: nothing to acknowledge.
        return None

    async def send(self, reply: Reply) -> None:
        kwargs = message_kwargs(reply)
        if reply.private and reply.card is None:
            kwargs["delete_after"] = NOTICE_LIFETIME_SECONDS
        try:
            await self.message.reply(mention_author=False, **kwargs)
        except discord.Forbidden:
            log.warning("no permission to reply in channel %s", getattr(self.message.channel, "id", "?"))
