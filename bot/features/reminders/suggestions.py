"""What /remind suggests while an option is typed: time zones, deadlines from the documents, the server's reminders."""

from __future__ import annotations

from bot.commands.spec import Choice, Context
from bot.features.reminders.deadline_choices import deadline_choices
from bot.features.reminders.parsing import zone_suggestions


async def zones(ctx: Context, typed: str) -> list[Choice]:
    return [Choice(zone, zone) for zone in zone_suggestions(typed)]


async def deadlines(ctx: Context, typed: str) -> list[Choice]:
    if ctx.services.reminders is None:
        return []
    records = ctx.services.knowledge.current.deadlines
    return [Choice(c.label, c.record_id) for c in deadline_choices(records, ctx.services.reminders.clock(), typed)]


async def reminders(ctx: Context, typed: str) -> list[Choice]:
    if ctx.caller.guild_id is None or ctx.services.reminders is None:
        return []
    return Choice.numbered(((r.id, r.title) for r in await ctx.services.reminders.list(ctx.caller.guild_id)), typed)
