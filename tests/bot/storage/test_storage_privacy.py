"""Retention, a person's data and a server's purge, on SQLite and PostgreSQL, with the clock given explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from storage_helpers import NOW, new_reminder, planned

from bot.storage.guild_settings import GuildConfig, get_guild_config, save_guild_config
from bot.storage.privacy import PrivacyStore
from bot.storage.questions import QuestionLog, VotingClosed, compute_stats, export_rows, log_question, record_vote
from bot.storage.reminders import alerts_for, create_reminder, get_reminder
from bot.storage.retention import Retention, log_cutoff
from bot.storage.taught_answers import add_answer, list_answers
from index.schema import Answer

RETENTION = Retention(question_log=timedelta(days=90), identified=timedelta(days=30))
ALICE, BOB, CAROL = 100000000000000011, 100000000000000012, 100000000000000013
GUILD, OTHER_GUILD = 200000000000000003, 200000000000000099


@dataclass(frozen=True)
class Asker:
    source: str = "slash"
    user_id: int | None = ALICE
    guild_id: int | None = GUILD
    channel_id: int | None = 300000000000000004


def answer(question: str, *, abstained: bool = False) -> Answer:
    return Answer(question, "The sources do not say." if abstained else "By December 31.", abstained)


def ask(conn, question: str, days_ago: float, *, abstained: bool = False, **asker) -> int:
    return log_question(conn, answer(question, abstained=abstained), Asker(**asker), now=NOW - timedelta(days=days_ago))


def vote(conn, question_id: int, user_id: int, value: int, days_ago: float) -> None:
    record_vote(conn, question_id, user_id, value, now=NOW - timedelta(days=days_ago))


@pytest.fixture
def privacy(storage) -> PrivacyStore:
    return PrivacyStore(storage)


def seed_history(conn) -> dict[str, int]:
    """Questions and votes 120, 95, 60, 10 and 1 days before NOW, by Alice and Bob."""
    ids = {
        "ancient": ask(conn, "ancient", 120, abstained=True),
        "old": ask(conn, "old", 95, user_id=BOB),
        "middle": ask(conn, "middle", 60),
        "recent": ask(conn, "recent", 10, user_id=BOB, abstained=True),
        "today": ask(conn, "today", 1),
    }
    vote(conn, ids["ancient"], BOB, -1, 119)
    vote(conn, ids["old"], ALICE, 1, 94)
    vote(conn, ids["old"], CAROL, 1, 94)
    vote(conn, ids["middle"], BOB, -1, 59)
    vote(conn, ids["today"], CAROL, 1, 0.5)
    return ids


async def test_a_prune_deletes_rows_past_the_window_and_keeps_stats_totals(storage, privacy):
    ids = await storage.run(seed_history)
    before_all = await storage.run(compute_stats)
    month = NOW - timedelta(days=30)
    before_month = await storage.run(lambda conn: compute_stats(conn, since=month))

    report, purged = await privacy.retention_pass(NOW, RETENTION)

    assert (report.questions_deleted, report.votes_deleted) == (2, 3) and purged == []
    remaining = await storage.run(export_rows)
    assert [row["question"] for row in remaining] == ["middle", "recent", "today"]
    assert all(row["id"] not in (ids["ancient"], ids["old"]) for row in remaining)
    after_all = await storage.run(compute_stats)
    for count in ("questions", "answered", "abstained", "upvotes", "downvotes"):
        assert getattr(after_all, count) == getattr(before_all, count), count
    assert await storage.run(lambda conn: compute_stats(conn, since=month)) == before_month
    assert [q.question for q in after_all.recent_abstained] == ["recent"]  # the text of pruned rows is gone

    again, _ = await privacy.retention_pass(NOW, RETENTION)  # nothing left to prune: counts are not added twice
    assert again.questions_deleted == 0
    assert (await storage.run(compute_stats)).questions == before_all.questions


async def test_the_window_is_whole_utc_days(storage, privacy):
    cutoff = log_cutoff(NOW, RETENTION.question_log)
    assert cutoff.hour == cutoff.minute == 0 and NOW - cutoff >= RETENTION.question_log
    inside = (NOW - cutoff).total_seconds() / 86400 - 0.01
    await storage.run(lambda conn: ask(conn, "just inside", inside))
    report, _ = await privacy.retention_pass(NOW, RETENTION)
    assert report.questions_deleted == 0
    report, _ = await privacy.retention_pass(NOW + timedelta(days=1), RETENTION)
    assert report.questions_deleted == 1


async def test_people_are_forgotten_after_the_identification_window_and_votes_close(storage, privacy):
    ids = await storage.run(seed_history)
    report, _ = await privacy.retention_pass(NOW, RETENTION)

    assert (report.askers_forgotten, report.voters_forgotten) == (1, 1)  # "middle" and Bob's vote on it
    rows = {row["question"]: row for row in await storage.run(export_rows)}
    assert rows["middle"]["user_id"] is None and (rows["middle"]["downvotes"], rows["middle"]["guild_id"]) == (1, GUILD)
    assert rows["recent"]["user_id"] == BOB and rows["today"]["user_id"] == ALICE
    with pytest.raises(VotingClosed):
        await storage.run(lambda conn: record_vote(conn, ids["middle"], BOB, 1, now=NOW, open_for=RETENTION.identified))
    log = QuestionLog(storage, votes_open_for=RETENTION.identified)
    with pytest.raises(VotingClosed):
        await log.record_vote(ids["middle"], ALICE, 1)  # the real clock is far past NOW + 30 days
    window = RETENTION.identified
    assert await storage.run(lambda conn: record_vote(conn, ids["recent"], ALICE, 1, now=NOW, open_for=window))


async def seed_people(storage) -> dict[str, int]:
    def seed(conn):
        ids = {
            "alice": ask(conn, "alice asks", 3),
            "alice2": ask(conn, "alice again", 2, guild_id=OTHER_GUILD),
            "bob": ask(conn, "bob asks", 2, user_id=BOB),
            "console": ask(conn, "console asks", 1, source="console", user_id=None, guild_id=None),
        }
        vote(conn, ids["bob"], ALICE, 1, 1)
        vote(conn, ids["alice"], BOB, -1, 1)
        vote(conn, ids["bob"], CAROL, -1, 1)
        create_reminder(conn, new_reminder(created_by=ALICE), planned(), NOW, 25)
        return ids

    return await storage.run(seed)


async def test_export_returns_exactly_the_persons_rows(storage, privacy):
    ids = await seed_people(storage)
    data = await privacy.export_user_data(ALICE)

    assert data["user_id"] == ALICE
    assert [(q["id"], q["question"]) for q in data["questions"]] == [
        (ids["alice"], "alice asks"),
        (ids["alice2"], "alice again"),
    ]
    assert data["questions"][1]["guild_id"] == OTHER_GUILD and data["questions"][0]["answer"] == "By December 31."
    assert data["votes"] == [
        {"question_id": ids["bob"], "question": "bob asks", "vote": "up", "voted_at": data["votes"][0]["voted_at"]}
    ]
    assert [r["title"] for r in data["reminders_created"]] == ["Letters of intent to CNSA"]
    console = await privacy.export_user_data(None)
    assert [q["question"] for q in console["questions"]] == ["console asks"] and console["votes"] == []
    assert (await privacy.export_user_data(CAROL))["questions"] == []
    assert (await privacy.count_user_data(ALICE)).questions == 2


async def test_delete_leaves_none_of_the_persons_rows_and_nobody_elses_changes(storage, privacy):
    ids = await seed_people(storage)
    before = {row["id"]: row for row in await storage.run(export_rows)}

    deleted = await privacy.delete_user_data(ALICE)

    assert (deleted.questions, deleted.votes) == (2, 1)
    counts = await privacy.count_user_data(ALICE)
    assert (counts.questions, counts.votes) == (0, 0)
    after = {row["id"]: row for row in await storage.run(export_rows)}
    assert set(after) == {ids["bob"], ids["console"]}
    assert after[ids["console"]] == before[ids["console"]]
    bob = after[ids["bob"]]
    assert (bob["upvotes"], bob["downvotes"]) == (0, 1)  # Alice's 👍 is gone, Carol's 👎 stays
    assert {k: v for k, v in bob.items() if k != "upvotes"} == {
        k: v for k, v in before[ids["bob"]].items() if k != "upvotes"
    }
    assert (await privacy.export_user_data(BOB))["questions"][0]["question"] == "bob asks"


async def seed_servers(storage) -> None:
    def seed(conn):
        for guild in (GUILD, OTHER_GUILD):
            qid = ask(conn, f"asked in {guild}", 1, guild_id=guild)
            vote(conn, qid, BOB, 1, 1)
            create_reminder(conn, new_reminder(guild_id=guild), planned(), NOW, 25)
            save_guild_config(conn, GuildConfig(guild, lead_times="1d"))

    await storage.run(seed)


def server_rows(conn, guild_id: int) -> dict[str, int]:
    rows = [row for row in export_rows(conn) if row["guild_id"] == guild_id]
    reminder = get_reminder(conn, 1 if guild_id == GUILD else 2)
    return {
        "questions": len(rows),
        "votes": sum(row["upvotes"] + row["downvotes"] for row in rows),
        "reminders": 0 if reminder is None else 1,
        "alerts": len(alerts_for(conn, 1 if guild_id == GUILD else 2)),
        "settings": int(get_guild_config(conn, guild_id).lead_times is not None),
    }


async def test_a_removed_servers_data_goes_after_the_grace_period_and_not_before(storage, privacy):
    await seed_servers(storage)
    full = await storage.run(lambda conn: server_rows(conn, GUILD))
    assert full == {"questions": 1, "votes": 1, "reminders": 1, "alerts": 3, "settings": 1}
    grace = timedelta(days=30)
    purge_after = await privacy.schedule_guild_purge(GUILD, now=NOW, grace=grace)
    assert purge_after == NOW + grace
    assert await privacy.schedule_guild_purge(GUILD, now=NOW + timedelta(days=5), grace=grace) == purge_after

    _, purged = await privacy.retention_pass(NOW + grace - timedelta(minutes=1), RETENTION)
    assert purged == [] and await storage.run(lambda conn: server_rows(conn, GUILD)) == full

    _, purged = await privacy.retention_pass(NOW + grace, RETENTION)
    assert [(p.guild_id, p.questions, p.votes, p.reminders, p.settings) for p in purged] == [(GUILD, 1, 1, 1, 1)]
    assert await storage.run(lambda conn: server_rows(conn, GUILD)) == dict.fromkeys(full, 0)
    assert await storage.run(lambda conn: server_rows(conn, OTHER_GUILD)) == full
    assert await privacy.scheduled_purges() == {}


async def test_adding_the_bot_back_cancels_the_purge(storage, privacy):
    await seed_servers(storage)
    await privacy.schedule_guild_purge(GUILD, now=NOW, grace=timedelta(days=30))
    assert list(await privacy.scheduled_purges()) == [GUILD]
    assert await privacy.cancel_guild_purges([GUILD, OTHER_GUILD]) == [GUILD]
    _, purged = await privacy.retention_pass(NOW + timedelta(days=365), RETENTION)
    assert purged == [] and (await storage.run(lambda conn: server_rows(conn, GUILD)))["reminders"] == 1


async def test_a_purge_at_once_needs_no_schedule(storage, privacy):
    await seed_servers(storage)
    purge = await privacy.purge_guild(OTHER_GUILD)
    assert (purge.questions, purge.reminders, purge.settings) == (1, 1, 1)
    assert (await storage.run(lambda conn: server_rows(conn, GUILD)))["questions"] == 1


async def seed_taught(storage) -> None:
    def seed(conn):
        common = dict(question="Is there a fee?", answer="No fee.", message_url=None)
        add_answer(conn, guild_id=GUILD, approved_by=ALICE, author_id=BOB, **common)
        add_answer(conn, guild_id=OTHER_GUILD, approved_by=CAROL, author_id=CAROL, **common)

    await storage.run(seed)


async def test_taught_answers_are_exported_and_their_people_forgotten_on_deletion(storage, privacy):
    await seed_taught(storage)
    alice = await privacy.export_user_data(ALICE)
    assert [(t["approved"], t["wrote"], t["question"]) for t in alice["taught_answers"]] == [
        (True, False, "Is there a fee?")
    ]
    assert [t["wrote"] for t in (await privacy.export_user_data(BOB))["taught_answers"]] == [True]

    assert (await privacy.delete_user_data(ALICE)).taught_answers == 1
    assert (await privacy.delete_user_data(BOB)).taught_answers == 1
    rows = await storage.run(lambda conn: list_answers(conn, GUILD))
    assert [(row.approved_by, row.author_id, row.answer) for row in rows] == [(None, None, "No fee.")]
    assert (await privacy.count_user_data(CAROL)).taught_answers == 1  # nobody else's rows change


async def test_a_purged_servers_taught_answers_go_with_it(storage, privacy):
    await seed_taught(storage)
    await privacy.purge_guild(GUILD)
    assert await storage.run(lambda conn: list_answers(conn, GUILD)) == []
    assert len(await storage.run(lambda conn: list_answers(conn, OTHER_GUILD))) == 1
