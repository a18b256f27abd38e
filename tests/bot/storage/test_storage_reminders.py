from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from storage_helpers import CHANNEL, DEADLINE, GUILD, MODERATOR, NOW, new_reminder, planned

from bot.storage.database import open_engine
from bot.storage.guild_settings import GuildConfig
from bot.storage.reminders import (
    ACTIVE,
    CANCELLED,
    CLAIMED,
    LATE,
    PLANNED,
    SENT,
    LimitError,
    ReminderRepository,
    claim_due,
    make_nonce,
)


@pytest.fixture
def repo(storage) -> ReminderRepository:
    return ReminderRepository(storage)


async def test_a_reminder_round_trips_with_one_row_per_alert_and_deterministic_nonces(repo):
    reminder = await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=25)
    assert (reminder.guild_id, reminder.channel_id, reminder.created_by) == (GUILD, CHANNEL, MODERATOR)
    assert reminder.deadline == DEADLINE and reminder.created_at == NOW and reminder.status == ACTIVE
    assert reminder.source.quote == "until December 31" and reminder.date_only is False
    alerts = await repo.alerts_for(reminder.id)
    assert [a.kind for a in alerts] == ["lead", "lead", "close"]
    assert [a.lead for a in alerts] == [timedelta(days=7), timedelta(days=1), timedelta(0)]
    assert all(a.status == PLANNED and a.nonce == make_nonce(reminder.id, a.id) for a in alerts)
    assert await repo.list_for_guild(GUILD) == [reminder]
    assert await repo.active() == [reminder]


async def test_the_per_server_cap_counts_only_active_reminders(repo):
    first = await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=2)
    await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=2)
    with pytest.raises(LimitError, match="2 active reminders"):
        await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=2)
    await repo.create_reminder(new_reminder(guild_id=7), planned(), now=NOW, max_active=2)  # another server
    assert await repo.cancel(first.id, by=MODERATOR, now=NOW)
    await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=2)


async def test_cancel_reschedule_and_title_change_touch_only_active_reminders(repo):
    reminder = await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=25)
    assert await repo.update_title(reminder.id, "LOI", now=NOW)
    later = DEADLINE + timedelta(days=10)
    assert await repo.reschedule(
        reminder.id, deadline=later, zone="UTC", date_only=True, lead_times="2d", alerts=planned(later), now=NOW
    )
    alerts = await repo.alerts_for(reminder.id)
    assert [a.status for a in alerts].count(CANCELLED) == 3
    pending = [a.due_at for a in alerts if a.status == PLANNED]
    assert pending == [later - timedelta(days=7), later - timedelta(days=1), later]
    assert await repo.cancel(reminder.id, by=MODERATOR, now=NOW)
    assert not await repo.cancel(reminder.id, by=MODERATOR, now=NOW)
    assert not await repo.update_title(reminder.id, "again", now=NOW)
    cancelled = await repo.get(reminder.id)
    assert cancelled.status == CANCELLED and str(MODERATOR) in cancelled.status_reason and cancelled.title == "LOI"
    assert {a.status for a in await repo.alerts_for(reminder.id)} == {CANCELLED}
    assert await repo.due_alerts(later + timedelta(days=1)) == []


async def test_a_planned_alert_is_claimed_once_and_only_its_holder_confirms_it(repo):
    reminder = await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=25)
    first = (await repo.alerts_for(reminder.id))[0]
    assert await repo.claim(first.id, now=NOW, owner="a")
    assert not await repo.claim(first.id, now=NOW, owner="b")
    claimed = await repo.get_alert(first.id)
    assert (claimed.status, claimed.claimed_at, claimed.claimed_by, claimed.attempts) == (CLAIMED, NOW, "a", 1)
    assert not await repo.mark_sent(first.id, 42, late=False, now=NOW, owner="b")
    assert await repo.mark_sent(first.id, 42, late=False, now=NOW, owner="a")
    assert (await repo.get_alert(first.id)).status == SENT


