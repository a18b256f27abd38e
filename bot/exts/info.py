"""/sources and /help."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.command_layer import CommandContext
from bot.discord_responders import InteractionResponder
from bot.exts.ask import asker_from_interaction
from bot.handlers import handle_help, handle_sources

if TYPE_CHECKING:
    from bot.client import IlrsBot


class Info(commands.Cog):
    def __init__(self, bot: IlrsBot) -> None:
        self.bot = bot

    def _context(self, interaction: discord.Interaction, source: str) -> CommandContext:
        return CommandContext(
            services=self.bot.services,
            responder=InteractionResponder(interaction),
            asker=asker_from_interaction(interaction, source),
        )

    @app_commands.command(name="sources", description="List the indexed documents and when the index was built")
    async def sources(self, interaction: discord.Interaction) -> None:
        await handle_sources(self._context(interaction, "sources"))

    @app_commands.command(name="help", description="How to ask questions and what each command does")
    async def help(self, interaction: discord.Interaction) -> None:
        await handle_help(self._context(interaction, "help"))


async def setup(bot: IlrsBot) -> None:
    await bot.add_cog(Info(bot))
