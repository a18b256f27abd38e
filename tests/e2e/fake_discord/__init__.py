"""A loopback-only stand-in for Discord (HTTP API v10 + gateway) to drive an unmodified discord.py bot."""

from .errors import DiscordError
from .gateway import GatewayFrame
from .server import FakeDiscord, RecordedRequest
from .world import Interaction

__all__ = ["DiscordError", "FakeDiscord", "GatewayFrame", "Interaction", "RecordedRequest"]
