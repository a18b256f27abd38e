"""The reminder service and its alert scheduler over a gateway (Discord or the console's simulated server)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import utc_now
from bot.features.reminders.gateway import ReminderGateway
from bot.features.reminders.scheduler import ReminderScheduler
from bot.features.reminders.service import ReminderService
from bot.knowledge import KnowledgeBaseHolder
from bot.setting_groups import ReminderSettings
from bot.storage.database import Database
from bot.storage.reminders import ReminderRepository


def build_reminders(
    database: Database,
    gateway: ReminderGateway,
    settings: ReminderSettings,
    knowledge: KnowledgeBaseHolder,
    clock: Callable[[], datetime] = utc_now,
    *,
    owner: str = "this process",
) -> tuple[ReminderService, ReminderScheduler]:
    """The service the commands use and the scheduler to run; a reindex flags reminders whose source changed.

    `owner` names this process among all that share the database (the same name after a restart).
    """
    store = ReminderRepository(database)
    lease = timedelta(seconds=settings.lease_seconds)
    scheduler = ReminderScheduler(
        store,
        gateway,
        clock,
        grace=timedelta(hours=settings.grace_hours),
        owner=owner,
        lease=lease,
        # Looking at least once a lease means a dead process's alerts are taken over within two leases.
        max_sleep=min(lease, timedelta(minutes=5)),
    )
    service = ReminderService(store, gateway, clock, settings, on_change=scheduler.wake)
    knowledge.subscribe(service.check_sources)
    return service, scheduler
