"""After a reindex: which reminders lost the passage they were made from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.storage.reminder_records import Reminder
from index.schema import Chunk

SOURCE_CHANGED = "the reindexed sources no longer contain the sentence this reminder was made from"


def changed_sources(reminders: Iterable[Reminder], chunks: Sequence[Chunk]) -> list[Reminder]:
    """Reminders (not flagged yet) whose source sentence is no longer, word for word, in any indexed chunk.

    The sentence is what dates the deadline, so an unchanged sentence in a re-chunked document is still fine.
    """
    by_id = {chunk.id: chunk for chunk in chunks}
    changed = []
    for reminder in reminders:
        source = reminder.source
        if source is None or reminder.flag_reason:
            continue
        same_chunk = by_id.get(source.chunk_id)
        if same_chunk is not None and source.quote in same_chunk.text:
            continue
        if any(source.quote in chunk.text for chunk in chunks):
            continue
        changed.append(reminder)
    return changed
