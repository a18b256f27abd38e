"""Forum posts the bot answered: claimed before answering, so each is answered once."""

from __future__ import annotations

from sqlalchemy import Connection

from bot.clock import utc_now
from bot.storage.database import Repository, dialect_insert, transaction
from bot.storage.tables import forum_posts


def claim_post(conn: Connection, thread_id: int, guild_id: int, forum_id: int) -> bool:
    """Record the post as answered; False when it already was (by this process or another)."""
    statement = dialect_insert(conn)(forum_posts).values(
        thread_id=thread_id, guild_id=guild_id, forum_id=forum_id, answered_at=utc_now()
    )
    return conn.execute(statement.on_conflict_do_nothing(index_elements=[forum_posts.c.thread_id])).rowcount > 0


class ForumPosts(Repository):
    claim = transaction(claim_post)
