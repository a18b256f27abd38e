"""The command logic shared by Discord and the console, on the simulated server and a real database."""

import asyncio
from datetime import timedelta

import pytest
from reminder_helpers import CHANNEL, GUILD, MODERATOR

from bot.features.reminders.confirmations import AddRequest
from bot.features.reminders.parsing import ReminderInputError
from bot.features.reminders.plan import LEAD
from bot.features.reminders.scheduler import ReminderScheduler
from bot.features.reminders.service import ReminderActionError, ReminderService
from bot.setting_groups import ReminderSettings
from bot.storage.guild_settings import GuildConfig
from bot.storage.reminder_records import CANCELLED, PLANNED, ReminderSource
from index.schema import Chunk

SOURCE = ReminderSource(
    title="China’s Lunar Mission Collaboration Proposal",
    url="https://example.org/article",
    chunk_id="chunk-7",
    quote="Interested parties have until December 31 to submit a letter of intent to the CNSA.",
)


def request(**changes) -> AddRequest:
    values = dict(
        guild_id=GUILD,
        channel_id=CHANNEL,
        moderator_id=MODERATOR,
        title="Letters of intent to CNSA",
        date_text="2026-12-31",
        time_text=None,
        zone="Asia/Shanghai",
    )
    values.update(changes)
    return AddRequest(**values)


@pytest.fixture
def woken():
    return []


@pytest.fixture
def service(store, server, clock, woken) -> ReminderService:
    limits = ReminderSettings(max_active_per_guild=3, max_title_chars=40, announcement_role_id=None)
    return ReminderService(store, server, clock, limits, on_change=lambda: woken.append(True))


async def test_nothing_is_saved_or_posted_until_the_moderator_confirms(service, store, server, woken):
    plan = await service.plan_add(request())
    summary = "\n".join(plan.summary("#announcements"))
    assert "Thu 31 Dec 2026, 23:59:59 CST (UTC+08:00) in Asia/Shanghai (end of day)" in summary
    assert "= 2026-12-31 15:59:59 UTC" in summary and "7 days before" in summary
    assert await store.list_for_guild(GUILD) == [] and server.messages(CHANNEL) == []

    reminder = await service.confirm_add(plan)
    [pinned] = server.messages(CHANNEL)
    assert pinned.pinned and pinned.id == reminder.pinned_message_id
    assert "Letters of intent" in pinned.card.title and "23:59" in pinned.card.description
    assert [a.status for a in await store.alerts_for(reminder.id)] == [PLANNED] * 4
    assert woken == [True]  # the scheduler re-plans its sleep


async def test_the_bot_checks_its_own_pin_permission_first_and_says_so(service, store, server):
    server.channels[CHANNEL].can_pin = False
    with pytest.raises(ReminderActionError, match="Pin Messages"):
        await service.plan_add(request())
    server.channels[CHANNEL].can_pin = True
    plan = await service.plan_add(request())
    server.channels[CHANNEL].can_pin = False  # revoked while the moderator was reading the preview
    with pytest.raises(ReminderActionError, match="Pin Messages"):
        await service.confirm_add(plan)
    assert await store.list_for_guild(GUILD, ("active", "disabled")) == [] and server.messages(CHANNEL) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 41}, "limit is 40"),
        ({"zone": "Mars/Olympus"}, "Unknown time zone"),
        ({"date_text": "2020-01-01"}, "past"),
        ({"lead_times": "7x"}, "lead time"),
        ({"announce": True}, "No announcement role"),
        ({"channel_id": 999}, "does not exist"),
    ],
)
async def test_bad_requests_get_a_short_clear_error(service, changes, message):
    with pytest.raises(ReminderInputError, match=message):
        await service.plan_add(request(**changes))


async def test_the_per_server_cap_is_enforced_before_the_preview(service):
    for day in (1, 2, 3):
        await service.confirm_add(await service.plan_add(request(date_text=f"2026-12-0{day}")))
    with pytest.raises(ReminderActionError, match="limit is 3"):
        await service.plan_add(request())


async def test_lead_times_come_from_the_request_then_the_server_then_the_bot(service, store):
    assert (await service.plan_add(request())).lead_times == "7d,1d,1h"
    await store.save_guild_config(GuildConfig(GUILD, lead_times="2d"))
    assert (await service.plan_add(request())).lead_times == "2d"
    assert (await service.plan_add(request(lead_times="3h, 30m"))).lead_times == "3h,30m"


