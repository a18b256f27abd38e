"""The question log and 👍/👎 feedback: functions on a sqlite3 connection, and an async facade for the bot."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from bot.commands.caller import Caller
from bot.database import Database, utc_now_iso
from index.schema import Answer


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

    @property
    def abstention_rate(self) -> float:
        return self.abstained / self.questions if self.questions else 0.0


def log_question(conn: sqlite3.Connection, answer: Answer, asker: Caller) -> int:
    """Record a question with its answer (or abstention) and citations; return its id."""
    citations = json.dumps([c.to_json() for c in answer.citations], ensure_ascii=False)
    cursor = conn.execute(
        """
        INSERT INTO questions (asked_at, source, user_id, guild_id, channel_id, question, answer, abstained,
                               citations_json, index_version, latency_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            utc_now_iso(),
            asker.source,
            asker.user_id,
            asker.guild_id,
            asker.channel_id,
            answer.question,
            answer.text,
            int(answer.abstained),
            citations,
            answer.index_version,
            float(answer.latency_ms),
        ),
    )
    return int(cursor.lastrowid)


def record_vote(conn: sqlite3.Connection, question_id: int, user_id: int, vote: int) -> bool:
    """Store a user's vote on an answer (replacing their earlier one); False if the question is unknown."""
    if vote not in (-1, 1):
        raise ValueError(f"vote must be 1 or -1, not {vote!r}")
    if conn.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone() is None:
        return False
    conn.execute(
        """
        INSERT INTO feedback (question_id, user_id, vote, voted_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (question_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at
        """,
        (question_id, user_id, vote, utc_now_iso()),
    )
    return True


def _logged(rows: list[sqlite3.Row]) -> tuple[LoggedQuestion, ...]:
    return tuple(LoggedQuestion(r["id"], r["asked_at"], r["question"], r["answer"]) for r in rows)


def compute_stats(conn: sqlite3.Connection, *, since: str | None = None, recent: int = 5) -> Stats:
    """Totals since an ISO timestamp (all when None), with the latest unanswered and downvoted questions."""
    since = since or ""
    totals = conn.execute(
        """
        SELECT COUNT(*) AS questions, COALESCE(SUM(abstained), 0) AS abstained,
               COUNT(DISTINCT user_id) AS askers
        FROM questions WHERE asked_at >= ?
        """,
        (since,),
    ).fetchone()
    votes = conn.execute(
        """
        SELECT COALESCE(SUM(f.vote = 1), 0) AS up, COALESCE(SUM(f.vote = -1), 0) AS down
        FROM feedback f JOIN questions q ON q.id = f.question_id WHERE q.asked_at >= ?
        """,
        (since,),
    ).fetchone()
    abstained = conn.execute(
        "SELECT * FROM questions WHERE abstained = 1 AND asked_at >= ? ORDER BY id DESC LIMIT ?",
        (since, recent),
    ).fetchall()
    downvoted = conn.execute(
        """
        SELECT q.* FROM questions q
        WHERE q.asked_at >= ? AND (SELECT SUM(vote) FROM feedback f WHERE f.question_id = q.id) < 0
        ORDER BY q.id DESC LIMIT ?
        """,
        (since, recent),
    ).fetchall()
    return Stats(
        questions=totals["questions"],
        answered=totals["questions"] - totals["abstained"],
        abstained=totals["abstained"],
        askers=totals["askers"],
        upvotes=votes["up"],
        downvotes=votes["down"],
        recent_abstained=_logged(abstained),
        recent_downvoted=_logged(downvoted),
    )


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
)


def export_rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every logged question, oldest first, with its citations decoded and its vote counts."""
    rows = conn.execute(
        """
        SELECT q.*, COALESCE(SUM(f.vote = 1), 0) AS upvotes, COALESCE(SUM(f.vote = -1), 0) AS downvotes
        FROM questions q LEFT JOIN feedback f ON f.question_id = q.id
        GROUP BY q.id ORDER BY q.id
        """
    ).fetchall()
    exported = []
    for row in rows:
        record = {column: row[column] for column in EXPORT_COLUMNS if column != "citations"}
        record["abstained"] = bool(record["abstained"])
        record["citations"] = json.loads(row["citations_json"])
        exported.append({column: record[column] for column in EXPORT_COLUMNS})
    return exported


class FeedbackStore:
    """The async face of this module, over the bot's `Database`."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def log_question(self, answer: Answer, asker: Caller) -> int:
        return await self.database.run(log_question, answer, asker)

    async def record_vote(self, question_id: int, user_id: int, vote: int) -> bool:
        return await self.database.run(record_vote, question_id, user_id, vote)

    async def stats(self, *, since: str | None = None, recent: int = 5) -> Stats:
        return await self.database.run(lambda conn: compute_stats(conn, since=since, recent=recent))
