"""Why 👎: the reason (and optional note) a voter gives with a downvote, counted for /stats and the export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from bot.storage.tables import feedback, questions

REASONS = {"wrong": "Wrong", "outdated": "Outdated", "not_asked": "Not what I asked", "other": "Other"}
NOTE_LIMIT = 200


def record_reason(conn: Connection, question_id: int, user_id: int, reason: str, note: str | None) -> bool:
    """Attach the reason to the user's 👎 on the answer; False when they have no 👎 on it."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {', '.join(REASONS)}, not {reason!r}")
    note = " ".join((note or "").split())[:NOTE_LIMIT] or None
    statement = (
        update(feedback)
        .where(feedback.c.question_id == question_id, feedback.c.user_id == user_id, feedback.c.vote == -1)
        .values(reason=reason, note=note)
    )
    return conn.execute(statement).rowcount > 0


def reason_counts(conn: Connection, window: Any) -> tuple[tuple[str, int], ...]:
    """(reason label, count) for the downvotes on questions in `window`, most frequent first."""
    rows = conn.execute(
        select(feedback.c.reason, func.count().label("n"))
        .select_from(feedback.join(questions, questions.c.id == feedback.c.question_id))
        .where(window, feedback.c.vote == -1, feedback.c.reason.is_not(None))
        .group_by(feedback.c.reason)
        .order_by(func.count().desc(), feedback.c.reason)
    ).all()
    return tuple((REASONS.get(row.reason, row.reason), int(row.n)) for row in rows)


def recent_notes(conn: Connection, window: Any, limit: int = 5) -> tuple[tuple[int, str, str], ...]:
    """The latest (question id, reason label, note) given with downvotes in `window`."""
    rows = conn.execute(
        select(feedback.c.question_id, feedback.c.reason, feedback.c.note)
        .select_from(feedback.join(questions, questions.c.id == feedback.c.question_id))
        .where(window, feedback.c.vote == -1, feedback.c.note.is_not(None))
        .order_by(feedback.c.voted_at.desc(), feedback.c.id.desc())
        .limit(limit)
    ).all()
    return tuple((row.question_id, REASONS.get(row.reason, row.reason or ""), row.note) for row in rows)


def reasons_by_question(conn: Connection) -> dict[int, list[str]]:
    """Question id → its downvotes' reasons as exported ("Wrong", "Other: the note")."""
    found: dict[int, list[str]] = {}
    rows = conn.execute(
        select(feedback.c.question_id, feedback.c.reason, feedback.c.note)
        .where(feedback.c.vote == -1, feedback.c.reason.is_not(None))
        .order_by(feedback.c.id)
    ).all()
    for row in rows:
        label = REASONS.get(row.reason, row.reason)
        found.setdefault(row.question_id, []).append(f"{label}: {row.note}" if row.note else label)
    return found


def since_window(since: datetime | str | None) -> Any:
    return questions.c.asked_at >= since if since is not None else questions.c.id.is_not(None)
