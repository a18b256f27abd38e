"""/sources: the indexed documents, and when and with which model the index was built."""

from __future__ import annotations

import logging

from bot.commands.spec import Command, Context, Reply, notice
from bot.rendering.listings import render_sources

log = logging.getLogger(__name__)


async def list_sources(ctx: Context) -> Reply:
    try:
        card = render_sources(ctx.services.knowledge.current.manifest, ctx.style)
    except Exception:
        log.exception("could not read the index manifest")
        return notice("I can't read the index details right now; please try again later.")
    return Reply(card=card)


SOURCES = Command(
    name="sources",
    description="List the indexed documents and when the index was built",
    run=list_sources,
)
