"""/reindex: rebuild from the docs directory and swap the new index in, for maintainers.

The build runs in a thread (index.reindex.reindex), so questions keep being answered from the current index the
whole time; only a build that passes the golden-question guard is published and swapped in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.commands.access import maintainers_only
from bot.commands.spec import Command, Context, Option, Reply, notice
from bot.rendering.styles import Style

if TYPE_CHECKING:
    from index.reindex import ReindexResult

log = logging.getLogger(__name__)

MAX_SUMMARY_LINES = 25
UNEXPECTED_FAILURE = "Reindex failed unexpectedly; it has been logged. The previous index is still serving."
DRY_RUN = "dry-run"


def format_result(result: ReindexResult, style: Style, *, max_lines: int = MAX_SUMMARY_LINES) -> str:
    """The summary for the maintainer, escaped for the destination and cut to a readable number of lines."""
    lines = result.summary().splitlines()
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], f"… and {len(lines) - max_lines + 1} more lines"]
    return "\n".join(style.escape(line) for line in lines)


async def run_reindex(ctx: Context, mode: str | None = None, force: bool = False) -> Reply:
    from index.reindex import FAILED  # the index builder is imported when a maintainer reindexes, not at start-up

    await ctx.acknowledge(private=True)
    try:
        result = await ctx.services.knowledge.reindex(ctx.services.settings, dry_run=mode == DRY_RUN, force=force)
    except Exception:
        log.exception("reindex failed")
        return notice(UNEXPECTED_FAILURE)
    log_level = logging.WARNING if result.status == FAILED else logging.INFO
    log.log(log_level, "reindex by %s: %s", ctx.caller.user_id or ctx.caller.source, result.status)
    return notice(format_result(result, ctx.style))


REINDEX = Command(
    name="reindex",
    description="Maintainers: rebuild the index from the docs and switch to it",
    run=run_reindex,
    options=(
        Option(
            "mode", "run (default) rebuilds and publishes; dry-run lists what would change", choices=("run", DRY_RUN)
        ),
        Option(
            "force",
            "publish even if the new index answers fewer golden questions correctly",
            kind="boolean",
            default=False,
        ),
    ),
    access=maintainers_only("Only maintainers can reindex the documents."),
    details="Questions keep being answered meanwhile; the new index is swapped in only if it answers the golden "
    "questions at least as well.",
    guild_only=True,
)
