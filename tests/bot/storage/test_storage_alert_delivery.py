"""bot/storage/alert_delivery.py: claims under a lease, taken over when it runs out, confirmed by the holder only."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from storage_helpers import DEADLINE, NOW, new_reminder, planned

from bot.storage.alert_delivery import claim_due
from bot.storage.database import open_engine
from bot.storage.reminder_records import CLAIMED, LATE, SENT
from bot.storage.reminders import ReminderRepository


@pytest.fixture
def repo(storage) -> ReminderRepository:
    return ReminderRepository(storage)


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
