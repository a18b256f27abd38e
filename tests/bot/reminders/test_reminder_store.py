from datetime import timedelta

import pytest
from reminder_helpers import GUILD, MODERATOR, add_reminder
from sqlalchemy import inspect

from bot.storage.guild_settings import GuildConfig
from bot.storage.reminder_records import ACTIVE, CANCELLED, CLAIMED, PLANNED, LimitError, make_nonce


async def test_the_reminder_tables_are_migrated_and_sqlite_runs_in_wal_mode(database):
    def look(conn):
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar() if conn.dialect.name == "sqlite" else "wal"
        return set(inspect(conn).get_table_names()), mode

    tables, journal_mode = await database.run(look)
    assert {"reminders", "alerts", "reminder_guild_config", "alembic_version"} <= tables
    assert journal_mode == "wal"


async def test_one_row_per_planned_alert_with_a_deterministic_short_nonce(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-12-31", time_text="17:00", zone="UTC")
    alerts = await store.alerts_for(reminder.id)
    assert [a.kind for a in alerts] == ["lead", "lead", "lead", "close"]
    assert all(a.status == PLANNED for a in alerts)
    for alert in alerts:
        assert alert.nonce == make_nonce(reminder.id, alert.id)
        assert len(alert.nonce) <= 25
    assert len({a.nonce for a in alerts}) == len(alerts)


async def test_an_alert_can_be_claimed_only_once(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-12-31", time_text=None, zone="UTC")
    first = (await store.alerts_for(reminder.id))[0]
    assert await store.claim(first.id, now=clock())
    assert not await store.claim(first.id, now=clock())
    claimed = await store.get_alert(first.id)
    assert claimed.status == CLAIMED and claimed.claimed_at == clock() and claimed.attempts == 1


async def test_the_per_server_cap_counts_only_active_reminders(store, server, clock):
    first = await add_reminder(store, server, clock, date_text="2026-12-01", time_text=None, zone="UTC", max_active=2)
    await add_reminder(store, server, clock, date_text="2026-12-02", time_text=None, zone="UTC", max_active=2)
    with pytest.raises(LimitError, match="2 active reminders"):
        await add_reminder(store, server, clock, date_text="2026-12-03", time_text=None, zone="UTC", max_active=2)
    assert await store.cancel(first.id, by=MODERATOR, now=clock())
    await add_reminder(store, server, clock, date_text="2026-12-03", time_text=None, zone="UTC", max_active=2)
    assert len(await store.list_for_guild(GUILD)) == 2


async def test_cancelling_ends_every_pending_alert_and_keeps_the_rows(store, server, clock):
    reminder = await add_reminder(store, server, clock, date_text="2026-12-31", time_text=None, zone="UTC")
    assert await store.cancel(reminder.id, by=MODERATOR, now=clock())
    assert not await store.cancel(reminder.id, by=MODERATOR, now=clock())  # already cancelled
    cancelled = await store.get(reminder.id)
    assert cancelled.status == CANCELLED and str(MODERATOR) in cancelled.status_reason
    assert {a.status for a in await store.alerts_for(reminder.id)} == {CANCELLED}
    assert await store.due_alerts(clock() + timedelta(days=365)) == []


async def test_rescheduling_replaces_pending_alerts(store, server, clock):
    from bot.features.reminders.plan import parse_lead_times, plan_alerts

    reminder = await add_reminder(store, server, clock, date_text="2026-12-31", time_text=None, zone="UTC")
    new_deadline = reminder.deadline + timedelta(days=10)
    planned = plan_alerts(new_deadline, parse_lead_times("2d"), clock(), "UTC")
    assert await store.reschedule(
        reminder.id,
        deadline=new_deadline,
        zone="UTC",
        date_only=True,
        lead_times="2d",
        alerts=planned,
        now=clock(),
    )
    alerts = await store.alerts_for(reminder.id)
    assert [a.status for a in alerts].count(CANCELLED) == 4
    pending = [a for a in alerts if a.status == PLANNED]
    assert [a.due_at for a in pending] == [new_deadline - timedelta(days=2), new_deadline]
    assert (await store.get(reminder.id)).status == ACTIVE


async def test_guild_config_round_trips(store):
    assert await store.guild_config(GUILD) == GuildConfig(GUILD)
    config = GuildConfig(GUILD, lead_times="3d,2h", moderator_role_ids=(7, 8), announcement_role_id=9)
    await store.save_guild_config(config)
    assert await store.guild_config(GUILD) == config
