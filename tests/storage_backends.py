"""Fixtures that run a test once on SQLite and once on a throw-away PostgreSQL cluster (started once a session).

`database_url` runs a test on both backends. `bot_database_url` (behind the bot's `bot_database`) is SQLite
unless a module asks for both: `pytestmark = pytest.mark.parametrize("bot_database_url", BACKENDS, indirect=True)`.
"""

from __future__ import annotations

import itertools

import pytest

from bot.storage.database import Database, open_engine
from bot.storage.engine import resolve_url

BACKENDS = ("sqlite", "postgresql")
_MIGRATED_TEMPLATE = "migrated_template"
_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL cluster for the session, with a migrated template database copied per test."""
    from bot.storage.local_postgres import LocalPostgres

    with LocalPostgres() as server:
        server.create_database(_MIGRATED_TEMPLATE)
        open_engine(resolve_url(server.url(_MIGRATED_TEMPLATE), None)).dispose()
        yield server


def empty_database(request, backend: str, tmp_path) -> str:
    """The `DATABASE_URL` of an empty bot database on `backend` (PostgreSQL: already migrated)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"test_{next(_names)}", template=_MIGRATED_TEMPLATE)


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    return empty_database(request, request.param, tmp_path)


@pytest.fixture(params=["sqlite"])
def bot_database_url(request, tmp_path) -> str:
    return empty_database(request, request.param, tmp_path)


@pytest.fixture
def sqlalchemy_url(database_url) -> str:
    return resolve_url(database_url, None)


@pytest.fixture
async def storage(sqlalchemy_url):
    """The bot's `Database`, open, on each backend in turn."""
    async with Database(sqlalchemy_url) as database:
        yield database
