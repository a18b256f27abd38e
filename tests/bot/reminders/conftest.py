"""Fixtures for the reminder tests: a fake clock, a fresh database on each backend, and a simulated server."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from reminder_helpers import CHANNEL, GUILD, FakeClock

from bot.discord.app_commands import AppCommandBuilder
from bot.features.reminders.commands import REMIND
from bot.features.reminders.service import ReminderService
from bot.features.reminders.simulated import SimulatedServer
from bot.storage.database import Database
from bot.storage.reminders import ReminderRepository


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def database(sqlalchemy_url):
    """The bot's database, on SQLite and on PostgreSQL in turn."""
    async with Database(sqlalchemy_url) as db:
        yield db


@pytest.fixture
def store(database) -> ReminderRepository:
    return ReminderRepository(database)


@pytest.fixture
def server(clock) -> SimulatedServer:
    server = SimulatedServer(clock, guild_id=GUILD)
    server.add_channel(CHANNEL, "announcements")
    return server


@pytest.fixture
def cog(store, server, clock) -> SimpleNamespace:
    """The /remind subcommands as Discord registers them, over a service posting to the simulated server."""
    service = ReminderService(store, server, clock)
    knowledge = SimpleNamespace(current=SimpleNamespace(deadlines=()))
    services = SimpleNamespace(reminders=service, knowledge=knowledge)
    builder = AppCommandBuilder(services, front_end=None)
    group = builder.group(REMIND)
    commands = {command.name: command for command in group.commands}
    return SimpleNamespace(**commands, list_=commands["list"], builder=builder)
