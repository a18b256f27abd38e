"""/remind add|list|edit|cancel|settings: moderators' deadline reminders, posted and pinned in a channel.

Every change is shown first and made only once the moderator confirms (`Confirmation`); the plan is checked
again then (time has passed, permissions may have changed). The access check runs first, so the handlers
always have `ctx.services.reminders`.
"""

from __future__ import annotations

from bot.commands.access import moderators_only
from bot.commands.spec import Command, Confirmation, Context, Group, Option, Reply, RoleRef, notice
from bot.features.reminders import suggestions
from bot.features.reminders.confirmations import AddRequest
from bot.features.reminders.deadline_choices import pick_deadline
from bot.features.reminders.messages import reminder_list_card
from bot.features.reminders.parsing import TITLE_LIMIT, ReminderInputError

MODERATOR_REFUSAL = (
    "Only moderators can manage reminders: you need the Manage Messages or Pin Messages permission here, "
    "or a moderator role configured for reminders."
)
TEXT_LIMIT = 100  # dates, times, zones and lead times are short; longer input is a mistake


def _unavailable(ctx: Context) -> str | None:
    if ctx.services.reminders is None:
        return "Reminders are not available here."
    return "Reminders work in a server, not in direct messages." if ctx.caller.guild_id is None else None


MODERATORS = moderators_only(MODERATOR_REFUSAL, _unavailable)


# -- handlers -------------------------------------------------------------------------------------------------


async def add(
    ctx: Context,
    channel: int,
    zone: str,
    deadline: str | None = None,
    date: str | None = None,
    time: str | None = None,
    title: str | None = None,
    leads: str | None = None,
    announce: bool = False,
) -> Confirmation:
    service = ctx.services.reminders
    source = None
    if deadline:
        choice = pick_deadline(ctx.services.knowledge.current.deadlines, service.clock(), deadline)
        title, date, source = title or choice.title, date or choice.day.isoformat(), choice.source
    if not date:
        raise ReminderInputError("Give a date (YYYY-MM-DD) or pick an extracted deadline.")
    request = AddRequest(
        guild_id=ctx.caller.guild_id,
        channel_id=channel,
        moderator_id=ctx.caller.user_id or 0,
        title=title or "",
        date_text=date,
        time_text=time,
        zone=zone,
        lead_times=leads,
        announce=announce,
        source=source,
    )
    plan = await service.plan_add(request)

    async def save() -> str:
        reminder = await service.confirm_add(plan)
        link = service.gateway.message_url(reminder)
        where = service.gateway.channel_label(reminder.channel_id) + (f" ({link})" if link else "")
        return f"Saved reminder #{reminder.id}: posted and pinned in {where}."

    lines = plan.summary(service.gateway.channel_label(channel), ctx.style.escape)
    return Confirmation("\n".join([*lines, "", "Save this reminder?"]), "save it", save)


async def list_reminders(ctx: Context, include_ended: bool = False) -> Reply:
    reminders = await ctx.services.reminders.list(ctx.caller.guild_id, include_ended=include_ended)
    return Reply(card=reminder_list_card(reminders, ctx.style, include_ended=include_ended), private=True)


async def edit(
    ctx: Context,
    reminder: int,
    title: str | None = None,
    date: str | None = None,
    time: str | None = None,
    zone: str | None = None,
    leads: str | None = None,
) -> Confirmation:
    service = ctx.services.reminders
    plan = await service.plan_edit(
        ctx.caller.guild_id, reminder, title=title, date_text=date, time_text=time, zone=zone, lead_times=leads
    )

    async def apply() -> str:
        return f"Updated reminder #{(await service.confirm_edit(plan)).id}."

    return Confirmation("\n".join([*plan.summary(ctx.style.escape), "", "Apply these changes?"]), "apply it", apply)


async def cancel(ctx: Context, reminder: int) -> Confirmation:
    service = ctx.services.reminders
    target = await service.active_reminder(ctx.caller.guild_id, reminder)
    moderator_id = ctx.caller.user_id or 0

    async def cancel_it() -> str:
        cancelled = await service.cancel(target.guild_id, target.id, moderator_id)
        return f"Cancelled reminder #{cancelled.id}; its pinned message is marked cancelled and unpinned."

    title = ctx.style.escape(target.title)
    preview = f"Cancel reminder #{target.id} “{title}”? Its remaining alerts will not be sent."
    return Confirmation(preview, "cancel it", cancel_it)


