"""The async repository for what the bot keeps about people and servers: retention, per-user data, server purges."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, text

from bot.storage.database import Database
from bot.storage.guild_purges import (
    GuildPurge,
    cancel_guild_purges,
    purge_due_guilds,
    purge_guild,
    schedule_guild_purge,
    scheduled_purges,
)
from bot.storage.retention import PruneReport, Retention, prune
from bot.storage.user_data import UserDataCounts, count_user_data, delete_user_data, export_user_data

# Every process runs the pass; on PostgreSQL they take turns, so a day's counts are never folded in twice.
RETENTION_LOCK_KEY = 0x50525556  # "PRUV"


def retention_pass(conn: Connection, now: datetime, retention: Retention) -> tuple[PruneReport, list[GuildPurge]]:
    """One scheduled pass: prune the question log, then purge the servers whose grace period is over."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RETENTION_LOCK_KEY})
    return prune(conn, now, retention), purge_due_guilds(conn, now)


class PrivacyStore:
    """Over the bot's `Database`; every call runs off the event loop in one transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def retention_pass(self, now: datetime, retention: Retention) -> tuple[PruneReport, list[GuildPurge]]:
        return await self.database.run(retention_pass, now, retention)

    async def count_user_data(self, user_id: int | None) -> UserDataCounts:
        return await self.database.run(count_user_data, user_id)

    async def export_user_data(self, user_id: int | None) -> dict[str, Any]:
        return await self.database.run(export_user_data, user_id)

    async def delete_user_data(self, user_id: int | None) -> UserDataCounts:
        return await self.database.run(delete_user_data, user_id)

    async def schedule_guild_purge(self, guild_id: int, *, now: datetime, grace: timedelta) -> datetime:
        return await self.database.run(lambda conn: schedule_guild_purge(conn, guild_id, now=now, grace=grace))

    async def cancel_guild_purges(self, guild_ids: Iterable[int]) -> list[int]:
        return await self.database.run(cancel_guild_purges, list(guild_ids))

    async def scheduled_purges(self) -> dict[int, datetime]:
        return await self.database.run(scheduled_purges)

    async def purge_guild(self, guild_id: int) -> GuildPurge:
        return await self.database.run(purge_guild, guild_id)
