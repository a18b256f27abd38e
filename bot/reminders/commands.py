"""`/remind` in the console, on a simulated server: the same service, plans and confirmations as on Discord.

/remind add title="Letters of intent" date=2026-12-31 time=17:00 zone=Europe/Paris channel=announcements
/remind add deadline="December 31" zone=Asia/Shanghai        (an extracted deadline, matched by its label)
/remind list [all]      /remind edit 3 date=2027-01-15 leads=3d,1h      /remind cancel 3
/remind confirm         /remind abort                                  /remind channel announcements
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.command_layer import Command, CommandContext, Reply, register
from bot.reminders.deadline_choices import DeadlineChoice, deadline_choices
from bot.reminders.messages import reminder_list_card
from bot.reminders.parsing import ReminderInputError
from bot.reminders.service import AddPlan, AddRequest, EditPlan, ReminderService
from bot.reminders.simulated import SimulatedServer
from bot.rendering import card_to_text
from index.deadlines import DeadlineRecord

USAGE = (
    'Usage: /remind add title="…" date=YYYY-MM-DD [time=HH:MM] zone=Area/City [channel=name] '
    '[leads=7d,1d,1h] [announce=yes] | /remind add deadline="…" zone=… | /remind list [all] | '
    "/remind edit <id> [title=…] [date=… time=… zone=…] [leads=…] | /remind cancel <id> | /remind confirm | "
    "/remind abort | /remind channel <name> | /remind settings [leads=…] [moderator_role=<id>] "
    "[announcement_role=<id>|none]"
)
_YES = {"yes", "y", "true", "1", "on"}


@dataclass
class PendingCancel:
    reminder_id: int


@dataclass
class ConsoleReminders:
    """The console's reminder state: a service over a simulated server, and the plan awaiting confirmation."""

    service: ReminderService
    server: SimulatedServer
    moderator_id: int = 0
    default_channel_id: int | None = None
    deadlines: Callable[[], Sequence[DeadlineRecord]] = lambda: ()
    pending: AddPlan | EditPlan | PendingCancel | None = field(default=None)

    @property
    def guild_id(self) -> int:
        return self.server.guild_id


