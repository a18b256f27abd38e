from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from storage_helpers import NOW

from bot.commands.caller import Caller
from bot.storage.database import Database
from bot.storage.engine import StorageError
from bot.storage.questions import QuestionLog
from index.schema import Answer, Citation

ASKER = Caller(source="slash", user_id=900000000000000001, guild_id=2, channel_id=3)
CITATION = Citation(1, "proposal-article.md", "Proposal", "Paragraph 6", "Letters are due by December 31.", "c1")


def answered(question: str = "When is the deadline?") -> Answer:
    return Answer(question, "By December 31 [1].", False, (CITATION,), latency_ms=9.5, index_version="v1")


def abstained(question: str = "Who won the match?") -> Answer:
    return Answer(question, "The sources do not say.", True, index_version="v1")


@pytest.fixture
def log(storage) -> QuestionLog:
    return QuestionLog(storage)


async def test_questions_are_logged_with_answer_citations_abstention_and_64_bit_ids(log):
    first = await log.log_question(answered(), ASKER)
    second = await log.log_question(abstained(), Caller(source="console"))
    assert second > first
    rows = await log.export()
    assert [r["question"] for r in rows] == ["When is the deadline?", "Who won the match?"]
    assert rows[0]["answer"] == "By December 31 [1]." and rows[0]["abstained"] is False
    assert rows[0]["citations"][0]["quote"] == "Letters are due by December 31."
    assert rows[0]["user_id"] == ASKER.user_id and rows[0]["latency_ms"] == 9.5 and rows[0]["source"] == "slash"
    assert rows[1]["abstained"] is True and rows[1]["citations"] == [] and rows[1]["user_id"] is None


async def test_one_vote_per_user_per_answer_and_unknown_answers_refused(log):
    qid = await log.log_question(answered(), ASKER)
    assert await log.record_vote(qid, 10, 1)
    assert await log.record_vote(qid, 11, 1)
    assert await log.record_vote(qid, 10, -1)  # changes their mind: replaces, not adds
    assert not await log.record_vote(qid + 99, 10, 1)
    with pytest.raises(ValueError):
        await log.record_vote(qid, 10, 5)
    row = (await log.export())[0]
    assert (row["upvotes"], row["downvotes"]) == (1, 1)


async def test_stats_count_answers_abstentions_votes_and_list_recent_problems(log):
    good = await log.log_question(answered("Q1"), ASKER)
    bad = await log.log_question(answered("Q2"), Caller(source="mention", user_id=2))
    await log.log_question(abstained("Q3"), ASKER)
    await log.record_vote(good, 5, 1)
    await log.record_vote(bad, 5, -1)
    await log.record_vote(bad, 6, -1)
    stats = await log.stats()
    assert (stats.questions, stats.answered, stats.abstained, stats.askers) == (3, 2, 1, 2)
    assert (stats.upvotes, stats.downvotes) == (1, 2)
    assert [q.question for q in stats.recent_abstained] == ["Q3"]
    assert [q.question for q in stats.recent_downvoted] == ["Q2"]
    assert stats.abstention_rate == pytest.approx(1 / 3)
    later = await log.stats(since=NOW.replace(year=2100))
    assert (later.questions, later.upvotes, later.recent_abstained) == (0, 0, ())
    recent = await log.stats(since=(NOW - timedelta(days=3650)).isoformat())
    assert recent.questions == 3


async def test_work_runs_on_the_database_threads_and_a_failure_rolls_back(storage, log):
    loop_thread = threading.get_ident()
    assert await storage.run(lambda conn: threading.get_ident()) != loop_thread

    def logs_then_fails(conn):
        from bot.storage.questions import log_question

        log_question(conn, answered(), ASKER)
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        await storage.run(logs_then_fails)
    assert await log.export() == []


async def test_a_closed_database_refuses_work(sqlalchemy_url):
    database = Database(sqlalchemy_url)
    with pytest.raises(StorageError, match="not open"):
        await database.run(lambda conn: None)


async def test_gap_questions_are_the_unanswered_and_the_voted_down(log):
    await log.log_question(abstained("Who won?"), ASKER)
    liked = await log.log_question(answered("When is the deadline?"), ASKER)
    disliked = await log.log_question(answered("Who can apply?"), ASKER)
    mixed = await log.log_question(answered("Where is it?"), ASKER)
    await log.record_vote(liked, 1, 1)
    await log.record_vote(disliked, 1, -1)
    await log.record_vote(disliked, 2, -1)
    await log.record_vote(mixed, 1, -1)
    await log.record_vote(mixed, 2, 1)
    rows = await log.gap_questions()
    assert [(r.text, r.reason) for r in rows] == [("Who won?", "unanswered"), ("Who can apply?", "downvoted")]
    assert rows[0].asked_at.tzinfo is not None
    assert await log.gap_questions(since="2999-01-01T00:00:00+00:00") == []
