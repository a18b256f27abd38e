"""Per-server settings: the reminder defaults a server's moderators chose (`ReminderRepository` serves them)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from bot.storage.database import dialect_insert
from bot.storage.tables import reminder_guild_config


@dataclass(frozen=True)
class GuildConfig:
    """A server's reminder settings; None/empty fields fall back to the bot's settings."""

    guild_id: int
    lead_times: str | None = None
    moderator_role_ids: tuple[int, ...] = ()
    announcement_role_id: int | None = None


def get_guild_config(conn: Connection, guild_id: int) -> GuildConfig:
    row = conn.execute(select(reminder_guild_config).where(reminder_guild_config.c.guild_id == guild_id)).first()
    if row is None:
        return GuildConfig(guild_id)
    role_ids = tuple(int(part) for part in row.moderator_role_ids.split(",") if part)
    return GuildConfig(guild_id, row.lead_times, role_ids, row.announcement_role_id)


def save_guild_config(conn: Connection, config: GuildConfig) -> None:
    statement = dialect_insert(conn)(reminder_guild_config).values(
        guild_id=config.guild_id,
        lead_times=config.lead_times,
        moderator_role_ids=",".join(str(role_id) for role_id in config.moderator_role_ids),
        announcement_role_id=config.announcement_role_id,
    )
    settings = ("lead_times", "moderator_role_ids", "announcement_role_id")
    upsert = statement.on_conflict_do_update(
        index_elements=[reminder_guild_config.c.guild_id], set_={name: statement.excluded[name] for name in settings}
    )
    conn.execute(upsert)
