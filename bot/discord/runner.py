"""`python -m bot run`: check the token, set up logging that never shows it, build/load the index, connect."""

from __future__ import annotations

import asyncio
import logging
import re
import sys

import aiohttp
import discord

from bot.discord.client import IlrsBot
from bot.entry_point import cannot_start
from bot.knowledge import KnowledgeBaseHolder, freeze_startup_objects, load_knowledge_base, published_build
from bot.settings import Settings
from bot.storage.database import Database
from index.errors import ActionableError

log = logging.getLogger("bot")

MISSING_TOKEN = (
    "DISCORD_TOKEN is not set: put the bot token in .env or the environment "
    "(or chat offline with `python -m bot console`)."
)
MALFORMED_TOKEN = "DISCORD_TOKEN does not look like a bot token (it contains spaces or quotes); copy it again."
INVALID_TOKEN = "Discord rejected DISCORD_TOKEN: it is invalid or was reset; copy a new one from the developer portal."
MISSING_INTENT = (
    "Discord refused the Message Content intent: enable it under Bot → Privileged Gateway Intents in the "
    "developer portal, or set MESSAGE_CONTENT_INTENT=false (mentions and slash commands work without it)."
)
REDACTED = "[REDACTED TOKEN]"


class RedactingFilter(logging.Filter):
    """Replaces every occurrence of the secrets in log records (message, arguments and tracebacks)."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self._pattern = re.compile("|".join(re.escape(s) for s in secrets if s)) if any(secrets) else None

    def redact(self, text: str) -> str:
        return self._pattern.sub(REDACTED, text) if self._pattern else text

    def filter(self, record: logging.LogRecord) -> bool:
        if self._pattern is None:
            return True
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(settings: Settings, *, stream=None) -> logging.Handler:
    """One stderr handler on the root logger, with the token redacted from everything it prints."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    token = settings.discord.token.get_secret_value() if settings.discord.token else ""
    # On the handler, so records from every logger (discord.py's included) pass through it.
    handler.addFilter(RedactingFilter(token))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    return handler


def apply_api_base_url(settings: Settings) -> None:
    """Point discord.py's HTTP routes at another API base (a local fake Discord in integration tests)."""
    if settings.discord.api_base_url:
        discord.http.Route.BASE = settings.discord.api_base_url.rstrip("/")


class DiscordUnreachableError(ActionableError):
    """The Discord API (or the configured stand-in) does not answer."""


async def check_api_reachable(settings: Settings, timeout: float = 15.0) -> None:
    """Ask the API for its gateway before minutes of loading: any HTTP answer will do, none is an error."""
    base = discord.http.Route.BASE
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(f"{base}/gateway") as response,
        ):
            await response.read()
    except (aiohttp.ClientError, TimeoutError) as error:
        raise unreachable(settings, error) from None


def unreachable(settings: Settings, error: BaseException) -> DiscordUnreachableError:
    hint = "check DISCORD_API_BASE_URL" if settings.discord.api_base_url else "check the network connection"
    reason = " ".join(str(error).split()) or type(error).__name__
    return DiscordUnreachableError(f"cannot reach the Discord API at {discord.http.Route.BASE} ({reason}); {hint}")


def check_token(settings: Settings) -> str | None:
    """The one-line error for a missing or malformed token, or None when it can be tried."""
    if settings.discord.token is None or not settings.discord.token.get_secret_value().strip():
        return MISSING_TOKEN
    token = settings.discord.token.get_secret_value()
    if re.search(r"[\s\"']", token.strip()) or not token.strip().isascii():
        return MALFORMED_TOKEN
    return None


async def serve(settings: Settings) -> None:
    """Load everything, then connect and run until the connection closes."""
    token = settings.discord.token.get_secret_value().strip()
    published_build(settings.knowledge.index_dir)  # fast: a broken index is said before anything slow
    await check_api_reachable(settings)
    kb = await asyncio.to_thread(load_knowledge_base, settings)
    freeze_startup_objects()  # keeps garbage collection from stalling the gateway's event loop
    knowledge = KnowledgeBaseHolder(kb, workers=settings.knowledge.answer_workers)
    try:
        async with (
            Database(settings.storage.url) as database,
            IlrsBot(settings=settings, knowledge=knowledge, database=database) as bot,
        ):
            await bot.start(token)
    finally:
        knowledge.close()


def run_bot(settings: Settings) -> int:
    problem = check_token(settings)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    configure_logging(settings)
    apply_api_base_url(settings)
    try:
        asyncio.run(serve(settings))
    except discord.LoginFailure:
        print(INVALID_TOKEN, file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(MISSING_INTENT, file=sys.stderr)
        return 1
    except ActionableError as exc:  # the index, the model, the database, the Discord API
        return cannot_start(exc)
    except aiohttp.ClientError as exc:  # lost between the check and the login
        return cannot_start(unreachable(settings, exc))
    except KeyboardInterrupt:
        log.info("Stopped")
    return 0
