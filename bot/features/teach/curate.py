"""Adding and removing taught answers: a row in the database, an entry in the curated document, a reindex."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands.spec import Caller, UserError
from bot.services import Services

if TYPE_CHECKING:
    from index.reindex import ReindexResult

CONSOLE_APPROVER = "the console's user"


def curated_path(services: Services) -> Path:
    knowledge = services.settings.knowledge
    return Path(knowledge.docs_dir) / knowledge.curated_document


def _after_reindex(result: ReindexResult, done: str) -> str:
    from index.reindex import PUBLISHED

    if result.status == PUBLISHED:
        return f"{done} The index was rebuilt and is serving it (version {result.kb.version})."
    if result.ok:
        return f"{done} The index already matched the documents."
    return f"{done} The rebuilt index was not published, so the bot still answers from the previous one: " + (
        result.reason or (result.guard.summary() if result.guard else result.status)
    )


async def teach(
    services: Services,
    caller: Caller,
    question: str,
    answer: str,
    *,
    author_id: int | None = None,
    link: str | None = None,
) -> str:
    """Record the entry, append it to the curated document, reindex; the outcome for the moderator."""
    # The index builder (document loaders and all) is imported when a moderator teaches, not at start-up.
    from index.build_lock import BuildLockedError
    from index.curated import CuratedEntry, append_entry

    store = services.taught
    row = await store.add(
        guild_id=caller.guild_id,
        approved_by=caller.user_id,
        author_id=author_id,
        question=question,
        answer=answer,
        message_url=link,
    )
    entry = CuratedEntry(row.id, question, answer, caller.name or CONSOLE_APPROVER, row.created_at, link)
    path = curated_path(services)
    try:
        await asyncio.to_thread(append_entry, path, services.settings.knowledge.index_dir, entry)
    except (BuildLockedError, OSError) as error:
        await store.remove(row.guild_id, row.id)
        raise UserError(f"Could not write {path.name}, so nothing was added: {error}") from error
    result = await services.knowledge.reindex(services.settings)
    return _after_reindex(result, f"Added entry #{row.id} to {path.name}.")


async def forget(services: Services, caller: Caller, entry_id: int) -> str:
    """Take the entry out of the curated document and the database, then reindex."""
    from index.build_lock import BuildLockedError
    from index.curated import remove_entry

    path = curated_path(services)
    try:
        in_file = await asyncio.to_thread(remove_entry, path, services.settings.knowledge.index_dir, entry_id)
    except (BuildLockedError, OSError) as error:
        raise UserError(f"Could not change {path.name}, so nothing was removed: {error}") from error
    await services.taught.remove(caller.guild_id, entry_id)
    if not in_file:
        return f"Removed entry #{entry_id}; {path.name} no longer had it (edited by hand?)."
    result = await services.knowledge.reindex(services.settings)
    return _after_reindex(result, f"Removed entry #{entry_id} from {path.name}.")
