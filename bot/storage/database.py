"""The bot's database for async code and scripts: a migrated engine, and blocking work run off the event loop.

Async code calls `await database.run(fn, *args)`: `fn(conn, *args)` runs on one of the database's own threads
inside a transaction, committed when it returns and rolled back when it raises. Which database `DATABASE_URL`
names: `bot.storage.engine`; bringing its schema up to date: `bot.storage.migration`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import StorageError, describe, first_line, make_engine
from bot.storage.migration import migrate

T = TypeVar("T")
P = ParamSpec("P")


def open_engine(url: str, *, pool_size: int = 5) -> Engine:
    """A migrated engine, for scripts and the command line (the bot uses `Database`)."""
    engine = make_engine(url, pool_size=pool_size)
    try:
        migrate(engine)
    except StorageError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StorageError(f"cannot open database {describe(url)}: {first_line(exc)}") from exc
    return engine


class Database:
    """Async access to the bot's database; statements run on the database's own threads, never the event loop."""

    def __init__(self, url: str, *, workers: int = 4) -> None:
        self.url = url
        # SQLite takes one writer at a time anyway: one thread keeps this process's statements in order.
        self.workers = 1 if url.startswith("sqlite") else workers
        self.engine: Engine | None = None
        self._executor: ThreadPoolExecutor | None = None

    @property
    def dialect(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgresql"

    async def open(self) -> Self:
        if self.engine is not None:
            return self
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="database")
        loop = asyncio.get_running_loop()
        try:
            self.engine = await loop.run_in_executor(
                self._executor, functools.partial(open_engine, self.url, pool_size=self.workers)
            )
        except BaseException:
            self._executor.shutdown(wait=False)
            self._executor = None
            raise
        return self

    async def close(self) -> None:
        if self.engine is None or self._executor is None:
            return
        engine, executor = self.engine, self._executor
        self.engine = None
        await asyncio.get_running_loop().run_in_executor(executor, engine.dispose)
        executor.shutdown(wait=True)
        self._executor = None

    async def __aenter__(self) -> Self:
        return await self.open()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `fn(conn, *args, **kwargs)` in one transaction on a database thread and return its result."""
        if self.engine is None or self._executor is None:
            raise StorageError("the database is not open")
        engine = self.engine

        def in_transaction() -> T:
            with engine.begin() as conn:
                return fn(conn, *args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self._executor, in_transaction)


class Repository:
    """An async repository over the bot's `Database`: its methods are `transaction`s of the module's functions."""

    def __init__(self, database: Database) -> None:
        self.database = database


def transaction(fn: Callable[Concatenate[Connection, P], T]) -> Callable[Concatenate[Repository, P], Awaitable[T]]:
    """A repository method: `fn(conn, …)` in one transaction of the repository's database, off the event loop."""

    async def method(self: Repository, *args: P.args, **kwargs: P.kwargs) -> T:
        return await self.database.run(fn, *args, **kwargs)

    method.__doc__ = fn.__doc__
    return method


def dialect_insert(conn: Connection):
    """The dialect's own `insert` (it has `on_conflict_do_update`, which both SQLite and PostgreSQL support)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert


def run_once(url: str, fn: Callable[..., T], *args: Any, commit: bool = True) -> T:
    """Open (and migrate) the database, run `fn(conn, *args)` in one transaction (rolled back unless `commit`),
    close it: for scripts and the command line."""
    engine = open_engine(url, pool_size=1)
    try:
        with engine.connect() as conn, conn.begin() as work:
            result = fn(conn, *args)
            if not commit:
                work.rollback()
            return result
    finally:
        engine.dispose()
