"""/sources: the indexed documents, and when and with which model the index was built."""

from __future__ import annotations

import logging

from bot.commands.spec import Command, Context, Reply, notice
from bot.rendering import IndexSummary, SourceListing, render_sources

log = logging.getLogger(__name__)


def index_summary(manifest) -> IndexSummary:
    """What /sources shows, from a knowledge base's manifest."""
    return IndexSummary(
        built_at=str(manifest.built_at),
        model=str(manifest.model),
        version=str(manifest.version),
        documents=tuple(
            SourceListing(title=doc.title, path=doc.path, url=doc.url, chunks=int(doc.chunks))
            for doc in manifest.documents
        ),
    )


async def list_sources(ctx: Context) -> Reply:
    try:
        summary = index_summary(ctx.services.knowledge.current.manifest)
    except Exception:
        log.exception("could not read the index manifest")
        return notice("I can't read the index details right now; please try again later.")
    return Reply(card=render_sources(summary, ctx.style))


SOURCES = Command(
    name="sources",
    description="List the indexed documents and when the index was built",
    run=list_sources,
)
