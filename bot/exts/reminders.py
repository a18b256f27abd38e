"""/remind add|list|edit|cancel: moderators' deadline reminders, posted and pinned; and the alert loop.

The logic lives in bot/reminders/ (service, scheduler, store); this extension is the Discord glue: the
commands with their confirmation buttons and autocompletes, the permission checks made when a command runs,
and `DiscordReminderGateway`, which posts, pins, edits and looks up messages for the service and scheduler.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.reminders.deadline_choices import current_deadlines, deadline_choices, find_choice
from bot.reminders.messages import CLOSED, alert_card, alert_marker, jump_url, pinned_card, reminder_list_card
from bot.reminders.parsing import ReminderInputError, zone_suggestions
from bot.reminders.permissions import (
    MODERATOR_REFUSAL,
    is_moderator,
    missing_bot_permissions,
    pin_problem_text,
)
from bot.reminders.scheduler import ChannelGone, MessageGone, ReminderScheduler
from bot.reminders.service import AddRequest, ReminderService, SourceWatcher, limits_from_settings
from bot.reminders.store import Alert, Reminder, ReminderStore
from bot.rendering import DISCORD_STYLE, to_embed
from index.deadlines import DeadlineRecord

if TYPE_CHECKING:
    from bot.client import IlrsBot

log = logging.getLogger(__name__)

CONFIRM_TIMEOUT_SECONDS = 180.0
HISTORY_LOOKBACK = 50  # messages searched for an alert posted before a crash


def utc_now() -> datetime:
    return datetime.now(UTC)


class DiscordReminderGateway:
    """Posts, pins and edits reminder messages; raises ChannelGone / MessageGone for vanished targets."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except (discord.NotFound, discord.Forbidden) as error:
                raise ChannelGone(f"channel {channel_id}: {error.text or error}") from error
        return channel

    async def _pinned_message(self, reminder: Reminder) -> discord.Message:
        channel = await self._channel(reminder.channel_id)
        if reminder.pinned_message_id is None:
            raise MessageGone("no pinned message was recorded")
        try:
            return await channel.fetch_message(reminder.pinned_message_id)
        except discord.NotFound as error:
            raise MessageGone(f"message {reminder.pinned_message_id} was deleted") from error
        except discord.Forbidden as error:
            raise ChannelGone(f"no access to channel {reminder.channel_id} any more") from error

    async def pin_problem(self, channel_id: int) -> str | None:
        channel = self.bot.get_channel(channel_id)
        guild = getattr(channel, "guild", None)
        if channel is None or guild is None or guild.me is None:
            return f"I can't see <#{channel_id}>; choose a text channel of this server that I can read."
        missing = missing_bot_permissions(channel.permissions_for(guild.me))
        return pin_problem_text(f"<#{channel_id}>", missing)

    async def post_pinned(self, reminder: Reminder) -> int:
        channel = await self._channel(reminder.channel_id)
        embed = to_embed(pinned_card(reminder, DISCORD_STYLE))
        message = await channel.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
        try:
            await message.pin(reason=f"Deadline reminder #{reminder.id}")
        except discord.HTTPException:
            with contextlib.suppress(discord.HTTPException):
                await message.delete()  # an unpinned reminder card would mislead; the error is reported
            raise
        return message.id

    async def edit_pinned(self, reminder: Reminder, state: str) -> None:
        message = await self._pinned_message(reminder)
        await message.edit(embed=to_embed(pinned_card(reminder, DISCORD_STYLE, state=state)))

    def channel_label(self, channel_id: int) -> str:
        return f"<#{channel_id}>"

    async def send_alert(self, reminder: Reminder, alert: Alert, nonce: str, *, late: bool) -> int:
        await self._pinned_message(reminder)  # a deleted pin disables the reminder rather than orphan alerts
        channel = await self._channel(reminder.channel_id)
        role_id = reminder.mention_role_id
        # Only the configured announcement role can ever be pinged: never @everyone, @here or users.
        mentions = discord.AllowedMentions(
            everyone=False, users=False, roles=[discord.Object(id=role_id)] if role_id else False
        )
        message = await channel.send(
            content=f"<@&{role_id}>" if role_id else None,
            embed=to_embed(alert_card(reminder, alert, DISCORD_STYLE, late=late)),
            nonce=nonce,  # discord.py sets enforce_nonce: a re-send within minutes is de-duplicated
            allowed_mentions=mentions,
        )
        return message.id

    async def find_sent(self, reminder: Reminder, alert: Alert) -> int | None:
        channel = await self._channel(reminder.channel_id)
        me = self.bot.user
        marker = alert_marker(reminder.id, alert.id)
        after = (alert.claimed_at or alert.due_at) - timedelta(minutes=1)
        try:
            async for message in channel.history(limit=HISTORY_LOOKBACK, after=after):
                mine = me is not None and message.author.id == me.id
                if mine and any(embed.footer.text == marker for embed in message.embeds):
                    return message.id
        except discord.Forbidden as error:
            raise ChannelGone(f"cannot read channel {reminder.channel_id} any more") from error
        return None

    async def edit_closed(self, reminder: Reminder) -> None:
        await self.edit_pinned(reminder, CLOSED)

    async def unpin(self, reminder: Reminder) -> None:
        message = await self._pinned_message(reminder)
        if message.pinned:
            await message.unpin(reason=f"Deadline reminder #{reminder.id} ended")

    async def notify_moderator(self, reminder: Reminder, text: str) -> None:
        user = self.bot.get_user(reminder.created_by) or await self.bot.fetch_user(reminder.created_by)
        await user.send(text, allowed_mentions=discord.AllowedMentions.none())


