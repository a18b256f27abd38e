"""The bot's SQLite database: one connection used from one dedicated thread, WAL mode, versioned migrations.

Adding a migration (feedback, reminders, anything stored):
  1. write a function `def _add_something(conn: sqlite3.Connection) -> None` that runs its DDL/DML;
  2. append it to `MIGRATIONS` below. Its version is its 1-based position in the list.
Never edit, reorder or remove a migration that has shipped: databases in the wild recorded it as applied.
Each migration runs in its own transaction together with the `schema_version` row that records it, so a failed
migration leaves the database at the previous version.

Async code calls `await db.run(fn, *args)`: `fn(conn, *args)` runs on the database thread inside a transaction
(committed when it returns, rolled back when it raises). Scripts use `connect(path)` for a plain connection.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, TypeVar

from bot.features.reminders.schema import create_reminder_tables

T = TypeVar("T")
Migration = Callable[[sqlite3.Connection], None]


def _create_question_log(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            asked_at TEXT NOT NULL,
            source TEXT NOT NULL,
            user_id INTEGER,
            guild_id INTEGER,
            channel_id INTEGER,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            abstained INTEGER NOT NULL,
            citations_json TEXT NOT NULL,
            index_version TEXT NOT NULL,
            latency_ms REAL NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX questions_asked_at ON questions (asked_at)")


def _create_feedback(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE feedback (
            question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL,
            vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            voted_at TEXT NOT NULL,
            PRIMARY KEY (question_id, user_id)
        )
        """
    )


# Append only (see the module docstring). Version n is MIGRATIONS[n - 1].
MIGRATIONS: list[Migration] = [
    _create_question_log,
    _create_feedback,
    create_reminder_tables,
]


class DatabaseError(RuntimeError):
    """The database cannot be opened or is newer than this code."""


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def begin(conn: sqlite3.Connection) -> None:
    """Open a transaction explicitly: sqlite3 only opens one by itself before DML, so DDL would autocommit."""
    if not conn.in_transaction:
        conn.execute("BEGIN")


def schema_version(conn: sqlite3.Connection) -> int:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> int:
    """Apply the migrations the database has not seen yet; return the resulting version."""
    migrations = MIGRATIONS if migrations is None else migrations
    current = schema_version(conn)
    conn.commit()
    if current > len(migrations):
        raise DatabaseError(
            f"database schema version {current} is newer than this code ({len(migrations)}); upgrade the bot"
        )
    for version, migration in enumerate(migrations[current:], start=current + 1):
        with conn:  # one transaction per migration, recorded with it
            begin(conn)
            migration(conn)
            conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, utc_now_iso()))
    return len(migrations)


def connect(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at `path`."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, check_same_thread=check_same_thread)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        migrate(conn)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(f"cannot open database {path}: {exc}") from exc
    return conn


class Database:
    """Async access to one SQLite file; every statement runs on a single dedicated thread, in order."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._executor: ThreadPoolExecutor | None = None
        self._conn: sqlite3.Connection | None = None

    async def open(self) -> Self:
        if self._conn is not None:
            return self
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="database")
        loop = asyncio.get_running_loop()
        try:
            # The connection is created on the database thread and only ever used there.
            self._conn = await loop.run_in_executor(self._executor, connect, self.path)
        except BaseException:
            self._executor.shutdown(wait=False)
            self._executor = None
            raise
        return self

    async def close(self) -> None:
        if self._conn is None or self._executor is None:
            return
        conn, executor = self._conn, self._executor
        self._conn = None
        await asyncio.get_running_loop().run_in_executor(executor, conn.close)
        executor.shutdown(wait=True)
        self._executor = None

    async def __aenter__(self) -> Self:
        return await self.open()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(conn, *args)` on the database thread in one transaction and return its result."""
        if self._conn is None or self._executor is None:
            raise DatabaseError("the database is not open")
        conn = self._conn

        def in_transaction() -> T:
            with conn:
                begin(conn)
                return fn(conn, *args)

        return await asyncio.get_running_loop().run_in_executor(self._executor, functools.partial(in_transaction))
