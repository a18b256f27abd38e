"""The reminder service and its alert scheduler over a gateway (Discord or the console's simulated server)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.database import Database
from bot.features.reminders.scheduler import ReminderScheduler
from bot.features.reminders.service import ReminderGateway, ReminderService, SourceWatcher, limits_from_settings
from bot.features.reminders.store import ReminderStore
from bot.knowledge import KnowledgeBaseHolder
from bot.settings import ReminderSettings


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_reminders(
    database: Database,
    gateway: ReminderGateway,
    settings: ReminderSettings,
    knowledge: KnowledgeBaseHolder,
    clock: Callable[[], datetime] = utc_now,
) -> tuple[ReminderService, ReminderScheduler]:
    """The service the commands use and the scheduler to run; a reindex flags reminders whose source changed."""
    store = ReminderStore(database)
    scheduler = ReminderScheduler(store, gateway, clock, grace=timedelta(hours=settings.grace_hours))
    service = ReminderService(store, gateway, clock, limits_from_settings(settings), on_change=scheduler.wake)
    knowledge.subscribe(SourceWatcher(service).on_swap)
    return service, scheduler
