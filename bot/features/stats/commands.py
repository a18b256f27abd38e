"""/stats: totals, the latest unanswered questions and answers voted down, for maintainers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.commands.access import maintainers_only
from bot.commands.spec import Command, Context, Option, Reply
from bot.rendering import render_stats


async def show_stats(ctx: Context, days: int | None = None) -> Reply:
    await ctx.acknowledge(private=True)  # the query touches the database: defer first
    since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds") if days else None
    stats = await ctx.services.feedback.stats(since=since)
    period = f"in the last {days} days" if days else "so far"
    return Reply(card=render_stats(stats, period=period, style=ctx.style), private=True)


STATS = Command(
    name="stats",
    description="Maintainers: what people asked and what went unanswered",
    run=show_stats,
    options=(
        Option("days", "Only the last N days (default: everything)", kind="integer", min_value=1, max_value=3650),
    ),
    access=maintainers_only("Only maintainers can see the question log."),
    details="Shows the 👍/👎 feedback too.",
    guild_only=True,
)
