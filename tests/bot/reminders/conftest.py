"""Fixtures for the reminder tests: a fake clock, a fresh database file, and a simulated server."""

from __future__ import annotations

import pytest
from reminder_helpers import CHANNEL, GUILD, FakeClock

from bot.database import Database
from bot.features.reminders.simulated import SimulatedServer
from bot.features.reminders.store import ReminderStore


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "bot.sqlite3"


@pytest.fixture
async def database(db_path):
    async with Database(db_path) as db:
        yield db


@pytest.fixture
def store(database) -> ReminderStore:
    return ReminderStore(database)


@pytest.fixture
def server(clock) -> SimulatedServer:
    server = SimulatedServer(clock, guild_id=GUILD)
    server.add_channel(CHANNEL, "announcements")
    return server