async def settings(
    ctx: Context,
    leads: str | None = None,
    moderator_role: RoleRef | None = None,
    announcement_role: RoleRef | None = None,
    clear_announcement_role: bool = False,
) -> Reply:
    service = ctx.services.reminders
    guild_id = ctx.caller.guild_id
    changing = any((leads, moderator_role, announcement_role, clear_announcement_role))
    if changing and not ctx.caller.rights.manage_guild:
        return notice("Changing reminder settings needs the Manage Server permission.")
    if announcement_role is not None and not announcement_role.assignable:
        return notice("Choose a regular role: @everyone and bot-managed roles cannot be announcement roles.")
    if changing:
        await service.configure(
            guild_id,
            lead_times=leads,
            toggle_moderator_role_id=moderator_role.id if moderator_role else None,
            announcement_role_id=announcement_role.id if announcement_role else None,
            clear_announcement_role=clear_announcement_role,
        )
    return notice("\n".join(await service.describe_config(guild_id)))


async def show_channel(ctx: Context, channel: int) -> Reply:
    server = ctx.services.reminders.gateway  # the console's simulated server
    shown = [("[pinned] " if m.pinned else "") + m.text for m in server.messages(channel)]
    return notice("\n\n".join(shown) or f"{server.channel_label(channel)} is empty.")


def _text(name: str, description: str, **options) -> Option:
    return Option(name, description, max_length=TEXT_LIMIT, **options)


_ZONE = "Time zone of the date, an IANA name such as Europe/Paris"
_TIME = "The deadline's time, HH:MM (24-hour); add -04:00 style offsets to pick a side of a DST change"
_REMINDER = {"kind": "integer", "required": True, "min_value": 1, "autocomplete": suggestions.reminders}
_FLAG = {"kind": "boolean", "default": False}

REMIND = Group(
    name="remind",
    description="Deadline reminders posted and pinned in a channel (moderators)",
    guild_only=True,
    shown_to=("manage_messages",),
    commands=(
        Command(
            name="add",
            description="Remind a channel of a deadline: posted, pinned, then alerts before it",
            run=add,
            options=(
                Option("channel", "Where to post and pin the reminder", kind="channel", required=True),
                _text("zone", _ZONE, required=True, autocomplete=suggestions.zones),
                _text(
                    "deadline",
                    "An extracted deadline from the sources (fills the title and date)",
                    autocomplete=suggestions.deadlines,
                ),
                _text("date", "The deadline's date, YYYY-MM-DD (alone: the end of that day)"),
                _text("time", _TIME),
                Option("title", "What is due (default: the extracted deadline's description)", max_length=TITLE_LIMIT),
                _text("leads", "When to remind before it, e.g. 7d,1d,1h (default: the server's)"),
                Option("announce", "Ping the configured announcement role with each reminder", **_FLAG),
            ),
            access=MODERATORS,
            confirms=True,
            details="A date alone means the end of that day; the parsed date is shown for confirmation first.",
        ),
        Command(
            name="list",
            description="This server's reminders",
            run=list_reminders,
            options=(Option("include_ended", "Also show closed, cancelled and disabled reminders", **_FLAG),),
            access=MODERATORS,
        ),
        Command(
            name="edit",
            description="Change a reminder's title, deadline or lead times",
            run=edit,
            options=(
                Option("reminder", "The reminder to change", **_REMINDER),
                Option("title", "New title", max_length=TITLE_LIMIT),
                _text("date", "New date, YYYY-MM-DD"),
                _text("time", "New time, HH:MM"),
                _text("zone", "New time zone (default: the reminder's)", autocomplete=suggestions.zones),
                _text("leads", "New lead times, e.g. 3d,1h"),
            ),
            access=MODERATORS,
            confirms=True,
        ),
        Command(
            name="cancel",
            description="Cancel a reminder: no more alerts; the pinned card is marked",
            run=cancel,
            options=(Option("reminder", "The reminder to cancel", **_REMINDER),),
            access=MODERATORS,
            confirms=True,
        ),
        Command(
            name="settings",
            description="This server's reminder settings (Manage Server to change)",
            run=settings,
            options=(
                _text("leads", "Default lead times for new reminders, e.g. 7d,1d,1h; 'default' for the bot's"),
                Option(
                    "moderator_role", "A role that may manage reminders (choose it again to remove it)", kind="role"
                ),
                Option("announcement_role", "The one role reminders may ping when their moderator asks", kind="role"),
                Option("clear_announcement_role", "Remove the announcement role: reminders ping nobody", **_FLAG),
            ),
            access=MODERATORS,
        ),
        Command(
            name="channel",
            description="What the bot posted in a channel of the simulated server",
            run=show_channel,
            options=(Option("channel", "The channel to show", kind="channel", required=True),),
            front_ends=frozenset({"console"}),
        ),
    ),
)
