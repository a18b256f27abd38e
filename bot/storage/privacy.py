"""The async repository for what the bot keeps about people and servers: retention, per-user data, server purges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, text

from bot.storage.database import Repository, transaction
from bot.storage.guild_purges import (
    GuildPurge,
    cancel_guild_purges,
    purge_due_guilds,
    purge_guild,
    schedule_guild_purge,
    scheduled_purges,
)
from bot.storage.retention import PruneReport, Retention, prune
from bot.storage.user_data import count_user_data, delete_user_data, export_user_data

# Every process runs the pass; on PostgreSQL they take turns, so a day's counts are never folded in twice.
RETENTION_LOCK_KEY = 0x50525556  # "PRUV"


def retention_pass(conn: Connection, now: datetime, retention: Retention) -> tuple[PruneReport, list[GuildPurge]]:
    """One scheduled pass: prune the question log, then purge the servers whose grace period is over."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RETENTION_LOCK_KEY})
    return prune(conn, now, retention), purge_due_guilds(conn, now)


class PrivacyStore(Repository):
    """Over the bot's `Database`; every call runs off the event loop in one transaction."""

    retention_pass = transaction(retention_pass)
    count_user_data = transaction(count_user_data)
    export_user_data = transaction(export_user_data)
    delete_user_data = transaction(delete_user_data)
    schedule_guild_purge = transaction(schedule_guild_purge)
    cancel_guild_purges = transaction(cancel_guild_purges)
    scheduled_purges = transaction(scheduled_purges)
    purge_guild = transaction(purge_guild)
