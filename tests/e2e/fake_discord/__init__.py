"""A loopback-only stand-in for Discord (HTTP API v10 + gateway) to drive an unmodified discord.py bot.

    async with FakeDiscord() as fake:                      # 127.0.0.1, a free port
        discord.http.Route.BASE = fake.api_base            # what the bot's DISCORD_API_BASE_URL should be
        ...start the bot; it must take the gateway URL from GET /gateway/bot...
        await fake.wait_until_ready()
        interaction = await fake.dispatch_slash("ask", {"question": "..."}, user="alice", channel="general")
        answer = await fake.wait_for_answer(interaction)   # the message Discord would show
        fake.requests                                      # every REST call, with Discord's answer

Discord's rules the fake enforces: message/embed/component limits (400, code 50035 with the nested error
tree), empty messages (50006), the 3-second acknowledgement window (404, 10062), double acknowledgements
(40060), channel permissions computed from roles and overwrites (403, 50001/50013), the bot token (401),
injected rate limits (429 with Retry-After, X-RateLimit-* and `retry_after`; early retries are flagged).
"""

from .errors import DiscordError
from .gateway import GatewayFrame
from .server import FakeDiscord, RecordedRequest
from .world import Interaction

__all__ = ["DiscordError", "FakeDiscord", "GatewayFrame", "Interaction", "RecordedRequest"]
