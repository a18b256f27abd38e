"""Shared by the end-to-end tests: a started fake, with discord.py's global URLs put back afterwards."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import discord.http
import yarl
from discord.gateway import DiscordWebSocket
from fake_discord import FakeDiscord

# Long enough for a slow CI machine, short enough that a hang fails the test quickly.
STEP_TIMEOUT = 10.0


@contextlib.asynccontextmanager
async def serving_fake(**options) -> AsyncIterator[FakeDiscord]:
    """A started fake; discord.py's class-level URLs are restored afterwards, whoever changed them."""
    original_base, original_gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    async with FakeDiscord(**options) as fake:
        # A client that ignores GET /gateway/bot would dial wss://gateway.discord.gg; send it to a loopback
        # address the fake refuses instead, so it fails fast (and visibly) rather than reaching the internet.
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.unconfigured_gateway_url)
        try:
            yield fake
        finally:
            discord.http.Route.BASE = original_base
            DiscordWebSocket.DEFAULT_GATEWAY = original_gateway
