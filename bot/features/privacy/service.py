"""Retention on a schedule, and servers' data after they remove the bot, for both front ends."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from bot.clock import utc_now
from bot.setting_groups import PrivacySettings
from bot.storage.guild_purges import GuildPurge
from bot.storage.privacy import PrivacyStore
from bot.storage.retention import PruneReport, Retention

log = logging.getLogger(__name__)

# Rows are pruned in whole days; an hourly pass deletes each day's rows within an hour of it expiring.
PASS_INTERVAL_SECONDS = 3600.0


def retention_of(settings: PrivacySettings) -> Retention:
    return Retention(timedelta(days=settings.question_log_days), timedelta(days=settings.identified_days))


class PrivacyService:
    def __init__(self, store: PrivacyStore, settings: PrivacySettings, clock: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock

    async def retention_pass(self) -> tuple[PruneReport, list[GuildPurge]]:
        """Prune the question log and purge the servers whose grace period is over (off the event loop)."""
        report, purged = await self.store.retention_pass(self.clock(), retention_of(self.settings))
        if report.questions_deleted or report.askers_forgotten or report.voters_forgotten:
            log.info(
                "retention: %d questions and %d votes deleted, %d askers and %d voters forgotten",
                report.questions_deleted,
                report.votes_deleted,
                report.askers_forgotten,
                report.voters_forgotten,
            )
        for purge in purged:
            log.info("server %s purged after its grace period: %s", purge.guild_id, describe_purge(purge))
        return report, purged

    async def run_forever(self, interval: float = PASS_INTERVAL_SECONDS) -> None:
        """A pass now and then every `interval` seconds; a failed pass is logged and tried again next time."""
        while True:
            try:
                await self.retention_pass()
            except Exception:
                log.exception("retention pass failed")
            await asyncio.sleep(interval)

    async def server_removed(self, guild_id: int) -> datetime:
        """The bot was removed from a server (not an outage): purge its data after the grace period."""
        grace = timedelta(days=self.settings.guild_data_grace_days)
        purge_after = await self.store.schedule_guild_purge(guild_id, now=self.clock(), grace=grace)
        log.info("removed from server %s: its data will be deleted after %s", guild_id, purge_after.isoformat())
        return purge_after

    async def servers_present(self, guild_ids: Iterable[int]) -> list[int]:
        """The bot is in these servers (joined again, or found at start): cancel their pending purges."""
        cancelled = await self.store.cancel_guild_purges(guild_ids)
        for guild_id in cancelled:
            log.info("back in server %s: its data is kept", guild_id)
        return cancelled


def describe_purge(purge: GuildPurge) -> str:
    return (
        f"{purge.questions} questions, {purge.votes} votes, {purge.reminders} reminders and "
        f"{purge.settings} settings rows deleted"
    )
