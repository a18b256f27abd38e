"""Extracted deadlines (index/deadlines/) as ready-made reminders: for /remind add's autocomplete."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from bot.features.reminders.parsing import ReminderInputError
from bot.storage.reminder_records import ReminderSource
from index.deadlines.records import DeadlineRecord

CHOICE_NAME_LIMIT = 100  # Discord's limit for an autocomplete choice's name


@dataclass(frozen=True)
class DeadlineChoice:
    record_id: str
    label: str  # what the autocomplete list shows
    title: str  # the reminder's title
    day: date  # the deadline day (the last day of the month for "September 2024")
    source: ReminderSource
    kind: str  # "deadline" or "milestone"


def _next_occurrence(month: int, day: int, today: date) -> date | None:
    for year in (today.year, today.year + 1, today.year + 2):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February
            continue
        if candidate >= today:
            return candidate
    return None


def choice_from_record(record: DeadlineRecord, today: date) -> DeadlineChoice | None:
    """A reminder for a record dated to the day or the month, if not over; None for years and decades.

    A day whose year the source does not state ("until December 31") is offered at its next occurrence and
    labelled so: the moderator sees the full date in the confirmation before anything is saved.
    """
    mention = record.date
    if mention.month is None or mention.precision not in ("day", "month"):
        return None
    what = record.what[:1].upper() + record.what[1:]
    label = f"{mention.label}: {what}"
    if mention.year is None:
        if mention.precision != "day" or mention.day is None:
            return None
        day = _next_occurrence(mention.month, mention.day, today)
        if day is None:
            return None
        label = f"{mention.label} (year not stated; next is {day.year}): {what}"
    elif mention.precision == "day" and mention.day is not None:
        day = date(mention.year, mention.month, mention.day)
    else:
        day = date(mention.year, mention.month, calendar.monthrange(mention.year, mention.month)[1])
    if day < today:
        return None
    if len(label) > CHOICE_NAME_LIMIT:
        label = label[: CHOICE_NAME_LIMIT - 1] + "…"
    source = ReminderSource(title=record.title, url=record.url, chunk_id=record.chunk_id, quote=record.quote)
    return DeadlineChoice(record.id, label, what, day, source, record.kind)


def deadline_choices(
    records: Iterable[DeadlineRecord], now: datetime, query: str = "", limit: int = 25
) -> list[DeadlineChoice]:
    """Extracted deadlines not yet over, then milestones, matching `query` (any case), soonest first."""
    needle = query.strip().casefold()
    today = now.date()
    choices = [choice for record in records if (choice := choice_from_record(record, today)) is not None]
    choices.sort(key=lambda choice: (choice.kind != "deadline", choice.day))
    matching = [choice for choice in choices if not needle or needle in choice.label.casefold()]
    return matching[:limit]


def find_choice(records: Iterable[DeadlineRecord], now: datetime, record_id: str) -> DeadlineChoice | None:
    """The choice for an autocomplete value (a record id)."""
    today = now.date()
    for record in records:
        if record.id == record_id:
            return choice_from_record(record, today)
    return None


def pick_deadline(records: Iterable[DeadlineRecord], now: datetime, wanted: str) -> DeadlineChoice:
    """The choice for an autocomplete value (a record id), or else the first whose label contains `wanted`."""
    choice = find_choice(records, now, wanted)
    matches = [choice] if choice is not None else deadline_choices(records, now, wanted, limit=1)
    if not matches:
        raise ReminderInputError(
            f"No upcoming extracted deadline matches {wanted[:80]!r}: pick one from the list (see /deadlines), "
            "or give a title and date."
        )
    return matches[0]
