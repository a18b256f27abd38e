"""The question log and 👍/👎 feedback: functions on a connection, and an async repository for the bot."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, case, func, insert, select

from bot.clock import utc_now
from bot.commands.caller import Caller
from bot.storage.database import Database, Repository, dialect_insert, run_once, transaction
from bot.storage.downvote_reasons import reason_counts, reasons_by_question, recent_notes, record_reason, since_window
from bot.storage.engine import StorageError, resolve_url
from bot.storage.retention import pruned_totals
from bot.storage.tables import feedback, questions
from index.coverage_gaps import GapQuestion
from index.schema import Answer

T = TypeVar("T")


@dataclass(frozen=True)
class LoggedQuestion:
    id: int
    asked_at: str
    question: str
    answer: str


@dataclass(frozen=True)
class Stats:
    questions: int
    answered: int
    abstained: int
    askers: int
    upvotes: int
    downvotes: int
    recent_abstained: tuple[LoggedQuestion, ...]
    recent_downvoted: tuple[LoggedQuestion, ...]
    downvote_reasons: tuple[tuple[str, int], ...] = ()  # why 👎, most given first
    downvote_notes: tuple[tuple[int, str, str], ...] = ()  # the latest (question id, reason, note)

    @property
    def abstention_rate(self) -> float:
        return self.abstained / self.questions if self.questions else 0.0


def log_question(conn: Connection, answer: Answer, asker: Caller, *, now: datetime | None = None) -> int:
    """Record a question with its answer (or abstention) and citations; return its id."""
    citations = json.dumps([c.to_json() for c in answer.citations], ensure_ascii=False)
    statement = insert(questions).values(
        asked_at=now or utc_now(),
        source=asker.source,
        user_id=asker.user_id,
        guild_id=asker.guild_id,
        channel_id=asker.channel_id,
        question=answer.question,
        answer=answer.text,
        abstained=bool(answer.abstained),
        citations_json=citations,
        index_version=answer.index_version,
        latency_ms=float(answer.latency_ms),
    )
    return int(conn.execute(statement.returning(questions.c.id)).scalar_one())


class VotingClosed(Exception):
    """The answer is older than the window in which votes are taken (its voters are no longer recorded)."""


def record_vote(
    conn: Connection,
    question_id: int,
    user_id: int,
    vote: int,
    *,
    now: datetime | None = None,
    open_for: timedelta | None = None,
) -> bool:
    """Store a user's vote on an answer (replacing their earlier one); False if the question is unknown.

    With `open_for`, an answer older than that takes no more votes (VotingClosed)."""
    if vote not in (-1, 1):
        raise ValueError(f"vote must be 1 or -1, not {vote!r}")
    now = now or utc_now()
    asked_at = conn.execute(select(questions.c.asked_at).where(questions.c.id == question_id)).scalar()
    if asked_at is None:
        return False
    if open_for is not None and asked_at < now - open_for:
        raise VotingClosed(question_id)
    statement = dialect_insert(conn)(feedback).values(question_id=question_id, user_id=user_id, vote=vote, voted_at=now)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[feedback.c.question_id, feedback.c.user_id],
            set_={"vote": statement.excluded.vote, "voted_at": statement.excluded.voted_at},
        )
    )
    return True


def _count_where(condition) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _logged(rows) -> tuple[LoggedQuestion, ...]:
    return tuple(LoggedQuestion(r.id, r.asked_at.isoformat(), r.question, r.answer) for r in rows)


def compute_stats(conn: Connection, *, since: datetime | str | None = None, recent: int = 5) -> Stats:
    """Totals since a moment (all when None), with the latest unanswered and downvoted questions."""
    window = since_window(since)
    totals = conn.execute(
        select(
            func.count().label("questions"),
            _count_where(questions.c.abstained).label("abstained"),
            func.count(questions.c.user_id.distinct()).label("askers"),
        ).where(window)
    ).one()
    votes = conn.execute(
        select(_count_where(feedback.c.vote == 1).label("up"), _count_where(feedback.c.vote == -1).label("down"))
        .select_from(feedback.join(questions, questions.c.id == feedback.c.question_id))
        .where(window)
    ).one()
    abstained = conn.execute(
        select(questions).where(window, questions.c.abstained).order_by(questions.c.id.desc()).limit(recent)
    ).all()
    score = select(func.sum(feedback.c.vote)).where(feedback.c.question_id == questions.c.id).scalar_subquery()
    downvoted = conn.execute(
        select(questions).where(window, score < 0).order_by(questions.c.id.desc()).limit(recent)
    ).all()
    # Rows the retention prune removed still count (bot/storage/retention.py), so totals survive a prune.
    pruned = pruned_totals(conn, datetime.fromisoformat(since) if isinstance(since, str) else since)
    asked, unanswered = totals.questions + pruned.questions, totals.abstained + pruned.abstained
    return Stats(
        questions=asked,
        answered=asked - unanswered,
        abstained=unanswered,
        askers=totals.askers,  # only questions that still record who asked (see bot/storage/retention.py)
        upvotes=votes.up + pruned.upvotes,
        downvotes=votes.down + pruned.downvotes,
        recent_abstained=_logged(abstained),
        recent_downvoted=_logged(downvoted),
        downvote_reasons=reason_counts(conn, window),
        downvote_notes=recent_notes(conn, window, recent),
    )


def gap_questions(conn: Connection, *, since: datetime | str | None = None) -> list[GapQuestion]:
    """The questions the bot could not answer, and the answers voted down (more 👎 than 👍), oldest first."""
    score = select(func.sum(feedback.c.vote)).where(feedback.c.question_id == questions.c.id).scalar_subquery()
    window = since_window(since)
    rows = conn.execute(
        select(questions.c.question, questions.c.asked_at, questions.c.abstained)
        .where(window, questions.c.abstained | (score < 0))
        .order_by(questions.c.id)
    ).all()
    return [GapQuestion.of(r.question, r.asked_at, "unanswered" if r.abstained else "downvoted") for r in rows]


EXPORT_COLUMNS = (
    "id",
    "asked_at",
    "source",
    "user_id",
    "guild_id",
    "channel_id",
    "question",
    "answer",
    "abstained",
    "citations",
    "index_version",
    "latency_ms",
    "upvotes",
    "downvotes",
    "downvote_reasons",  # why 👎, e.g. ["Wrong", "Other: the note"]
)


def export_rows(conn: Connection) -> list[dict[str, Any]]:
    """Every logged question, oldest first, with its citations decoded and its vote counts."""
    rows = conn.execute(
        select(
            questions,
            _count_where(feedback.c.vote == 1).label("upvotes"),
            _count_where(feedback.c.vote == -1).label("downvotes"),
        )
        .select_from(questions.outerjoin(feedback, feedback.c.question_id == questions.c.id))
        .group_by(*questions.c)
        .order_by(questions.c.id)
    ).all()
    reasons = reasons_by_question(conn)
    exported = []
    for row in rows:
        record = row._asdict()
        record["downvote_reasons"] = reasons.get(row.id, [])
        record["asked_at"] = row.asked_at.isoformat()
        record["abstained"] = bool(row.abstained)
        record["citations"] = json.loads(row.citations_json)
        exported.append({column: record[column] for column in EXPORT_COLUMNS})
    return exported


class QuestionLog(Repository):
    """The async repository of this module, over the bot's `Database`."""

    def __init__(self, database: Database, *, votes_open_for: timedelta | None = None) -> None:
        super().__init__(database)
        self.votes_open_for = votes_open_for  # see VotingClosed

    log_question = transaction(log_question)
    record_reason = transaction(record_reason)
    stats = transaction(compute_stats)
    export = transaction(export_rows)
    gap_questions = transaction(gap_questions)

    async def record_vote(self, question_id: int, user_id: int, vote: int) -> bool:
        return await self.database.run(record_vote, question_id, user_id, vote, open_for=self.votes_open_for)


def exported_log(database_url: str | None, database_path: Path, read: Callable[[Connection], T] = export_rows) -> T:
    """`read` (by default `export_rows`) of the bot's database, for scripts; a SQLite file that does not exist yet
    is a StorageError."""
    if not database_url and not Path(database_path).is_file():
        raise StorageError(f"No database at {database_path}: the bot has not logged any questions yet.")
    return run_once(resolve_url(database_url, database_path), read)
