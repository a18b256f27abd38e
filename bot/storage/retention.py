"""Retention of the question log: old rows deleted (their counts kept per day), people forgotten sooner.

A question and its votes are deleted once older than the log window, counted in whole UTC days so that a day's
counts are folded into `question_log_totals` at once; /stats adds those totals, so its counts of questions,
abstentions and votes do not change when a prune removes the rows behind them. Who asked and who voted is
dropped earlier, once the identification window has passed: after that a row is anonymous and its answer takes
no more votes (the voter id is what keeps a vote to one per person).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Connection, Text, case, delete, func, select, update

from bot.storage.database import dialect_insert
from bot.storage.tables import feedback, question_log_totals, questions


@dataclass(frozen=True)
class Retention:
    """How long the question log keeps rows, and how long a row keeps who asked and voted."""

    question_log: timedelta
    identified: timedelta


@dataclass(frozen=True)
class PruneReport:
    questions_deleted: int = 0
    votes_deleted: int = 0
    askers_forgotten: int = 0  # questions whose asker id was dropped
    voters_forgotten: int = 0  # votes whose voter id was dropped


@dataclass(frozen=True)
class LogTotals:
    questions: int = 0
    abstained: int = 0
    upvotes: int = 0
    downvotes: int = 0


COUNTS = tuple(field.name for field in fields(LogTotals))  # kept per day in question_log_totals


def log_cutoff(now: datetime, keep: timedelta) -> datetime:
    """Rows asked before this are pruned: midnight UTC of the day `keep` ago, so whole days go at once."""
    return datetime.combine((now - keep).astimezone(UTC).date(), time(), tzinfo=UTC)


def identified_since(now: datetime, retention: Retention) -> datetime:
    """Questions asked before this no longer record who asked or voted, and take no more votes."""
    return now - retention.identified


def _day():
    # Stored moments are fixed-width ISO text (bot/storage/timestamps.py): the first 10 characters are the day.
    return func.substr(questions.c.asked_at, 1, 10, type_=Text)


def _fold_into_totals(conn: Connection, old) -> None:
    """Add the counts of the questions about to be deleted (and of their votes) to the per-day totals."""
    day = _day().label("day")
    asked = conn.execute(
        select(day, func.count().label("questions"), func.sum(case((questions.c.abstained, 1), else_=0)))
        .where(old)
        .group_by(day)
    ).all()
    if not asked:
        return
    votes = {
        row.day: (int(row.up), int(row.down))
        for row in conn.execute(
            select(
                day,
                func.sum(case((feedback.c.vote == 1, 1), else_=0)).label("up"),
                func.sum(case((feedback.c.vote == -1, 1), else_=0)).label("down"),
            )
            .select_from(feedback.join(questions, questions.c.id == feedback.c.question_id))
            .where(old)
            .group_by(day)
        )
    }
    for row_day, count, abstained in asked:
        up, down = votes.get(row_day, (0, 0))
        statement = dialect_insert(conn)(question_log_totals).values(
            day=row_day, questions=int(count), abstained=int(abstained or 0), upvotes=up, downvotes=down
        )
        totals, added = question_log_totals.c, statement.excluded
        summed = {count: totals[count] + added[count] for count in COUNTS}
        conn.execute(statement.on_conflict_do_update(index_elements=[totals.day], set_=summed))


def prune(conn: Connection, now: datetime, retention: Retention) -> PruneReport:
    """Delete question-log rows and votes past the log window (keeping their counts); forget people past theirs."""
    old = questions.c.asked_at < log_cutoff(now, retention.question_log)
    _fold_into_totals(conn, old)
    old_ids = select(questions.c.id).where(old).scalar_subquery()
    votes_deleted = conn.execute(delete(feedback).where(feedback.c.question_id.in_(old_ids))).rowcount
    questions_deleted = conn.execute(delete(questions).where(old)).rowcount

    stale = questions.c.asked_at < identified_since(now, retention)
    stale_ids = select(questions.c.id).where(stale).scalar_subquery()
    voters = conn.execute(
        update(feedback)
        .where(feedback.c.user_id.is_not(None), feedback.c.question_id.in_(stale_ids))
        .values(user_id=None)
    ).rowcount
    askers = conn.execute(
        update(questions).where(stale, questions.c.user_id.is_not(None)).values(user_id=None)
    ).rowcount
    return PruneReport(questions_deleted, votes_deleted, askers, voters)


def pruned_totals(conn: Connection, since: datetime | None) -> LogTotals:
    """The counts kept for pruned rows, from the day of `since` on (all when None)."""
    query = select(*(func.coalesce(func.sum(question_log_totals.c[count]), 0) for count in COUNTS))
    if since is not None:
        query = query.where(question_log_totals.c.day >= since.astimezone(UTC).date().isoformat())
    return LogTotals(*(int(value) for value in conn.execute(query).one()))
