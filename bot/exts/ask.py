"""/ask, and answering when the bot is mentioned or one of its answers is replied to."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.command_layer import CommandContext, Reply
from bot.discord_responders import InteractionResponder, MessageResponder
from bot.feedback_store import Asker
from bot.handlers import handle_ask
from bot.mentions import channel_allowed, strip_bot_mention

if TYPE_CHECKING:
    from bot.client import IlrsBot

log = logging.getLogger(__name__)


def asker_from_interaction(interaction: discord.Interaction, source: str) -> Asker:
    return Asker(
        source=source,
        user_id=interaction.user.id,
        guild_id=interaction.guild_id,
        channel_id=interaction.channel_id,
    )


class Ask(commands.Cog):
    def __init__(self, bot: IlrsBot) -> None:
        self.bot = bot

    @app_commands.command(name="ask", description="Ask about the Chang'e-8 / ILRS proposal; answers cite sources")
    @app_commands.describe(question="Your question", private="Show the answer to you alone (default: everyone)")
    async def ask(self, interaction: discord.Interaction, question: str, private: bool = False) -> None:
        ctx = CommandContext(
            services=self.bot.services,
            responder=InteractionResponder(interaction),
            asker=asker_from_interaction(interaction, "slash"),
        )
        await handle_ask(ctx, question, private=private)

    def _replied_answer(self, message: discord.Message) -> bool:
        """Is `message` a reply to one of the bot's answers?"""
        reference = message.reference
        resolved = reference.resolved if reference is not None else None
        me = self.bot.user
        return (
            isinstance(resolved, discord.Message)
            and me is not None
            and resolved.author.id == me.id
            and bool(resolved.embeds)
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot:
            return
        mentioned = any(user.id == me.id for user in message.mentions)
        replied = self._replied_answer(message)
        if not (mentioned or replied):
            return
        channel = message.channel
        if not channel_allowed(self.bot.settings.mention_channel_ids, channel.id, getattr(channel, "parent_id", None)):
            return
        question = strip_bot_mention(message.content, me.id)
        responder = MessageResponder(message)
        if not question:
            if not mentioned:
                # A reply that does not ping the bot arrives without text unless the message content intent is
                # enabled: there is nothing to answer.
                return
            await responder.send(
                Reply(
                    text="Ask me after the mention, e.g. `@me when is the deadline?`, or use `/ask`.",
                    private=True,
                )
            )
            return
        ctx = CommandContext(
            services=self.bot.services,
            responder=responder,
            asker=Asker(
                source="reply" if replied else "mention",
                user_id=message.author.id,
                guild_id=message.guild.id if message.guild else None,
                channel_id=channel.id,
            ),
        )
        try:
            await handle_ask(ctx, question)
        except discord.HTTPException:
            log.exception("could not reply to message %s", message.id)


async def setup(bot: IlrsBot) -> None:
    await bot.add_cog(Ask(bot))
