"""The retention pass on a fake clock, its schedule, and the Discord listeners for servers leaving and coming back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from bot.discord.servers import watch_servers
from bot.features.privacy.service import PrivacyService, retention_of
from bot.settings import Settings
from bot.storage.privacy import PrivacyStore
from bot.storage.questions import export_rows, log_question
from index.schema import Answer

START = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
GUILD, OTHER = 200000000000000003, 200000000000000004


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def asker(guild_id: int) -> SimpleNamespace:
    return SimpleNamespace(source="slash", user_id=7, guild_id=guild_id, channel_id=8)


def service(storage, clock: Clock, **settings) -> PrivacyService:
    privacy = Settings(_env_file=None, **settings).privacy
    return PrivacyService(PrivacyStore(storage), privacy, clock)


async def questions_of(storage) -> list[int]:
    return [row["guild_id"] for row in await storage.run(export_rows)]


async def test_a_removed_servers_questions_go_after_the_grace_period_not_before(storage):
    clock = Clock()
    privacy = service(storage, clock, guild_data_grace_days=30)
    for guild in (GUILD, OTHER):
        await storage.run(lambda conn, g=guild: log_question(conn, Answer("q", "a", False), asker(g), now=START))

    assert await privacy.server_removed(GUILD) == START + timedelta(days=30)
    clock.now = START + timedelta(days=30) - timedelta(seconds=1)
    await privacy.retention_pass()
    assert await questions_of(storage) == [GUILD, OTHER]
    clock.now = START + timedelta(days=30)
    _, purged = await privacy.retention_pass()
    assert [p.guild_id for p in purged] == [GUILD] and await questions_of(storage) == [OTHER]


async def test_the_settings_set_the_retention_and_user_ids_never_outlive_rows(monkeypatch):
    monkeypatch.setenv("GUILD_DATA_GRACE_DAYS", "3")
    privacy = Settings(_env_file=None, question_log_days=14).privacy
    assert privacy.guild_data_grace_days == 3
    assert retention_of(privacy).question_log == timedelta(days=14)
    assert retention_of(privacy).identified == timedelta(days=14)  # USER_ID_DAYS (30) capped by the log's 14


async def test_passes_repeat_and_a_failed_one_does_not_stop_them(storage, caplog):
    privacy = service(storage, Clock())
    calls = []

    async def flaky(now, retention):
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return await PrivacyStore(storage).retention_pass(now, retention)

    privacy.store.retention_pass = flaky
    task = asyncio.create_task(privacy.run_forever(interval=0.01))
    while len(calls) < 3:
        await asyncio.sleep(0.01)
    task.cancel()
    assert "retention pass failed" in caplog.text


class ListeningBot:
    def __init__(self, guild_ids) -> None:
        self.guilds = [SimpleNamespace(id=guild_id) for guild_id in guild_ids]
        self.listeners = {}

    def add_listener(self, fn) -> None:
        self.listeners[fn.__name__] = fn


async def test_removal_schedules_and_joining_or_finding_the_server_at_start_cancels(storage):
    privacy = service(storage, Clock())
    bot = ListeningBot([OTHER])
    watch_servers(bot, privacy)
    guild = SimpleNamespace(id=GUILD)

    await bot.listeners["on_guild_remove"](guild)
    assert list(await privacy.store.scheduled_purges()) == [GUILD]
    await bot.listeners["on_guild_join"](guild)
    assert await privacy.store.scheduled_purges() == {}
    await privacy.server_removed(OTHER)
    await bot.listeners["on_ready"]()  # the bot finds itself in OTHER: it was added back while offline
    assert await privacy.store.scheduled_purges() == {}


async def test_a_vote_after_the_identification_window_is_refused_with_the_reason(storage):
    from bot.features.feedback.votes import record_feedback
    from bot.storage.questions import QuestionLog

    old = START - timedelta(days=2)
    qid = await storage.run(lambda conn: log_question(conn, Answer("q", "a", False), asker(GUILD), now=old))
    closed = QuestionLog(storage, votes_open_for=timedelta(days=1))
    assert "Voting on this answer has closed" in await record_feedback(closed, qid, 5, "up")
    assert "Thanks" in await record_feedback(QuestionLog(storage), qid, 5, "up")