async def test_only_the_configured_announcement_role_is_pinged(service, store, server, clock):
    await store.save_guild_config(GuildConfig(GUILD, announcement_role_id=4242))
    reminder = await service.confirm_add(await service.plan_add(request(title="@everyone send it", announce=True)))
    assert reminder.mention_role_id == 4242
    quiet = await service.confirm_add(await service.plan_add(request(title="@here quiet one")))
    assert quiet.mention_role_id is None
    scheduler = ReminderScheduler(store, server, clock)
    clock.set((await store.alerts_for(reminder.id))[0].due_at)
    await scheduler.run_due()
    posts = [m for m in server.messages(CHANNEL) if " · alert " in m.card.footer]
    assert [m.content for m in posts] == ["@role:4242", ""]


async def test_edit_moves_the_deadline_and_replans_alerts(service, store, server):
    reminder = await service.confirm_add(await service.plan_add(request()))
    plan = await service.plan_edit(GUILD, reminder.id, date_text="2027-01-15", time_text="09:00", lead_times="1d")
    assert "2027-01-15 01:00:00 UTC" in "\n".join(plan.summary())
    updated = await service.confirm_edit(plan)
    assert updated.zone == "Asia/Shanghai" and updated.lead_times == "1d"
    pending = [a for a in await store.alerts_for(reminder.id) if a.status == PLANNED]
    assert [(a.kind, a.lead) for a in pending] == [(LEAD, timedelta(days=1)), ("close", timedelta(0))]
    assert "15 Jan 2027" in server.messages(CHANNEL)[0].card.description
    with pytest.raises(ReminderInputError, match="Say what to change"):
        await service.plan_edit(GUILD, reminder.id)


async def test_cancel_marks_and_unpins_the_card_and_ends_alerts(service, store, server):
    reminder = await service.confirm_add(await service.plan_add(request()))
    cancelled = await service.cancel(GUILD, reminder.id, MODERATOR)
    assert cancelled.status == CANCELLED
    pinned = server.messages(CHANNEL)[0]
    assert not pinned.pinned and pinned.card.title.startswith("[cancelled]")
    assert {a.status for a in await store.alerts_for(reminder.id)} == {CANCELLED}
    with pytest.raises(ReminderActionError, match="already cancelled"):
        await service.cancel(GUILD, reminder.id, MODERATOR)
    with pytest.raises(ReminderActionError, match="no reminder #99"):
        await service.active_reminder(GUILD, 99)
    with pytest.raises(ReminderActionError, match="no reminder"):
        await service.active_reminder(GUILD + 1, reminder.id)  # another server's reminder


def chunk(text: str, chunk_id: str) -> Chunk:
    return Chunk(chunk_id, "proposal-article.md", "Title", "Body", 0, text, (text,))


async def test_a_reindex_that_changes_the_source_sentence_flags_the_reminder(service, store, server):
    kept = await service.confirm_add(await service.plan_add(request(source=SOURCE)))
    changed = await service.confirm_add(
        await service.plan_add(request(source=ReminderSource("T", None, "chunk-9", "Selection ends in May.")))
    )
    manual = await service.confirm_add(await service.plan_add(request()))
    # The kept sentence moved to a re-chunked passage (new id); the other one is gone.
    flagged = await service.flag_changed_sources([chunk("Intro. " + SOURCE.quote, "new-chunk")])
    assert [r.id for r in flagged] == [changed.id]
    assert (await store.get(changed.id)).flag_reason
    assert (await store.get(kept.id)).flag_reason is None and (await store.get(manual.id)).flag_reason is None
    assert server.notifications == [(MODERATOR, server.notifications[0][1])]
    assert f"#{changed.id}" in server.notifications[0][1]
    assert await service.flag_changed_sources([]) == [kept]  # flagged ones are not flagged twice


class IndexedChunks:
    def __init__(self, *texts: str) -> None:
        self.chunks = [chunk(text, f"c{number}") for number, text in enumerate(texts)]


async def test_the_source_watcher_flags_reminders_when_a_reindex_swaps_the_knowledge_base(service, store, fake_kb):
    from bot.knowledge import KnowledgeBaseHolder

    reminder = await service.confirm_add(await service.plan_add(request(source=SOURCE)))
    holder = KnowledgeBaseHolder(fake_kb)
    checks = []
    holder.subscribe(lambda kb: checks.append(service.check_sources(kb)))

    async def swap(kb) -> None:
        holder.swap(kb)
        await asyncio.gather(*filter(None, checks))

    await swap(IndexedChunks(SOURCE.quote))
    await swap(IndexedChunks())  # an index with no passages is no evidence of a change
    assert (await store.get(reminder.id)).flag_reason is None
    await swap(IndexedChunks("Interested parties have until January 15 to submit a letter of intent."))
    assert (await store.get(reminder.id)).flag_reason
    holder.close()