def _split(argument: str) -> tuple[list[str], dict[str, str]]:
    """Positional words and key=value options (quotes allowed around values)."""
    try:
        tokens = shlex.split(argument)
    except ValueError as error:
        raise ReminderInputError(f"Cannot read the command: {error}.") from None
    words, options = [], {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if sep and key.isidentifier():
            options[key.lower()] = value
        else:
            words.append(token)
    return words, options


def _reminder_id(words: list[str]) -> int:
    if len(words) < 2 or not words[1].lstrip("#").isdigit():
        raise ReminderInputError("Give the reminder's number, e.g. `/remind cancel 3` (see /remind list).")
    return int(words[1].lstrip("#"))


def _pick_deadline(session: ConsoleReminders, query: str, now: datetime) -> DeadlineChoice:
    choices = deadline_choices(session.deadlines(), now, query)
    if not choices:
        raise ReminderInputError(f"No upcoming extracted deadline matches {query!r}; see /deadlines.")
    return choices[0]


async def _add(session: ConsoleReminders, options: dict[str, str], now: datetime) -> AddPlan:
    title, date_text, source = options.get("title", ""), options.get("date", ""), None
    if options.get("deadline"):
        choice = _pick_deadline(session, options["deadline"], now)
        title = title or choice.title
        date_text = date_text or choice.day.isoformat()
        source = choice.source
    if not date_text:
        raise ReminderInputError('Give a date (date=YYYY-MM-DD) or an extracted deadline (deadline="…").')
    channel_id = session.default_channel_id
    if options.get("channel"):
        channel = session.server.find_channel(options["channel"])
        if channel is None:
            raise ReminderInputError(f"No channel {options['channel']!r} on the simulated server.")
        channel_id = channel.id
    if channel_id is None:
        raise ReminderInputError("Give a channel (channel=name).")
    if "zone" not in options:
        raise ReminderInputError("Give the time zone as an IANA name, e.g. zone=Europe/Paris.")
    request = AddRequest(
        guild_id=session.guild_id,
        channel_id=channel_id,
        moderator_id=session.moderator_id,
        title=title,
        date_text=date_text,
        time_text=options.get("time"),
        zone=options["zone"],
        lead_times=options.get("leads"),
        announce=options.get("announce", "").lower() in _YES,
        source=source,
    )
    return await session.service.plan_add(request)


async def _confirm(session: ConsoleReminders) -> str:
    pending, session.pending = session.pending, None
    service = session.service
    if isinstance(pending, AddPlan):
        reminder = await service.confirm_add(pending)
        where = service.gateway.channel_label(reminder.channel_id)
        return f"Saved reminder #{reminder.id}; posted and pinned in {where}."
    if isinstance(pending, EditPlan):
        reminder = await service.confirm_edit(pending)
        return f"Updated reminder #{reminder.id}."
    if isinstance(pending, PendingCancel):
        reminder = await service.cancel(session.guild_id, pending.reminder_id, session.moderator_id)
        return f"Cancelled reminder #{reminder.id}; its pinned message is marked cancelled and unpinned."
    return "Nothing is waiting for confirmation."


def _show_channel(session: ConsoleReminders, name: str) -> str:
    channel = session.server.find_channel(name)
    if channel is None:
        return "Channels: " + ", ".join(f"#{c.name}" for c in session.server.channels.values())
    shown = []
    for message in channel.messages:
        marker = "[pinned] " if message.pinned else ""
        ping = f"{message.content}\n" if message.content else ""
        shown.append(f"{marker}{ping}{card_to_text(message.card)}")
    return "\n\n".join(shown) or f"#{channel.name} is empty."


async def _settings(session: ConsoleReminders, options: dict[str, str]) -> str:
    def role_id(key: str) -> int | None:
        value = options.get(key, "").strip().lstrip("<@&").rstrip(">")
        if not value or value.lower() == "none":
            return None
        if not value.isdigit():
            raise ReminderInputError(f"{key} takes a role id (a number).")
        return int(value)

    if options:
        await session.service.configure(
            session.guild_id,
            lead_times=options.get("leads"),
            toggle_moderator_role_id=role_id("moderator_role"),
            announcement_role_id=role_id("announcement_role"),
            clear_announcement_role=options.get("announcement_role", "").lower() == "none",
        )
    return "\n".join(await session.service.describe_config(session.guild_id))


async def _dispatch(session: ConsoleReminders, words: list[str], options: dict[str, str]) -> str:
    service = session.service
    sub = words[0].lower() if words else ""
    if sub == "add":
        plan = await _add(session, options, service.clock())
        session.pending = plan
        summary = plan.summary(service.gateway.channel_label(plan.request.channel_id))
        return "\n".join([*summary, "Type /remind confirm to save it, /remind abort not to."])
    if sub == "list":
        include_ended = len(words) > 1 and words[1].lower() == "all"
        reminders = await service.list(session.guild_id, include_ended=include_ended)
        card = reminder_list_card(reminders, session.server.style, include_ended=include_ended)
        return card_to_text(card)
    if sub == "edit":
        edit = await service.plan_edit(
            session.guild_id,
            _reminder_id(words),
            title=options.get("title"),
            date_text=options.get("date"),
            time_text=options.get("time"),
            zone=options.get("zone"),
            lead_times=options.get("leads"),
        )
        session.pending = edit
        return "\n".join([*edit.summary(), "Type /remind confirm to apply it, /remind abort not to."])
    if sub == "cancel":
        reminder = await service.active_reminder(session.guild_id, _reminder_id(words))
        session.pending = PendingCancel(reminder.id)
        return f"Cancel reminder #{reminder.id} “{reminder.title}”? Type /remind confirm to cancel it."
    if sub == "confirm":
        return await _confirm(session)
    if sub == "abort":
        session.pending = None
        return "Discarded; nothing was changed."
    if sub == "settings":
        return await _settings(session, options)
    if sub == "channel":
        return _show_channel(session, words[1] if len(words) > 1 else "")
    return USAGE


async def run_remind(session: ConsoleReminders, argument: str) -> str:
    """One /remind line → the text to show. Input errors come back as text; nothing is lost on a bad line."""
    try:
        words, options = _split(argument)
        return await _dispatch(session, words, options)
    except ReminderInputError as error:
        return str(error)


async def handle_remind(ctx: CommandContext, argument: str) -> None:
    session: ConsoleReminders | None = ctx.services.reminders
    if session is None:
        await ctx.responder.send(Reply(text="Reminders are not available in this session.", private=True))
        return
    if not ctx.is_maintainer:
        await ctx.responder.send(Reply(text="Only moderators can manage reminders.", private=True))
        return
    await ctx.responder.send(Reply(text=await run_remind(session, argument), private=True))


register(
    Command(
        "remind",
        "/remind add|list|edit|cancel|confirm|abort|channel …",
        "Moderators: deadline reminders posted and pinned in a channel (a simulated one in the console).",
        handle_remind,
    )
)
