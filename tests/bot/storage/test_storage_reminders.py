from __future__ import annotations

from datetime import timedelta

import pytest
from storage_helpers import CHANNEL, DEADLINE, GUILD, MODERATOR, NOW, new_reminder, planned

from bot.storage.guild_settings import GuildConfig
from bot.storage.reminder_records import ACTIVE, CANCELLED, PLANNED, LimitError, make_nonce
from bot.storage.reminders import ReminderRepository


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


async def test_guild_settings_round_trip_and_replace(repo):
    assert await repo.guild_config(GUILD) == GuildConfig(GUILD)
    await repo.save_guild_config(GuildConfig(GUILD, "3d,2h", (7, 8), 9))
    await repo.save_guild_config(GuildConfig(GUILD, "1d", (), None))
    assert await repo.guild_config(GUILD) == GuildConfig(GUILD, "1d", (), None)
