"""A /remind add or edit waiting for the moderator's confirmation, and the lines that describe it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.escaping import escape_plain
from bot.features.reminders.parsing import ParsedDeadline, ReminderInputError, describe_deadline
from bot.features.reminders.plan import CLOSE, PlannedAlert, describe_lead
from bot.storage.reminder_records import Reminder, ReminderSource


def clean_title(title: str, max_chars: int) -> str:
    """The title with its whitespace collapsed; ReminderInputError when it is empty or longer than `max_chars`."""
    cleaned = " ".join((title or "").split())
    if not cleaned:
        raise ReminderInputError("Give the reminder a title (or pick an extracted deadline).")
    if len(cleaned) > max_chars:
        raise ReminderInputError(f"The title is {len(cleaned)} characters long; the limit is {max_chars}.")
    return cleaned


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
