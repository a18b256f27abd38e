"""The bot's database schema brought to this code's revision: Alembic migrations, run one process at a time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import StorageError, describe, first_line

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"  # where Alembic records the schema revision
# Several processes may start at once on one PostgreSQL: they migrate one after another under this lock.
MIGRATION_LOCK_KEY = 0x494C5253  # "ILRS"


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
        raise StorageError(f"cannot open database {describe(str(engine.url))}: {first_line(exc)}") from exc
