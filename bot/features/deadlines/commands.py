"""/deadlines: the dates the sources state, upcoming first, each quoted, with a timeline picture."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from bot.commands.spec import Attachment, Command, Context, Reply
from bot.rendering.cards import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, Card, CardField, trim_text
from bot.rendering.styles import Style
from index.deadlines.queries import past, undated, upcoming
from index.deadlines.records import DeadlineRecord
from index.timeline import render_timeline

log = logging.getLogger(__name__)

PAST_SHOWN = 3  # the most recent past items, for context


def _line(record: DeadlineRecord, now: datetime, style: Style) -> str:
    source = style.link(style.escape(record.title), record.url) if record.url else style.escape(record.title)
    quote = style.escape(trim_text(record.quote, 220))
    when = style.date(exact_day(record)) if exact_day(record) else ""
    return f"• {style.escape(record.describe(now))}{when}\n  “{quote}” ({source})"


def exact_day(record: DeadlineRecord) -> date | None:
    """The day a record names, when it names one with its year ("December 31, 2024", not "December 31")."""
    mention = record.date
    if mention.precision == "day" and mention.year and mention.month and mention.day:
        return date(mention.year, mention.month, mention.day)
    return None


def _field(name: str, records: Sequence[DeadlineRecord], now: datetime, style: Style) -> CardField | None:
    if not records:
        return None
    return CardField(name, trim_text("\n".join(_line(r, now, style) for r in records), FIELD_VALUE_LIMIT))


def render_deadlines(records: Iterable[DeadlineRecord], now: datetime, style: Style) -> Card:
    records = list(records)
    if not records:
        return Card(title="Deadlines and milestones", description="The indexed sources state no dates.", tone="info")
    coming = upcoming(records, now)
    open_deadlines = [r for r in coming if r.kind == "deadline"]
    fields = [
        _field("Upcoming", coming, now, style),
        _field("Year not stated in the source", undated(records), now, style),
        _field("Recently past", past(records, now)[-PAST_SHOWN:], now, style),
    ]
    summary = (
        f"Next deadline: {style.escape(open_deadlines[0].describe(now))}."
        if open_deadlines
        else "No upcoming deadline with a stated year; see below for dates whose year the source omits."
    )
    summary += " Moderators can turn a deadline into channel reminders with /remind add."
    return Card(
        title="Deadlines and milestones",
        description=trim_text(summary, DESCRIPTION_LIMIT),
        fields=tuple(field for field in fields if field is not None),
        footer=f"As of {now:%Y-%m-%d} UTC",
        tone="info",
    )


async def show_deadlines(ctx: Context) -> Reply:
    records = ctx.services.knowledge.current.deadlines
    now = ctx.services.now() or datetime.now(UTC)
    await ctx.acknowledge(private=False)  # drawing the timeline can take a second
    image = None
    if records:
        try:
            # matplotlib is slow and blocking: draw off the event loop.
            image = Attachment("timeline.png", await asyncio.to_thread(render_timeline, records, now))
        except Exception:
            log.exception("could not draw the deadline timeline")  # the listing alone still answers
    return Reply(card=render_deadlines(records, now, ctx.style), file=image)


DEADLINES = Command(
    name="deadlines",
    description="Dates and deadlines stated in the sources, with quotes",
    run=show_deadlines,
    details="Each with its quote and a timeline picture; moderators can turn one into reminders with /remind add.",
)
