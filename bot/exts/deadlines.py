"""/deadlines: the dates the sources state, upcoming first, each quoted (shared with the console)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.command_layer import CommandContext
from bot.discord_responders import InteractionResponder
from bot.exts.ask import asker_from_interaction
from bot.reminders.deadlines_command import handle_deadlines

if TYPE_CHECKING:
    from bot.client import IlrsBot


class Deadlines(commands.Cog):
    def __init__(self, bot: IlrsBot) -> None:
        self.bot = bot

    @app_commands.command(name="deadlines", description="Dates and deadlines stated in the sources, with quotes")
    async def deadlines(self, interaction: discord.Interaction) -> None:
        ctx = CommandContext(
            services=self.bot.services,
            responder=InteractionResponder(interaction),
            asker=asker_from_interaction(interaction, "deadlines"),
        )
        await handle_deadlines(ctx)


async def setup(bot: IlrsBot) -> None:
    await bot.add_cog(Deadlines(bot))