class ConfirmView(discord.ui.View):
    """Confirm / Discard buttons that only the moderator who ran the command can press."""

    def __init__(
        self,
        owner_id: int,
        on_confirm: Callable[[], Awaitable[str]],
        *,
        timeout: float = CONFIRM_TIMEOUT_SECONDS,
    ) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.on_confirm = on_confirm
        self.origin: discord.Interaction | None = None  # the command's interaction, to expire the question

    async def on_timeout(self) -> None:
        if self.origin is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.origin.edit_original_response(content="No answer in time; nothing was changed.", view=None)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(
                "Only the moderator who ran the command can answer.", ephemeral=True
            )
            return False
        return True

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.defer()
        try:
            outcome = await self.on_confirm()
        except ReminderInputError as error:
            outcome = str(error)
        except Exception:
            log.exception("confirming a reminder action failed")
            outcome = "Sorry, that failed; it has been logged. Check /remind list before trying again."
        await interaction.edit_original_response(content=outcome, view=None)

    @discord.ui.button(label="Discard", style=discord.ButtonStyle.secondary)
    async def discard(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.stop()
        await interaction.response.edit_message(content="Discarded; nothing was changed.", view=None)


class Reminders(commands.Cog):
    remind = app_commands.Group(
        name="remind",
        description="Deadline reminders posted and pinned in a channel (moderators)",
        guild_only=True,
        # Visibility only: the moderator check is made again when a command runs.
        default_permissions=discord.Permissions(manage_messages=True),
    )

    def __init__(
        self,
        bot: IlrsBot,
        service: ReminderService,
        scheduler: ReminderScheduler,
        *,
        deadlines: Callable[[], Sequence[DeadlineRecord]],
        clock: Callable[[], datetime] = utc_now,
        source_watcher: SourceWatcher | None = None,  # flags reminders whose source a reindex changed
    ) -> None:
        self.bot = bot
        self.service = service
        self.scheduler = scheduler
        self.deadlines = deadlines
        self.clock = clock
        self.source_watcher = source_watcher
        self._tasks: list[asyncio.Task] = []

    async def cog_load(self) -> None:
        self._tasks.append(asyncio.create_task(self._run_scheduler(), name="reminder-scheduler"))
        if self.source_watcher is not None:
            self._tasks.append(asyncio.create_task(self.source_watcher.run_forever(), name="reminder-sources"))

    async def cog_unload(self) -> None:
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()

    async def _run_scheduler(self) -> None:
        await self.bot.wait_until_ready()
        await self.scheduler.run_forever()

    # -- checks ----------------------------------------------------------------------------------------------

    async def _refuse_non_moderator(self, interaction: discord.Interaction) -> bool:
        """True (after telling the user) when the user may not manage reminders here."""
        if interaction.guild_id is None:
            await interaction.response.send_message(
                "Reminders work in a server, not in direct messages.", ephemeral=True
            )
            return True
        roles = [role.id for role in getattr(interaction.user, "roles", ())]
        configured = await self.service.moderator_role_ids(interaction.guild_id)
        if is_moderator(interaction.permissions, roles, configured):
            return False
        await interaction.response.send_message(MODERATOR_REFUSAL, ephemeral=True)
        return True

    async def _ask_confirmation(
        self, interaction: discord.Interaction, lines: Sequence[str], on_confirm: Callable[[], Awaitable[str]]
    ) -> None:
        view = ConfirmView(interaction.user.id, on_confirm)
        await interaction.response.send_message(
            "\n".join(lines), view=view, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )
        view.origin = interaction

    async def _error(self, interaction: discord.Interaction, error: ReminderInputError) -> None:
        await interaction.response.send_message(str(error), ephemeral=True)

    # -- commands --------------------------------------------------------------------------------------------

    @remind.command(name="add", description="Remind a channel of a deadline: posted, pinned, then alerts before it")
    @app_commands.describe(
        channel="Where to post and pin the reminder",
        zone="Time zone of the date, an IANA name such as Europe/Paris",
        deadline="An extracted deadline from the sources (fills the title and date)",
        date="The deadline's date, YYYY-MM-DD (alone: the end of that day)",
        time="The deadline's time, HH:MM (24-hour); add -04:00 style offsets to pick a side of a DST change",
        title="What is due (default: the extracted deadline's description)",
        leads="When to remind before it, e.g. 7d,1d,1h (default: the server's)",
        announce="Ping the configured announcement role with each reminder",
    )
    async def add(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        zone: str,
        deadline: str | None = None,
        date: str | None = None,
        time: str | None = None,
        title: str | None = None,
        leads: str | None = None,
        announce: bool = False,
    ) -> None:
        if await self._refuse_non_moderator(interaction):
            return
        try:
            source = None
            if deadline:
                choice = find_choice(self.deadlines(), self.clock(), deadline)
                if choice is None:
                    raise ReminderInputError("Pick an extracted deadline from the list (or give a title and date).")
                title, date, source = title or choice.title, date or choice.day.isoformat(), choice.source
            if not date:
                raise ReminderInputError("Give a date (YYYY-MM-DD) or pick an extracted deadline.")
            request = AddRequest(
                guild_id=interaction.guild_id,
                channel_id=channel.id,
                moderator_id=interaction.user.id,
                title=title or "",
                date_text=date,
                time_text=time,
                zone=zone,
                lead_times=leads,
                announce=announce,
                source=source,
            )
            plan = await self.service.plan_add(request)
        except ReminderInputError as error:
            await self._error(interaction, error)
            return

        async def save() -> str:
            reminder = await self.service.confirm_add(plan)
            link = jump_url(reminder.guild_id, reminder.channel_id, reminder.pinned_message_id)
            return f"Saved reminder #{reminder.id}: posted and pinned in <#{reminder.channel_id}> ({link})."

        lines = [*plan.summary(f"<#{channel.id}>"), "", "Save this reminder?"]
        await self._ask_confirmation(interaction, lines, save)

    @remind.command(name="list", description="This server's reminders")
    @app_commands.describe(include_ended="Also show closed, cancelled and disabled reminders")
    async def list_(self, interaction: discord.Interaction, include_ended: bool = False) -> None:
        if await self._refuse_non_moderator(interaction):
            return
        reminders = await self.service.list(interaction.guild_id, include_ended=include_ended)
        card = reminder_list_card(reminders, DISCORD_STYLE, include_ended=include_ended)
        await interaction.response.send_message(embed=to_embed(card), ephemeral=True)

    @remind.command(name="edit", description="Change a reminder's title, deadline or lead times")
    @app_commands.describe(
        reminder="The reminder to change",
        title="New title",
        date="New date, YYYY-MM-DD",
        time="New time, HH:MM",
        zone="New time zone (default: the reminder's)",
        leads="New lead times, e.g. 3d,1h",
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        reminder: int,
        title: str | None = None,
        date: str | None = None,
        time: str | None = None,
        zone: str | None = None,
        leads: str | None = None,
    ) -> None:
        if await self._refuse_non_moderator(interaction):
            return
        try:
            plan = await self.service.plan_edit(
                interaction.guild_id,
                reminder,
                title=title,
                date_text=date,
                time_text=time,
                zone=zone,
                lead_times=leads,
            )
        except ReminderInputError as error:
            await self._error(interaction, error)
            return

        async def apply() -> str:
            updated = await self.service.confirm_edit(plan)
            return f"Updated reminder #{updated.id}."

        await self._ask_confirmation(interaction, [*plan.summary(), "", "Apply these changes?"], apply)

    @remind.command(name="cancel", description="Cancel a reminder: no more alerts; the pinned card is marked")
    @app_commands.describe(reminder="The reminder to cancel")
    async def cancel(self, interaction: discord.Interaction, reminder: int) -> None:
        if await self._refuse_non_moderator(interaction):
            return
        try:
            target = await self.service.active_reminder(interaction.guild_id, reminder)
        except ReminderInputError as error:
            await self._error(interaction, error)
            return
        moderator_id = interaction.user.id

        async def cancel_it() -> str:
            cancelled = await self.service.cancel(target.guild_id, target.id, moderator_id)
            return f"Cancelled reminder #{cancelled.id}; its pinned message is marked cancelled and unpinned."

        lines = [f"Cancel reminder #{target.id} “{target.title}”? Its remaining alerts will not be sent."]
        await self._ask_confirmation(interaction, lines, cancel_it)

    @remind.command(name="settings", description="This server's reminder settings (Manage Server to change)")
    @app_commands.describe(
        leads="Default lead times for new reminders, e.g. 7d,1d,1h; 'default' for the bot's",
        moderator_role="A role that may manage reminders (choose it again to remove it)",
        announcement_role="The one role reminders may ping when their moderator asks",
        clear_announcement_role="Remove the announcement role: reminders ping nobody",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        leads: str | None = None,
        moderator_role: discord.Role | None = None,
        announcement_role: discord.Role | None = None,
        clear_announcement_role: bool = False,
    ) -> None:
        if await self._refuse_non_moderator(interaction):
            return
        changing = any((leads, moderator_role, announcement_role, clear_announcement_role))
        if changing and not interaction.permissions.manage_guild:
            await interaction.response.send_message(
                "Changing reminder settings needs the Manage Server permission.", ephemeral=True
            )
            return
        if announcement_role is not None and (announcement_role.is_default() or announcement_role.managed):
            await interaction.response.send_message(
                "Choose a regular role: @everyone and bot-managed roles cannot be announcement roles.", ephemeral=True
            )
            return
        try:
            if changing:
                await self.service.configure(
                    interaction.guild_id,
                    lead_times=leads,
                    toggle_moderator_role_id=moderator_role.id if moderator_role else None,
                    announcement_role_id=announcement_role.id if announcement_role else None,
                    clear_announcement_role=clear_announcement_role,
                )
        except ReminderInputError as error:
            await self._error(interaction, error)
            return
        lines = await self.service.describe_config(interaction.guild_id)
        await interaction.response.send_message(
            "\n".join(lines), ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    # -- autocomplete ----------------------------------------------------------------------------------------

    @add.autocomplete("zone")
    @edit.autocomplete("zone")
    async def _zone_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=zone, value=zone) for zone in zone_suggestions(current)]

    @add.autocomplete("deadline")
    async def _deadline_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        choices = deadline_choices(self.deadlines(), self.clock(), current)
        return [app_commands.Choice(name=choice.label, value=choice.record_id) for choice in choices]

    @edit.autocomplete("reminder")
    @cancel.autocomplete("reminder")
    async def _reminder_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None:
            return []
        reminders = await self.service.list(interaction.guild_id)
        needle = current.strip().lstrip("#").casefold()
        choices = []
        for reminder in reminders:
            name = f"#{reminder.id} {reminder.title}"[:100]
            if needle in name.casefold():
                choices.append(app_commands.Choice(name=name, value=reminder.id))
        return choices[:25]


async def setup(bot: IlrsBot) -> None:
    store = ReminderStore(bot.database)
    gateway = DiscordReminderGateway(bot)
    scheduler = ReminderScheduler(store, gateway, utc_now, grace=timedelta(hours=bot.settings.reminders_grace_hours))
    service = ReminderService(store, gateway, utc_now, limits_from_settings(bot.settings), on_change=scheduler.wake)
    cog = Reminders(
        bot,
        service,
        scheduler,
        deadlines=current_deadlines(bot.knowledge),
        source_watcher=SourceWatcher(service, bot.knowledge),
    )
    await bot.add_cog(cog)