async def test_claim_due_takes_each_due_alert_for_one_process_and_skips_live_leases(repo):
    for _ in range(3):
        await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=25)
    at = DEADLINE - timedelta(days=1)  # two lead alerts of each reminder are due
    mine = await repo.claim_due("a", now=at, limit=4)
    theirs = await repo.claim_due("b", now=at, limit=10)
    assert len(mine) == 4 and len(theirs) == 2
    assert {d.alert.id for d in mine}.isdisjoint(d.alert.id for d in theirs)
    assert all(d.alert.status == CLAIMED and d.alert.claimed_by == "a" for d in mine)
    assert all(d.alert.lease_expires_at == at + timedelta(seconds=60) for d in mine)
    assert await repo.claim_due("c", now=at + timedelta(seconds=59)) == []
    assert await repo.count_due(now=at) == 6
    assert await repo.next_lease_expiry() == at + timedelta(seconds=60)


async def test_an_expired_lease_is_taken_over_with_the_same_nonce_and_the_old_holder_cannot_confirm(repo):
    reminder = await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=25)
    at = DEADLINE - timedelta(days=7)
    [taken] = await repo.claim_due("dead", now=at, lease=timedelta(seconds=30))
    [retaken] = await repo.claim_due("alive", now=at + timedelta(seconds=31), lease=timedelta(seconds=30))
    assert retaken.alert.id == taken.alert.id and retaken.alert.nonce == taken.alert.nonce
    assert retaken.alert.claimed_by == "alive" and retaken.retaken and not taken.retaken
    assert retaken.alert.attempts == 1  # a take-over is not a send; record_retry counts the re-send
    assert retaken.alert.claimed_at == at  # the first claim's time, to tell whether it went out late
    assert retaken.reminder.id == reminder.id
    assert not await repo.mark_sent(taken.alert.id, 1, late=False, now=at, owner="dead")
    assert await repo.mark_sent(taken.alert.id, 1, late=True, now=at, owner="alive")
    assert (await repo.get_alert(taken.alert.id)).status == LATE


async def test_a_lease_holder_renews_its_claim_and_a_stranger_cannot_until_it_runs_out(repo):
    await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=25)
    at = DEADLINE - timedelta(days=7)
    [taken] = await repo.claim_due("a", now=at)
    assert await repo.record_retry(taken.alert.id, now=at + timedelta(seconds=50), owner="a")
    assert not await repo.record_retry(taken.alert.id, now=at + timedelta(seconds=70), owner="b")
    assert await repo.record_retry(taken.alert.id, now=at + timedelta(seconds=111), owner="b")
    assert (await repo.get_alert(taken.alert.id)).attempts == 3


async def test_alerts_of_inactive_reminders_are_never_claimed(repo):
    reminder = await repo.create_reminder(new_reminder(), planned(), now=NOW, max_active=25)
    assert await repo.disable(reminder.id, "the channel is gone", now=NOW)
    assert await repo.claim_due("a", now=DEADLINE) == []
    assert await repo.next_due_at() is None


def test_concurrent_claimers_never_take_the_same_alert(sqlalchemy_url):
    engine = open_engine(sqlalchemy_url)
    from bot.storage.reminders import create_reminder

    with engine.begin() as conn:
        for number in range(40):
            create_reminder(conn, new_reminder(guild_id=number), planned(), NOW, 25)
    taken: dict[str, list[int]] = {}
    errors = []

    def claimer(owner: str) -> None:
        try:
            got = []
            while True:
                with engine.begin() as conn:
                    batch = claim_due(conn, owner, DEADLINE, limit=3)
                if not batch:
                    break
                got.extend(d.alert.id for d in batch)
            taken[owner] = got
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=claimer, args=(f"p{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert errors == []
    every = [alert_id for ids in taken.values() for alert_id in ids]
    assert len(every) == len(set(every)) == 40 * 3


async def test_guild_settings_round_trip_and_replace(repo):
    assert await repo.guild_config(GUILD) == GuildConfig(GUILD)
    await repo.save_guild_config(GuildConfig(GUILD, "3d,2h", (7, 8), 9))
    await repo.save_guild_config(GuildConfig(GUILD, "1d", (), None))
    assert await repo.guild_config(GUILD) == GuildConfig(GUILD, "1d", (), None)
