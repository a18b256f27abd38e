"""Fixtures that run a test once on SQLite and once on a throw-away PostgreSQL cluster (started once a session)."""

from __future__ import annotations

import itertools

import pytest

from bot.storage.database import Database, open_engine, resolve_url

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


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """A `DATABASE_URL` of an empty bot database on each backend in turn (PostgreSQL: already migrated)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"test_{next(_names)}", template=_MIGRATED_TEMPLATE)


@pytest.fixture
def sqlalchemy_url(database_url) -> str:
    return resolve_url(database_url, None)


@pytest.fixture
async def storage(sqlalchemy_url):
    """The bot's `Database`, open, on each backend in turn."""
    async with Database(sqlalchemy_url) as database:
        yield database
