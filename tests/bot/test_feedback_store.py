from __future__ import annotations

import pytest

from bot.commands.spec import Caller
from bot.database import connect
from bot.features.feedback.store import compute_stats, export_rows, log_question, record_vote
from index.schema import Answer
from tests.bot.conftest import citation

ASKER = Caller(source="slash", user_id=1, guild_id=2, channel_id=3)


def answered(question: str = "When is the deadline?") -> Answer:
    return Answer(question, "By December 31 [1].", False, (citation(1),), latency_ms=9.5, index_version="v1")


def abstained(question: str = "Who won the match?") -> Answer:
    return Answer(question, "The sources do not say.", True, suggestions=("A — B",), index_version="v1")


@pytest.fixture
def conn(tmp_path):
    connection = connect(tmp_path / "bot.sqlite3")
    yield connection
    connection.close()


def test_questions_are_logged_with_answer_citations_and_abstention(conn):
    first = log_question(conn, answered(), ASKER)
    second = log_question(conn, abstained(), Caller(source="console"))
    assert second == first + 1
    rows = export_rows(conn)
    assert [r["question"] for r in rows] == ["When is the deadline?", "Who won the match?"]
    assert rows[0]["answer"] == "By December 31 [1]." and rows[0]["abstained"] is False
    assert rows[0]["citations"][0]["quote"].startswith("Interested parties")
    assert rows[0]["source"] == "slash" and rows[0]["user_id"] == 1 and rows[0]["latency_ms"] == 9.5
    assert rows[1]["abstained"] is True and rows[1]["citations"] == [] and rows[1]["user_id"] is None


def test_one_vote_per_user_per_answer_and_unknown_answers_refused(conn):
    qid = log_question(conn, answered(), ASKER)
    assert record_vote(conn, qid, 10, 1)
    assert record_vote(conn, qid, 11, 1)
    assert record_vote(conn, qid, 10, -1)  # changes their mind: replaces, not adds
    assert not record_vote(conn, qid + 99, 10, 1)
    with pytest.raises(ValueError):
        record_vote(conn, qid, 10, 5)
    row = export_rows(conn)[0]
    assert (row["upvotes"], row["downvotes"]) == (1, 1)


def test_stats_count_answers_abstentions_votes_and_list_recent_problems(conn):
    good = log_question(conn, answered("Q1"), ASKER)
    bad = log_question(conn, answered("Q2"), Caller(source="mention", user_id=2))
    log_question(conn, abstained("Q3"), ASKER)
    record_vote(conn, good, 5, 1)
    record_vote(conn, bad, 5, -1)
    record_vote(conn, bad, 6, -1)
    stats = compute_stats(conn)
    assert (stats.questions, stats.answered, stats.abstained, stats.askers) == (3, 2, 1, 2)
    assert (stats.upvotes, stats.downvotes) == (1, 2)
    assert stats.abstention_rate == pytest.approx(1 / 3)
    assert [q.question for q in stats.recent_abstained] == ["Q3"]
    assert [q.question for q in stats.recent_downvoted] == ["Q2"]
    assert compute_stats(conn, since="2999-01-01").questions == 0
