"""A server's data after it removes the bot: purged once the grace period is over, unless the bot is added back.

A server's data is its question log (with the votes on it), its reminders (with their alerts) and its reminder
settings. A removal is recorded once: a second removal event keeps the first date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, select

from bot.storage.database import dialect_insert
from bot.storage.tables import (
    alerts,
    feedback,
    forum_posts,
    guild_purges,
    questions,
    reminder_guild_config,
    reminders,
    taught_answers,
)


@dataclass(frozen=True)
class GuildPurge:
    guild_id: int
    questions: int = 0
    votes: int = 0
    reminders: int = 0
    settings: int = 0


def schedule_guild_purge(conn: Connection, guild_id: int, *, now: datetime, grace: timedelta) -> datetime:
    """Record that the server removed the bot; return when its data will be purged."""
    statement = dialect_insert(conn)(guild_purges).values(guild_id=guild_id, removed_at=now, purge_after=now + grace)
    conn.execute(statement.on_conflict_do_nothing(index_elements=[guild_purges.c.guild_id]))
    return conn.execute(select(guild_purges.c.purge_after).where(guild_purges.c.guild_id == guild_id)).scalar_one()


def cancel_guild_purges(conn: Connection, guild_ids: Iterable[int]) -> list[int]:
    """The bot is (back) in these servers: keep their data. Returns the servers whose purge was cancelled."""
    ids = list(guild_ids)
    if not ids:
        return []
    cancelled = conn.execute(
        delete(guild_purges).where(guild_purges.c.guild_id.in_(ids)).returning(guild_purges.c.guild_id)
    ).scalars()
    return sorted(cancelled)


def scheduled_purges(conn: Connection) -> dict[int, datetime]:
    """Server id → when its data will be purged."""
    rows = conn.execute(select(guild_purges.c.guild_id, guild_purges.c.purge_after)).all()
    return {guild_id: purge_after for guild_id, purge_after in rows}


def purge_guild(conn: Connection, guild_id: int) -> GuildPurge:
    """Delete everything the bot stores for a server, now."""
    own_questions = select(questions.c.id).where(questions.c.guild_id == guild_id).scalar_subquery()
    own_reminders = select(reminders.c.id).where(reminders.c.guild_id == guild_id).scalar_subquery()
    votes = conn.execute(delete(feedback).where(feedback.c.question_id.in_(own_questions))).rowcount
    asked = conn.execute(delete(questions).where(questions.c.guild_id == guild_id)).rowcount
    conn.execute(delete(alerts).where(alerts.c.reminder_id.in_(own_reminders)))
    reminder_count = conn.execute(delete(reminders).where(reminders.c.guild_id == guild_id)).rowcount
    settings = conn.execute(delete(reminder_guild_config).where(reminder_guild_config.c.guild_id == guild_id)).rowcount
    conn.execute(delete(taught_answers).where(taught_answers.c.guild_id == guild_id))
    conn.execute(delete(forum_posts).where(forum_posts.c.guild_id == guild_id))
    conn.execute(delete(guild_purges).where(guild_purges.c.guild_id == guild_id))
    return GuildPurge(guild_id, asked, votes, reminder_count, settings)


def purge_due_guilds(conn: Connection, now: datetime) -> list[GuildPurge]:
    """Purge every server whose grace period is over."""
    due = conn.execute(select(guild_purges.c.guild_id).where(guild_purges.c.purge_after <= now)).scalars().all()
    return [purge_guild(conn, guild_id) for guild_id in due]
