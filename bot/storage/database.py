"""Opening the bot's database from `DATABASE_URL`, migrating it, and running blocking work off the event loop.

`DATABASE_URL` unset or `sqlite:///FILE` is the embedded SQLite file (WAL, every transaction `BEGIN IMMEDIATE`
so that a claim is one atomic step even with several processes on one file); `postgresql://…` is PostgreSQL
through psycopg 3. Async code calls `await database.run(fn, *args)`: `fn(conn, *args)` runs on one of the
database's own threads inside a transaction, committed when it returns and rolled back when it raises.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, Self, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from index.errors import ActionableError

if TYPE_CHECKING:
    from alembic.config import Config

T = TypeVar("T")
P = ParamSpec("P")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"  # where Alembic records the schema revision
# Several processes may start at once on one PostgreSQL: they migrate one after another under this lock.
MIGRATION_LOCK_KEY = 0x494C5253  # "ILRS"


class StorageError(ActionableError, RuntimeError):
    """The database cannot be opened, is misconfigured, or is newer than this code."""


def resolve_url(database_url: str | None, database_path: Path) -> str:
    """The SQLAlchemy URL for `DATABASE_URL` (None or empty: the SQLite file at `database_path`)."""
    if not database_url:
        return f"sqlite:///{Path(database_path)}"
    scheme, _, rest = database_url.partition("://")
    if scheme == "sqlite":
        return database_url
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    given = f"{scheme}://" if "://" in database_url else repr(database_url)
    raise StorageError(f"DATABASE_URL must start with sqlite:/// or postgresql://, not {given}")


def describe(url: str) -> str:
    """The URL with its password hidden, for logs and status output."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see the "begin" hook).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn) -> None:
        # Take the write lock up front: a read that later writes can then never fail to upgrade its lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url)
        return create_engine(url, pool_size=pool_size, max_overflow=2, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, OSError, ValueError) as exc:
        raise StorageError(f"cannot open database {describe(url)}: {exc}") from exc


def _alembic_config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    """The newest migration's revision, read from the file names without Alembic: each migration is
    `versions/NNNN_what.py` with revision "NNNN" (a test checks that this is Alembic's head)."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def current_revision(conn: Connection) -> str | None:
    """The schema revision the database records (None before its first migration), read without Alembic."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    revisions = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(revisions) > 1:
        raise StorageError(f"the database records several schema revisions ({', '.join(sorted(revisions))})")
    return revisions[0] if revisions else None


def migrate(engine: Engine) -> str:
    """Apply every migration the database has not seen (in one transaction); return its revision.

    A database already at the head revision is left alone without importing Alembic (a tenth of a second of
    every start-up); Alembic runs only when there is something to migrate."""
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            current = current_revision(conn)
            if current == head_revision():
                return current
            from alembic import command
            from alembic.script import ScriptDirectory

            known = {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
            if current is not None and current not in known:
                raise StorageError(
                    f"database schema revision {current} is newer than this code ({head_revision()}); upgrade the bot"
                )
            command.upgrade(_alembic_config(conn), "head")
            return current_revision(conn)
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot open database {describe(str(engine.url))}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


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
        raise StorageError(f"cannot open database {describe(url)}: {_first_line(exc)}") from exc
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
