"""The reminder commands' logic, shared by Discord and the console: plan → moderator confirms → commit.

Nothing is saved or posted until the moderator confirms a plan; a plan is re-checked at confirmation (time
has passed, permissions may have changed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.background import start
from bot.features.reminders.confirmations import AddPlan, AddRequest, EditPlan, clean_title
from bot.features.reminders.gateway import ReminderGateway, TargetGone
from bot.features.reminders.messages import CANCELLED, OPEN
from bot.features.reminders.parsing import ReminderInputError, parse_deadline
from bot.features.reminders.plan import format_leads, parse_lead_times, plan_alerts
from bot.features.reminders.server_settings import changed_config, config_lines
from bot.features.reminders.sources import SOURCE_CHANGED, changed_sources
from bot.setting_groups import ReminderSettings
from bot.storage.guild_settings import GuildConfig
from bot.storage.reminder_records import ACTIVE, LimitError, NewReminder, Reminder
from bot.storage.reminders import ReminderRepository
from index.schema import Chunk
from index.source import KnowledgeSource

log = logging.getLogger(__name__)


class ReminderActionError(ReminderInputError):
    """The reminder could not be posted, found or changed; the message says why."""


class ReminderService:
    def __init__(
        self,
        store: ReminderRepository,
        gateway: ReminderGateway,
        clock: Callable[[], datetime],
        limits: ReminderSettings | None = None,  # the bot-wide limits and defaults (servers may override some)
        *,
        on_change: Callable[[], None] = lambda: None,  # e.g. the scheduler's wake()
    ) -> None:
        self.store = store
        self.gateway = gateway
        self.clock = clock
        self.limits = limits or ReminderSettings()
        self.horizon = timedelta(days=self.limits.horizon_days)  # how far ahead a deadline may be
        self.on_change = on_change

    # -- settings --------------------------------------------------------------------------------------------

    async def moderator_role_ids(self, guild_id: int) -> tuple[int, ...]:
        config = await self.store.guild_config(guild_id)
        return tuple(config.moderator_role_ids) + self.limits.moderator_role_ids

    async def configure(
        self,
        guild_id: int,
        *,
        lead_times: str | None = None,
        toggle_moderator_role_id: int | None = None,
        announcement_role_id: int | None = None,
        clear_announcement_role: bool = False,
    ) -> GuildConfig:
        """Change a server's reminder settings (see `changed_config`) and save them."""
        config = changed_config(
            await self.store.guild_config(guild_id),
            lead_times=lead_times,
            toggle_moderator_role_id=toggle_moderator_role_id,
            announcement_role_id=announcement_role_id,
            clear_announcement_role=clear_announcement_role,
        )
        await self.store.save_guild_config(config)
        return config

    async def describe_config(self, guild_id: int) -> list[str]:
        return config_lines(await self.store.guild_config(guild_id), self.limits)

    # -- add -------------------------------------------------------------------------------------------------

    async def plan_add(self, request: AddRequest) -> AddPlan:
        """Check everything a moderator typed and the bot's own pin permission; nothing is saved yet."""
        title = clean_title(request.title, self.limits.max_title_chars)
        now = self.clock()
        deadline = parse_deadline(request.date_text, request.time_text, request.zone, now=now, horizon=self.horizon)
        config = await self.store.guild_config(request.guild_id)
        leads = parse_lead_times(request.lead_times or config.lead_times or self.limits.default_lead_times)
        mention_role_id = None
        if request.announce:
            mention_role_id = config.announcement_role_id or self.limits.announcement_role_id
            if mention_role_id is None:
                raise ReminderInputError(
                    "No announcement role is configured for reminders, so a reminder cannot ping anyone."
                )
        problem = await self.gateway.pin_problem(request.channel_id)
        if problem:
            raise ReminderActionError(problem)
        active = await self.store.list_for_guild(request.guild_id)
        if len(active) >= self.limits.max_active_per_guild:
            raise ReminderActionError(
                f"This server already has {len(active)} active reminders (the limit is "
                f"{self.limits.max_active_per_guild}); cancel one first."
            )
        alerts = tuple(plan_alerts(deadline.utc, leads, now, deadline.zone))
        return AddPlan(request, title, deadline, format_leads(leads), alerts, mention_role_id)

    async def confirm_add(self, plan: AddPlan) -> Reminder:
        """Save, post and pin; alerts are planned again from now, and a deadline passed meanwhile refused."""
        request = plan.request
        now = self.clock()
        if plan.deadline.utc <= now:
            raise ReminderInputError("The deadline passed while waiting for confirmation; nothing was saved.")
        problem = await self.gateway.pin_problem(request.channel_id)
        if problem:
            raise ReminderActionError(problem)
        alerts = plan_alerts(plan.deadline.utc, parse_lead_times(plan.lead_times), now, plan.deadline.zone)
        new = NewReminder(
            guild_id=request.guild_id,
            channel_id=request.channel_id,
            title=plan.title,
            deadline=plan.deadline.utc,
            zone=plan.deadline.zone,
            date_only=plan.deadline.date_only,
            lead_times=plan.lead_times,
            created_by=request.moderator_id,
            mention_role_id=plan.mention_role_id,
            source=request.source,
        )
        try:
            reminder = await self.store.create_reminder(
                new, alerts, now=now, max_active=self.limits.max_active_per_guild
            )
        except LimitError as error:
            raise ReminderInputError(str(error)) from None
        try:
            message_id = await self.gateway.post_pinned(reminder)
        except Exception as error:
            # Saved but not posted: disable it (kept on record, shown by /remind list) rather than delete it.
            reason = f"could not post and pin the reminder: {error}"
            await self.store.disable(reminder.id, reason, now=now)
            log.warning("reminder %s: %s", reminder.id, reason)
            raise ReminderActionError(f"I couldn't post and pin the reminder: {error}") from error
        await self.store.set_pinned_message(reminder.id, message_id, now=now)
        self.on_change()
        return replace(reminder, pinned_message_id=message_id)

    # -- list, edit, cancel ----------------------------------------------------------------------------------

    async def list(self, guild_id: int, *, include_ended: bool = False) -> list[Reminder]:
        statuses = ("active", "closed", "cancelled", "disabled") if include_ended else ("active",)
        return await self.store.list_for_guild(guild_id, statuses)

    async def active_reminder(self, guild_id: int, reminder_id: int) -> Reminder:
        reminder = await self.store.get(reminder_id)
        if reminder is None or reminder.guild_id != guild_id:
            raise ReminderActionError(f"There is no reminder #{reminder_id} in this server.")
        if reminder.status != ACTIVE:
            raise ReminderActionError(f"Reminder #{reminder_id} is already {reminder.status}.")
        return reminder

    async def plan_edit(
        self,
        guild_id: int,
        reminder_id: int,
        *,
        title: str | None = None,
        date_text: str | None = None,
        time_text: str | None = None,
        zone: str | None = None,
        lead_times: str | None = None,
    ) -> EditPlan:
        reminder = await self.active_reminder(guild_id, reminder_id)
        if not any((title, date_text, time_text, zone, lead_times)):
            raise ReminderInputError("Say what to change: a title, a date (with a time and zone), or lead times.")
        new_title = clean_title(title, self.limits.max_title_chars) if title else None
        now = self.clock()
        deadline = None
        if date_text or time_text or zone:
            if not date_text:
                raise ReminderInputError("To move the deadline give the date too (a time and zone are optional).")
            deadline = parse_deadline(date_text, time_text, zone or reminder.zone, now=now, horizon=self.horizon)
        leads_text = format_leads(parse_lead_times(lead_times)) if lead_times else None
        return EditPlan(reminder, new_title, deadline, leads_text)

    async def confirm_edit(self, plan: EditPlan) -> Reminder:
        now = self.clock()
        reminder = await self.active_reminder(plan.reminder.guild_id, plan.reminder.id)
        if plan.title is not None:
            await self.store.update_title(reminder.id, plan.title, now=now)
        if plan.deadline is not None or plan.lead_times is not None:
            deadline = plan.deadline
            target = deadline.utc if deadline else reminder.deadline
            if target <= now:
                raise ReminderInputError("That deadline passed while waiting for confirmation; nothing changed.")
            zone = deadline.zone if deadline else reminder.zone
            leads = plan.lead_times or reminder.lead_times
            alerts = plan_alerts(target, parse_lead_times(leads), now, zone)
            await self.store.reschedule(
                reminder.id,
                deadline=target,
                zone=zone,
                date_only=deadline.date_only if deadline else reminder.date_only,
                lead_times=leads,
                alerts=alerts,
                now=now,
            )
        updated = await self.store.get(reminder.id)
        try:
            await self.gateway.edit_pinned(updated, OPEN)
        except TargetGone as gone:
            log.info("reminder %s: pinned message not updated: %s", reminder.id, gone)
        self.on_change()
        return updated

    async def cancel(self, guild_id: int, reminder_id: int, moderator_id: int) -> Reminder:
        """Cancel, once confirmed: pending alerts end; the pinned card says so and is unpinned."""
        reminder = await self.active_reminder(guild_id, reminder_id)
        if not await self.store.cancel(reminder.id, by=moderator_id, now=self.clock()):
            raise ReminderActionError(f"Reminder #{reminder_id} was no longer active.")
        cancelled = await self.store.get(reminder.id)
        try:
            await self.gateway.edit_pinned(cancelled, CANCELLED)
            await self.gateway.unpin(cancelled)
        except TargetGone as gone:
            log.info("reminder %s cancelled; its pinned message is gone: %s", reminder.id, gone)
        self.on_change()
        return cancelled

    # -- after a reindex -------------------------------------------------------------------------------------

    def check_sources(self, kb: KnowledgeSource) -> asyncio.Task | None:
        """Subscribed to the knowledge base's swaps: flag, in the background, the reminders whose source sentence
        the new index changed or removed."""
        if not kb.chunks:  # no passages to compare with: flagging every reminder would be wrong
            return None
        return start(self.flag_changed_sources(list(kb.chunks)), "checking reminder sources after a reindex failed")

    async def flag_changed_sources(self, chunks: Sequence[Chunk]) -> list[Reminder]:
        """Flag active reminders whose source sentence a reindex changed or removed; tell their moderators."""
        flagged = []
        for reminder in changed_sources(await self.store.active(), chunks):
            await self.store.flag(reminder.id, SOURCE_CHANGED, now=self.clock())
            flagged.append(reminder)
            text = (
                f"Your reminder #{reminder.id} “{reminder.title}” may be out of date: {SOURCE_CHANGED}. "
                "Check the deadline and use /remind edit or /remind cancel."
            )
            try:
                await self.gateway.notify_moderator(reminder, text)
            except Exception as error:  # the flag stays on the reminder and shows in /remind list
                log.warning("could not notify the moderator of reminder %s: %s", reminder.id, error)
        return flagged
