"""The /reindex handler, shared by Discord and the console: rebuild from the docs directory and swap the index in.

The build runs in a thread (index.reindex.reindex), so questions keep being answered from the current index the
whole time; only a build that passes the golden-question guard is published and swapped in.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.command_layer import Command, CommandContext, Reply, register
from bot.rendering import Style
from index.reindex import FAILED, ReindexResult, reindex

log = logging.getLogger(__name__)

USAGE = "/reindex [dry-run] [force]"
MAX_SUMMARY_LINES = 25
UNEXPECTED_FAILURE = "Reindex failed unexpectedly; it has been logged. The previous index is still serving."


@dataclass(frozen=True)
class ReindexOptions:
    dry_run: bool = False
    force: bool = False


def parse_options(argument: str) -> ReindexOptions:
    """`dry-run` and/or `force` (or `run`), in any order; anything else raises ValueError with the usage."""
    words = argument.lower().split()
    unknown = [w for w in words if w not in ("run", "dry-run", "dryrun", "force")]
    if unknown:
        raise ValueError(f"Unknown option {unknown[0]!r}. Usage: `{USAGE}`")
    return ReindexOptions(dry_run=any(w in ("dry-run", "dryrun") for w in words), force="force" in words)


def format_result(result: ReindexResult, style: Style, *, max_lines: int = MAX_SUMMARY_LINES) -> str:
    """The summary for the maintainer, escaped for the destination and cut to a readable number of lines."""
    lines = result.summary().splitlines()
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], f"… and {len(lines) - max_lines + 1} more lines"]
    return "\n".join(style.escape(line) for line in lines)


async def handle_reindex(ctx: CommandContext, options: ReindexOptions) -> ReindexResult | None:
    """Maintainers only: rebuild (or with dry_run, list the changes), swap the new index in, reply privately."""
    if not ctx.is_maintainer:
        await ctx.responder.send(Reply(text="Only maintainers can reindex the documents.", private=True))
        return None
    holder = ctx.services.knowledge
    current = holder.current
    embedder = getattr(current, "embedder", None)
    if embedder is None:
        await ctx.responder.send(Reply(text="This knowledge base cannot be rebuilt while running.", private=True))
        return None
    settings = ctx.services.settings
    await ctx.responder.acknowledge(private=True)
    try:
        result = await asyncio.to_thread(
            reindex,
            settings.docs_dir,
            settings.index_dir,
            embedder,
            current,
            golden=settings.golden_questions_path,
            dry_run=options.dry_run,
            force=options.force,
        )
    except Exception:
        log.exception("reindex failed")
        await ctx.responder.send(Reply(text=UNEXPECTED_FAILURE, private=True))
        return None
    if result.kb is not None:
        previous = holder.swap(result.kb)
        log.info("reindex: now serving index %s (was %s)", result.kb.version, getattr(previous, "version", "?"))
    log_level = logging.WARNING if result.status == FAILED else logging.INFO
    log.log(log_level, "reindex by %s: %s", ctx.asker.user_id or ctx.asker.source, result.status)
    await ctx.responder.send(Reply(text=format_result(result, ctx.responder.style), private=True))
    return result


async def _console_reindex(ctx: CommandContext, argument: str) -> None:
    try:
        options = parse_options(argument)
    except ValueError as exc:
        await ctx.responder.send(Reply(text=str(exc), private=True))
        return
    await handle_reindex(ctx, options)


register(
    Command(
        "reindex",
        USAGE,
        "Rebuild the index from the docs directory and switch to it without downtime; `dry-run` lists the "
        "changes, `force` publishes even if the golden questions regress.",
        _console_reindex,
        maintainers_only=True,
    )
)
