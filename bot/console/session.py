"""The console's commands over the bot's database: the services, the retention passes and the simulated server.

Imported and opened once the chat prompt is shown (see `bot.console.app`), so that start-up waits for neither
SQLAlchemy and the database nor the command handlers.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import TextIO

from bot.background import running
from bot.commands.spec import EVERY_RIGHT, Caller
from bot.console.dispatch import Console
from bot.console.reminders import channel_finder, simulated_reminders
from bot.console.responder import ConsoleResponder
from bot.features.ask.cooldown import Cooldown
from bot.knowledge import KnowledgeBaseHolder
from bot.services import Services
from bot.settings import Settings
from bot.storage.database import Database


@contextlib.asynccontextmanager
async def console_session(settings: Settings, knowledge: KnowledgeBaseHolder, out: TextIO) -> AsyncIterator[Console]:
    """The console, its database open and its background work running, for as long as the block runs."""
    database_path = settings.storage.database_path
    async with Database(settings.storage.url) as database:
        # One person at a keyboard (or a pipe) is not a flood: no cooldown.
        services = Services.over(database, settings, knowledge, Cooldown(1, 0.0))
        async with running(services.privacy.run_forever(), "retention"), simulated_reminders(services, out) as server:
            yield Console(
                services,
                ConsoleResponder(out, files_dir=database_path.parent / "console-files"),
                caller=Caller(source="console", guild_id=server.guild_id, rights=EVERY_RIGHT),
                channel_id=channel_finder(server),
            )
