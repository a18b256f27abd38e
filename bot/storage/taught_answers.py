"""The rows behind the curated document: which moderator added which answer, in which server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from bot.clock import utc_now
from bot.storage.database import Repository, transaction
from bot.storage.tables import taught_answers


@dataclass(frozen=True)
class TaughtAnswer:
    id: int
    guild_id: int | None
    approved_by: int | None
    author_id: int | None
    question: str
    answer: str
    message_url: str | None
    created_at: datetime


def _where_guild(guild_id: int | None):
    column = taught_answers.c.guild_id
    return column.is_(None) if guild_id is None else column == guild_id


def add_answer(
    conn: Connection,
    *,
    guild_id: int | None,
    approved_by: int | None,
    author_id: int | None,
    question: str,
    answer: str,
    message_url: str | None,
    now: datetime | None = None,
) -> TaughtAnswer:
    values = dict(
        guild_id=guild_id,
        approved_by=approved_by,
        author_id=author_id,
        question=question,
        answer=answer,
        message_url=message_url,
        created_at=now or utc_now(),
    )
    new_id = int(conn.execute(insert(taught_answers).values(**values).returning(taught_answers.c.id)).scalar_one())
    return TaughtAnswer(id=new_id, **values)


def list_answers(conn: Connection, guild_id: int | None) -> list[TaughtAnswer]:
    rows = conn.execute(select(taught_answers).where(_where_guild(guild_id)).order_by(taught_answers.c.id)).all()
    return [TaughtAnswer(**row._asdict()) for row in rows]


def remove_answer(conn: Connection, guild_id: int | None, answer_id: int) -> bool:
    statement = delete(taught_answers).where(_where_guild(guild_id), taught_answers.c.id == answer_id)
    return conn.execute(statement).rowcount > 0


class TaughtAnswers(Repository):
    """The async repository of this module, over the bot's `Database`."""

    add = transaction(add_answer)
    list = transaction(list_answers)
    remove = transaction(remove_answer)
