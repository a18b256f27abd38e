"""Reminders in the console: a simulated server whose posts are printed, on a throwaway database.

The simulated channels live in memory, so the console's reminders are kept in a temporary database that ends
with the session (a reminder whose pinned message no longer exists would otherwise be disabled next time).
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.background import running
from bot.clock import utc_now
from bot.commands.spec import UserError
from bot.features.reminders.simulated import SimulatedMessage, SimulatedServer
from bot.features.reminders.wiring import build_reminders
from bot.services import Services
from bot.storage.database import Database

SIMULATED_CHANNELS = ((1, "announcements"), (2, "general"))


def _printer(server: SimulatedServer, out: TextIO) -> Callable[[SimulatedMessage], None]:
    def show(message: SimulatedMessage) -> None:
        channel = server.channels.get(message.channel_id)
        out.write(f"\n[bot posted in #{channel.name if channel else message.channel_id}]\n{message.text}\n\n")
        out.flush()

    return show


def channel_finder(server: SimulatedServer) -> Callable[[str], int]:
    """A channel option typed in the console (`general`, `#general` or an id) → its id."""

    def channel_id(typed: str) -> int:
        channel = server.find_channel(typed)
        if channel is None:
            names = ", ".join(f"#{c.name}" for c in server.channels.values())
            raise UserError(f"No channel {typed[:80]!r} on the simulated server; its channels: {names}.")
        return channel.id

    return channel_id


@contextlib.asynccontextmanager
async def simulated_reminders(
    services: Services, out: TextIO, *, clock: Callable[[], datetime] = utc_now
) -> AsyncIterator[SimulatedServer]:
    """Give `services` reminders that post to a simulated server printed to `out`, alerts running meanwhile."""
    with tempfile.TemporaryDirectory(prefix="ilrs-console-reminders-") as folder:
        async with Database(f"sqlite:///{Path(folder) / 'reminders.sqlite3'}") as database:
            server = SimulatedServer(clock)
            server.on_post = _printer(server, out)
            for channel_id, name in SIMULATED_CHANNELS:
                server.add_channel(channel_id, name)
            services.reminders, scheduler = build_reminders(
                database, server, services.settings.reminders, services.knowledge, clock
            )
            try:
                async with running(scheduler.run_forever(), "console-reminders"):
                    yield server
            finally:
                services.reminders = None
