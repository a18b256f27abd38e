"""/deadlines: the dates the sources state, upcoming first, each quoted, with a timeline picture."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from bot.commands.spec import Command, Context, Image, Reply
from bot.features.deadlines.render import render_deadlines
from index.timeline import render_timeline

log = logging.getLogger(__name__)


async def show_deadlines(ctx: Context) -> Reply:
    records = ctx.services.knowledge.current.deadlines
    now = ctx.services.now() or datetime.now(UTC)
    await ctx.acknowledge(private=False)  # drawing the timeline can take a second
    image = None
    if records:
        try:
            # matplotlib is slow and blocking: draw off the event loop.
            image = Image("timeline.png", await asyncio.to_thread(render_timeline, records, now))
        except Exception:
            log.exception("could not draw the deadline timeline")  # the listing alone still answers
    return Reply(card=render_deadlines(records, now, ctx.style), image=image)


DEADLINES = Command(
    name="deadlines",
    description="Dates and deadlines stated in the sources, with quotes",
    run=show_deadlines,
    details="Each with its quote and a timeline picture; moderators can turn one into reminders with /remind add.",
)
