"""Everything the bot holds about one person: exported on request, deleted on request.

A person is a Discord user id, or None for the console's own user (the console logs its questions without one).
Their data: the questions they asked (while the row still records them), their votes, the reminders they
created as a moderator (exported, not deleted: a reminder belongs to its server and goes with the server's data),
and the answers they taught or wrote (exported; on deletion the entry stays in the server's curated document and
its row forgets who approved and wrote it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, false, func, select, update

from bot.storage.tables import feedback, questions, reminders, taught_answers

CONSOLE_SOURCE = "console"
VOTE_NAMES = {1: "up", -1: "down"}


@dataclass(frozen=True)
class UserDataCounts:
    questions: int = 0
    votes: int = 0
    reminders: int = 0  # created as a moderator; kept with the server's data
    taught_answers: int = 0  # approved or written by them; the entry is kept, who made it forgotten


def _asked_by(user_id: int | None):
    if user_id is None:
        return (questions.c.user_id.is_(None)) & (questions.c.source == CONSOLE_SOURCE)
    return questions.c.user_id == user_id


def _voted_by(user_id: int | None):
    # The console cannot vote (buttons are Discord's); None matches no vote, and never the anonymous ones.
    return feedback.c.user_id == user_id if user_id is not None else false()


def _created_by(user_id: int | None):
    return reminders.c.created_by == user_id if user_id is not None else false()


def _taught_by(user_id: int | None):
    if user_id is None:
        return false()
    return (taught_answers.c.approved_by == user_id) | (taught_answers.c.author_id == user_id)


def count_user_data(conn: Connection, user_id: int | None) -> UserDataCounts:
    def count(table, condition) -> int:
        return int(conn.execute(select(func.count()).select_from(table).where(condition)).scalar_one())

    return UserDataCounts(
        questions=count(questions, _asked_by(user_id)),
        votes=count(feedback, _voted_by(user_id)),
        reminders=count(reminders, _created_by(user_id)),
        taught_answers=count(taught_answers, _taught_by(user_id)),
    )


def export_user_data(conn: Connection, user_id: int | None) -> dict[str, Any]:
    """The person's rows, as JSON-ready data: their questions, their votes, the reminders they created."""
    asked = conn.execute(select(questions).where(_asked_by(user_id)).order_by(questions.c.id)).all()
    voted = conn.execute(
        select(
            feedback.c.question_id,
            feedback.c.vote,
            feedback.c.voted_at,
            feedback.c.reason,
            feedback.c.note,
            questions.c.question,
        )
        .select_from(feedback.join(questions, questions.c.id == feedback.c.question_id))
        .where(_voted_by(user_id))
        .order_by(feedback.c.voted_at, feedback.c.question_id)
    ).all()
    created = conn.execute(select(reminders).where(_created_by(user_id)).order_by(reminders.c.id)).all()
    taught = conn.execute(select(taught_answers).where(_taught_by(user_id)).order_by(taught_answers.c.id)).all()
    return {
        "user_id": user_id,
        "questions": [
            _fields(row, "id", "asked_at", "source", "guild_id", "channel_id", "question", "answer")
            | {"abstained": bool(row.abstained), "citations": json.loads(row.citations_json)}
            for row in asked
        ],
        "votes": [
            _fields(row, "question_id", "question")
            | {"vote": VOTE_NAMES[row.vote], "voted_at": row.voted_at.isoformat()}
            | (_fields(row, "reason", "note") if row.reason else {})
            for row in voted
        ],
        "reminders_created": [
            _fields(row, "id", "guild_id", "channel_id", "title", "deadline", "status", "created_at") for row in created
        ],
        "taught_answers": [
            _fields(row, "id", "guild_id")
            | {"approved": row.approved_by == user_id, "wrote": row.author_id == user_id}
            | _fields(row, "question", "answer", "message_url", "created_at")
            for row in taught
        ],
    }


def _fields(row, *names: str) -> dict[str, Any]:
    """The named columns of a row, JSON-ready: moments as ISO 8601 text."""
    return {name: value.isoformat() if isinstance(value := getattr(row, name), datetime) else value for name in names}


def delete_user_data(conn: Connection, user_id: int | None) -> UserDataCounts:
    """Delete the person's questions (with the votes on them) and their votes, and forget them on the answers they
    taught or wrote; return what was deleted or forgotten."""
    own_questions = select(questions.c.id).where(_asked_by(user_id)).scalar_subquery()
    votes = conn.execute(delete(feedback).where(_voted_by(user_id))).rowcount
    conn.execute(delete(feedback).where(feedback.c.question_id.in_(own_questions)))  # others' votes on them
    asked = conn.execute(delete(questions).where(_asked_by(user_id))).rowcount
    taught = conn.execute(select(func.count()).select_from(taught_answers).where(_taught_by(user_id))).scalar_one()
    if user_id is not None:
        for column in (taught_answers.c.approved_by, taught_answers.c.author_id):
            conn.execute(update(taught_answers).where(column == user_id).values({column.name: None}))
    return UserDataCounts(questions=asked, votes=votes, taught_answers=int(taught))
