"""Opening the bot's database engine from `DATABASE_URL`.

`DATABASE_URL` unset or `sqlite:///FILE` is the embedded SQLite file (WAL, every transaction `BEGIN IMMEDIATE`
so that a claim is one atomic step even with several processes on one file); `postgresql://…` is PostgreSQL
through psycopg 3.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from index.errors import ActionableError


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


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
