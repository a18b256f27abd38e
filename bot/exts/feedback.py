"""The 👍/👎 buttons (registered so they survive restarts) and /stats for maintainers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.command_layer import CommandContext
from bot.discord_responders import InteractionResponder
from bot.exts.ask import asker_from_interaction
from bot.feedback_buttons import FeedbackButton
from bot.handlers import handle_stats

if TYPE_CHECKING:
    from bot.client import IlrsBot


def is_maintainer(user: discord.abc.User, maintainer_role_id: int | None) -> bool:
    """Administrators, and members holding the configured maintainer role."""
    if not isinstance(user, discord.Member):
        return False
    if user.guild_permissions.administrator:
        return True
    return maintainer_role_id is not None and any(role.id == maintainer_role_id for role in user.roles)


class Feedback(commands.Cog):
    def __init__(self, bot: IlrsBot) -> None:
        self.bot = bot

    @app_commands.command(name="stats", description="Maintainers: what people asked and what went unanswered")
    @app_commands.describe(days="Only the last N days (default: everything)")
    @app_commands.guild_only()
    async def stats(self, interaction: discord.Interaction, days: app_commands.Range[int, 1, 3650] | None = None):
        ctx = CommandContext(
            services=self.bot.services,
            responder=InteractionResponder(interaction),
            asker=asker_from_interaction(interaction, "stats"),
            # Checked when the command runs, so a role change applies at once.
            is_maintainer=is_maintainer(interaction.user, self.bot.settings.maintainer_role_id),
        )
        await handle_stats(ctx, days=days)


async def setup(bot: IlrsBot) -> None:
    bot.add_dynamic_items(FeedbackButton)
    await bot.add_cog(Feedback(bot))
