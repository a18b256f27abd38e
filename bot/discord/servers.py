"""A server that removes the bot has its data purged after the grace period; adding the bot back keeps it.

discord.py reports a GUILD_DELETE that is an outage (`unavailable: true`) as `on_guild_unavailable`, and only a
real removal as `on_guild_remove`: outages never schedule a purge.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.features.privacy.service import PrivacyService


def watch_servers(bot: commands.Bot, privacy: PrivacyService) -> None:
    async def on_guild_remove(guild: discord.Guild) -> None:
        await privacy.server_removed(guild.id)

    async def on_guild_join(guild: discord.Guild) -> None:
        await privacy.servers_present([guild.id])

    async def on_guild_available(guild: discord.Guild) -> None:
        # A GUILD_CREATE that says `unavailable: false` may also be a server the bot was just added back to.
        await privacy.servers_present([guild.id])

    async def on_ready() -> None:
        # Added back while the bot was offline: the servers it finds itself in keep their data.
        await privacy.servers_present([guild.id for guild in bot.guilds])

    bot.add_listener(on_guild_remove)
    bot.add_listener(on_guild_join)
    bot.add_listener(on_guild_available)
    bot.add_listener(on_ready)
