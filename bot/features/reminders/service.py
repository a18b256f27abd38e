"""The reminder commands' logic, shared by Discord and the console: plan → moderator confirms → commit.

Nothing is saved or posted until the moderator confirms a plan; a plan is re-checked at confirmation (time
has passed, permissions may have changed).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.background import start
from bot.escaping import escape_plain
from bot.features.reminders.messages import CANCELLED, OPEN
from bot.features.reminders.parsing import ParsedDeadline, ReminderInputError, describe_deadline, parse_deadline
from bot.features.reminders.plan import (
    CLOSE,
    PlannedAlert,
    describe_lead,
    format_leads,
    parse_lead_times,
    plan_alerts,
)
from bot.features.reminders.scheduler import AlertSender, TargetGone
from bot.features.reminders.sources import SOURCE_CHANGED, changed_sources
from bot.settings import ReminderSettings
from bot.storage.guild_settings import GuildConfig
from bot.storage.reminders import ACTIVE, LimitError, NewReminder, Reminder, ReminderRepository, ReminderSource
from index.schema import Chunk
from index.source import KnowledgeSource

log = logging.getLogger(__name__)


class ReminderActionError(ReminderInputError):
    """The reminder could not be posted, found or changed; the message says why."""


class ReminderGateway(AlertSender, Protocol):
    """The channel side of reminders: Discord (bot/discord/reminders.py) or the console's simulated server."""

    async def pin_problem(self, channel_id: int) -> str | None:
        """Why the bot cannot post and pin in the channel, or None when it can."""

    async def post_pinned(self, reminder: Reminder) -> int:
        """Post the reminder's card in its channel, pin it, return the message id."""

    async def edit_pinned(self, reminder: Reminder, state: str) -> None:
        """Re-render the pinned card (open, closed, cancelled, disabled)."""

    def channel_label(self, channel_id: int) -> str: ...

    def message_url(self, reminder: Reminder) -> str | None:
        """A link to the pinned message, where messages have links."""


@dataclass(frozen=True)
class AddRequest:
    guild_id: int
    channel_id: int
    moderator_id: int
    title: str
    date_text: str
    time_text: str | None
    zone: str
    lead_times: str | None = None  # None: the server's default, else the bot's
    announce: bool = False  # ping the configured announcement role
    source: ReminderSource | None = None


@dataclass(frozen=True)
class AddPlan:
    """A validated /remind add, waiting for the moderator's confirmation."""

    request: AddRequest
    title: str
    deadline: ParsedDeadline
    lead_times: str
    alerts: tuple[PlannedAlert, ...]
    mention_role_id: int | None

    def summary(self, channel_label: str, escape: Callable[[str], str] = escape_plain) -> list[str]:
        """The lines shown for confirmation; `escape` makes the moderator's and the document's text inert."""
        leads = [
            f"{describe_lead(alert.lead)} before ({alert.due_at:%Y-%m-%d %H:%M} UTC)"
            for alert in self.alerts
            if alert.kind != CLOSE
        ]
        lines = [
            f"Title: {escape(self.title)}",
            f"Deadline: {describe_deadline(self.deadline)}",
            f"Channel: {channel_label} (posted and pinned there)",
            "Reminders: " + ("; ".join(leads) if leads else "none: every lead time is already past"),
            "Pings: the announcement role" if self.mention_role_id else "Pings: nobody",
        ]
        if self.request.source is not None:
            source = self.request.source
            lines.append(f"Source: {escape(source.title)}: “{escape(source.quote)}”")
        return lines


@dataclass(frozen=True)
class EditPlan:
    reminder: Reminder
    title: str | None  # None: unchanged
    deadline: ParsedDeadline | None
    lead_times: str | None

    def summary(self, escape: Callable[[str], str] = escape_plain) -> list[str]:
        lines = [f"Reminder #{self.reminder.id}: {escape(self.reminder.title)}"]
        if self.title is not None:
            lines.append(f"New title: {escape(self.title)}")
        if self.deadline is not None:
            lines.append(f"New deadline: {describe_deadline(self.deadline)}")
        if self.lead_times is not None:
            lines.append(f"New lead times: {self.lead_times}")
        return lines


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
        """Change a server's reminder settings; lead_times "default" goes back to the bot's default."""
        config = await self.store.guild_config(guild_id)
        if lead_times is not None:
            reset = lead_times.strip().lower() == "default"
            config = replace(config, lead_times=None if reset else format_leads(parse_lead_times(lead_times)))
        if toggle_moderator_role_id is not None:
            roles = list(config.moderator_role_ids)
            if toggle_moderator_role_id in roles:
                roles.remove(toggle_moderator_role_id)
            else:
                roles.append(toggle_moderator_role_id)
            config = replace(config, moderator_role_ids=tuple(roles))
        if clear_announcement_role:
            config = replace(config, announcement_role_id=None)
        elif announcement_role_id is not None:
            config = replace(config, announcement_role_id=announcement_role_id)
        await self.store.save_guild_config(config)
        return config

    async def describe_config(self, guild_id: int) -> list[str]:
        config = await self.store.guild_config(guild_id)
        leads = config.lead_times or f"{self.limits.default_lead_times} (the bot's default)"
        roles = [*config.moderator_role_ids, *self.limits.moderator_role_ids]
        announcement = config.announcement_role_id or self.limits.announcement_role_id
        return [
            f"Lead times: {leads}",
            "Moderator roles (besides Manage/Pin Messages): "
            + (", ".join(f"<@&{role}>" for role in roles) if roles else "none"),
            "Announcement role: " + (f"<@&{announcement}>" if announcement else "none (reminders ping nobody)"),
            f"Limits: {self.limits.max_active_per_guild} active reminders, titles up to "
            f"{self.limits.max_title_chars} characters, deadlines up to {self.limits.horizon_days} days ahead",
        ]

    # -- add -------------------------------------------------------------------------------------------------

    def _clean_title(self, title: str) -> str:
        cleaned = " ".join((title or "").split())
        if not cleaned:
            raise ReminderInputError("Give the reminder a title (or pick an extracted deadline).")
        if len(cleaned) > self.limits.max_title_chars:
            raise ReminderInputError(
                f"The title is {len(cleaned)} characters long; the limit is {self.limits.max_title_chars}."
            )
        return cleaned

    async def plan_add(self, request: AddRequest) -> AddPlan:
        """Check everything a moderator typed and the bot's own pin permission; nothing is saved yet."""
        title = self._clean_title(request.title)
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
        new_title = self._clean_title(title) if title else None
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
