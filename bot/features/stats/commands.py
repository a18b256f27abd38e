"""/stats: totals, the latest unanswered questions and answers voted down, and what to document next."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.commands.access import maintainers_only
from bot.commands.spec import Command, Context, Option, Reply
from bot.rendering.listings import render_stats
from index.coverage_gaps import Gap, cluster_gaps


async def coverage_gaps(services, since: str | None) -> list[Gap]:
    """Unanswered and downvoted questions grouped by meaning, with the serving index's model (off the loop)."""
    rows = await services.feedback.gap_questions(since=since)
    if not rows:
        return []
    return await asyncio.to_thread(cluster_gaps, rows, services.knowledge.current.embedder)


async def show_stats(ctx: Context, days: int | None = None) -> Reply:
    await ctx.acknowledge(private=True)  # the query touches the database: defer first
    since = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds") if days else None
    stats = await ctx.services.feedback.stats(since=since)
    gaps = await coverage_gaps(ctx.services, since)
    period = f"in the last {days} days" if days else "so far"
    return Reply(card=render_stats(stats, period=period, style=ctx.style, gaps=gaps), private=True)


STATS = Command(
    name="stats",
    description="Maintainers: what people asked and what went unanswered",
    run=show_stats,
    options=(
        Option("days", "Only the last N days (default: everything)", kind="integer", min_value=1, max_value=3650),
    ),
    access=maintainers_only("Only maintainers can see the question log."),
    details="Shows the 👍/👎 feedback too, and groups the unanswered and voted-down questions into gaps: what "
    "to document next, biggest first.",
    guild_only=True,
)
