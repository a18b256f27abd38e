"""Answering a message that mentions the bot, or replies to one of its answers, in the same channel."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection

import discord

from bot.commands.spec import Caller, Context, notice
from bot.discord.responders import MessageResponder
from bot.features.ask.commands import answer

log = logging.getLogger(__name__)

BARE_MENTION_HINT = "Ask me after the mention, e.g. `@me when is the deadline?`, or use `/ask`."


def strip_bot_mention(content: str, bot_id: int) -> str:
    """The message text without the bot's own <@id> / <@!id> mentions, whitespace collapsed."""
    text = re.sub(rf"<@!?{bot_id}>", " ", content)
    return " ".join(text.split())


def channel_allowed(allowlist: Collection[int], channel_id: int | None, parent_id: int | None = None) -> bool:
    """Mentions are answered everywhere when the allowlist is empty, else in those channels and threads."""
    if not allowlist:
        return True
    return channel_id in allowlist or (parent_id is not None and parent_id in allowlist)


def replies_to_an_answer(message: discord.Message, me: discord.abc.User) -> bool:
    """Is `message` a reply to one of the bot's answers (its messages with an embed)?"""
    reference = message.reference
    resolved = reference.resolved if reference is not None else None
    return isinstance(resolved, discord.Message) and resolved.author.id == me.id and bool(resolved.embeds)


async def answer_mention(client, message: discord.Message) -> None:
    """`client` is the IlrsBot: its user, services and settings."""
    me = client.user
    if me is None or message.author.bot:
        return
    mentioned = any(user.id == me.id for user in message.mentions)
    replied = replies_to_an_answer(message, me)
    channel = message.channel
    allowlist = client.services.settings.discord.mention_channel_ids
    if not (mentioned or replied) or not channel_allowed(allowlist, channel.id, getattr(channel, "parent_id", None)):
        return
    question = strip_bot_mention(message.content, me.id)
    responder = MessageResponder(message)
    if not question:
        # A reply that does not ping the bot arrives without text unless the message content intent is enabled:
        # there is nothing to answer.
        if mentioned:
            await responder.send(notice(BARE_MENTION_HINT))
        return
    caller = Caller(
        source="reply" if replied else "mention",
        user_id=message.author.id,
        guild_id=message.guild.id if message.guild else None,
        channel_id=channel.id,
    )
    try:
        await responder.send(await answer(Context(client.services, caller, responder, client.front_end), question))
    except discord.HTTPException:
        log.exception("could not reply to message %s", message.id)
