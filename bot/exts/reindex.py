"""/reindex for maintainers: rebuild the index from the docs directory and swap it in while the bot keeps answering."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.command_layer import CommandContext
from bot.discord_responders import InteractionResponder
from bot.exts.ask import asker_from_interaction
from bot.exts.feedback import is_maintainer
from bot.reindex_command import ReindexOptions, handle_reindex

if TYPE_CHECKING:
    from bot.client import IlrsBot

MODES = [app_commands.Choice(name="run", value="run"), app_commands.Choice(name="dry-run", value="dry-run")]


class Reindex(commands.Cog):
    def __init__(self, bot: IlrsBot) -> None:
        self.bot = bot

    @app_commands.command(name="reindex", description="Maintainers: rebuild the index from the docs and switch to it")
    @app_commands.describe(
        mode="run (default) rebuilds and publishes; dry-run lists what would change",
        force="publish even if the new index answers fewer golden questions correctly",
    )
    @app_commands.choices(mode=MODES)
    @app_commands.guild_only()
    async def reindex(
        self,
        interaction: discord.Interaction,
        mode: app_commands.Choice[str] | None = None,
        force: bool = False,
    ) -> None:
        ctx = CommandContext(
            services=self.bot.services,
            responder=InteractionResponder(interaction),
            asker=asker_from_interaction(interaction, "reindex"),
            # Checked when the command runs, so a role change applies at once.
            is_maintainer=is_maintainer(interaction.user, self.bot.settings.maintainer_role_id),
        )
        dry_run = mode is not None and mode.value == "dry-run"
        await handle_reindex(ctx, ReindexOptions(dry_run=dry_run, force=force))


async def setup(bot: IlrsBot) -> None:
    await bot.add_cog(Reindex(bot))
