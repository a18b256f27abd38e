"""Reminders for the console chat: a simulated server whose posts are printed, on a throwaway database.

The simulated channels live in memory, so the console's reminders are kept in a temporary database that ends
with the session (a reminder whose pinned message no longer exists would otherwise be disabled next time).
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.database import Database
from bot.reminders.commands import ConsoleReminders
from bot.reminders.deadline_choices import current_deadlines
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.service import ReminderService, SourceWatcher, limits_from_settings
from bot.reminders.simulated import SimulatedMessage, SimulatedServer
from bot.reminders.store import ReminderStore
from bot.rendering import card_to_text

SIMULATED_CHANNELS = ((1, "announcements"), (2, "general"))


def _printer(server: SimulatedServer, out: TextIO) -> Callable[[SimulatedMessage], None]:
    def show(message: SimulatedMessage) -> None:
        channel = server.channels.get(message.channel_id)
        name = channel.name if channel else message.channel_id
        ping = f"{message.content}\n" if message.content else ""
        out.write(f"\n[bot posted in #{name}]\n{ping}{card_to_text(message.card)}\n\n")
        out.flush()

    return show


@contextlib.asynccontextmanager
async def console_reminders(
    settings, knowledge, out: TextIO, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> AsyncIterator[ConsoleReminders]:
    """`async with console_reminders(settings, knowledge, out) as reminders:` gives `Services.reminders`, with
    the alert loop running for the duration."""
    with tempfile.TemporaryDirectory(prefix="ilrs-console-reminders-") as folder:
        async with Database(Path(folder) / "reminders.sqlite3") as database:
            server = SimulatedServer(clock)
            server.on_post = _printer(server, out)
            for channel_id, name in SIMULATED_CHANNELS:
                server.add_channel(channel_id, name)
            store = ReminderStore(database)
            scheduler = ReminderScheduler(store, server, clock, grace=timedelta(hours=settings.reminders_grace_hours))
            service = ReminderService(store, server, clock, limits_from_settings(settings), on_change=scheduler.wake)
            tasks = [
                asyncio.create_task(scheduler.run_forever(), name="console-reminders"),
                asyncio.create_task(SourceWatcher(service, knowledge).run_forever(), name="console-reminder-sources"),
            ]
            try:
                yield ConsoleReminders(
                    service=service,
                    server=server,
                    default_channel_id=SIMULATED_CHANNELS[0][0],
                    deadlines=current_deadlines(knowledge),
                )
            finally:
                for task in tasks:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
