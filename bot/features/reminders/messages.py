"""What reminders look like: the pinned card, the alert cards, and the confirmation preview, as `Card`s."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.features.reminders.parsing import format_offset
from bot.features.reminders.plan import describe_lead, parse_lead_times
from bot.rendering.cards import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, TITLE_LIMIT, Card, CardField, trim_text
from bot.rendering.styles import DISCORD_STYLE, Style
from bot.storage.reminder_records import Alert, Reminder, ReminderSource

OPEN, CLOSED, CANCELLED, DISABLED = "open", "closed", "cancelled", "disabled"
_STATE_LABELS = {
    OPEN: "",
    CLOSED: "Closed: the deadline has passed. ",
    CANCELLED: "Cancelled by a moderator. ",
    DISABLED: "Disabled. ",
}


def jump_url(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def alert_marker(reminder_id: int, alert_id: int) -> str:
    """The footer of an alert message: how a restarted bot recognises an alert it already posted."""
    return f"Reminder #{reminder_id} · alert {alert_id}"


def format_local(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a %d %b %Y, %H:%M} {local.tzname()} ({format_offset(local.utcoffset())}, {zone})"


def deadline_text(deadline: datetime, zone: str, style: Style) -> str:
    """The deadline in the moderator's zone; on Discord also in each reader's own time, with a countdown."""
    text = format_local(deadline, zone)
    if style is DISCORD_STYLE:
        stamp = int(deadline.timestamp())
        text += f"\nYour time: <t:{stamp}:F> (<t:{stamp}:R>)"
    return text


def _source_field(source: ReminderSource | None, style: Style) -> tuple[CardField, ...]:
    if source is None:
        return ()
    label = style.escape(source.title or "source")
    value = style.link(label, source.url) if source.url else label
    if source.quote:
        value += f"\n“{style.escape(trim_text(source.quote, 700))}”"
    return (CardField("Source", trim_text(value, FIELD_VALUE_LIMIT)),)


def pinned_card(reminder: Reminder, style: Style, *, state: str = OPEN) -> Card:
    """The message pinned in the channel for the whole life of a reminder."""
    leads = ", ".join(describe_lead(lead) for lead in parse_lead_times(reminder.lead_times))
    status = _STATE_LABELS[state]
    if state == OPEN:
        status = f"Reminders {leads} before."
    description = f"**Deadline:** {deadline_text(reminder.deadline, reminder.zone, style)}\n{status}".strip()
    if style is not DISCORD_STYLE:
        description = description.replace("**", "")
    prefix = "" if state == OPEN else f"[{state}] "
    return Card(
        title=trim_text(prefix + style.escape(reminder.title), TITLE_LIMIT),
        description=trim_text(description, DESCRIPTION_LIMIT),
        fields=_source_field(reminder.source, style),
        footer=f"Reminder #{reminder.id} · set by a moderator",
        tone="info" if state == OPEN else "abstain",
    )


def alert_card(reminder: Reminder, alert: Alert, style: Style, *, late: bool, guild_id: int | None = None) -> Card:
    """A reminder posted `alert.lead` before the deadline, linking the pinned message and the source."""
    lines = []
    if late:
        lines.append("Sent late: the bot was offline when this reminder was due.")
    lines.append(f"Deadline: {deadline_text(reminder.deadline, reminder.zone, style)}")
    if reminder.pinned_message_id is not None:
        url = jump_url(guild_id or reminder.guild_id, reminder.channel_id, reminder.pinned_message_id)
        lines.append(style.link("Pinned reminder", url))
    return Card(
        title=trim_text(f"{describe_lead(alert.lead)} left: {style.escape(reminder.title)}", TITLE_LIMIT),
        description=trim_text("\n".join(lines), DESCRIPTION_LIMIT),
        fields=_source_field(reminder.source, style),
        footer=alert_marker(reminder.id, alert.id),
        tone="info",
    )


def reminder_list_card(reminders: Sequence[Reminder], style: Style, *, include_ended: bool = False) -> Card:
    """/remind list: one line per reminder with its id, deadline, channel and any problem."""
    if not reminders:
        what = "reminders" if include_ended else "active reminders"
        return Card(title="Reminders", description=f"No {what} in this server.", tone="info")
    lines = []
    for reminder in reminders:
        line = f"#{reminder.id} {style.escape(reminder.title)}: {format_local(reminder.deadline, reminder.zone)}"
        if style is DISCORD_STYLE:
            line += f", in <#{reminder.channel_id}>"
        if reminder.status != "active":
            line += f" [{reminder.status}{': ' + reminder.status_reason if reminder.status_reason else ''}]"
        if reminder.flag_reason:
            line += f" ⚠ {reminder.flag_reason}"
        lines.append(line)
    return Card(title="Reminders", description=trim_text("\n".join(lines), DESCRIPTION_LIMIT), tone="info")
