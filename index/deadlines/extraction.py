"""Deadline records from the chunks of an index: one per date in every sentence, with the documents' dates."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from index.chunking import METADATA_SECTION
from index.date_mention import DateMention, MonthDate
from index.dates import find_dates
from index.deadlines.classification import classify
from index.deadlines.description import describe_what
from index.deadlines.records import DeadlineRecord
from index.loaders.published import YEAR_MONTH
from index.schema import Chunk, Document


def extract_records(
    chunks: Iterable[Chunk], published: Mapping[str, date | str | None] | None = None
) -> list[DeadlineRecord]:
    """A record per date in every chunk sentence, in document order; `published` maps doc path to its date.

    Sentences repeated in overlapping chunks give one record. The "About this document" chunk is skipped: its
    dates (publication) are facts about the file, not statements of the source.
    """
    published = published or {}
    records: dict[str, DeadlineRecord] = {}
    for chunk in chunks:
        if chunk.section == METADATA_SECTION:
            continue
        doc_published = published_date(published.get(chunk.doc_path))
        for sentence in chunk.sentences:
            mentions = find_dates(sentence, published=doc_published)
            for mention in mentions:
                record = _record(chunk, sentence, mention, mentions)
                records.setdefault(record.id, record)
    return list(records.values())


def published_dates(documents: Iterable[Document]) -> dict[str, date]:
    """Each document's date, for the documents that state a valid one."""
    dates = {}
    for document in documents:
        value = published_date(document.published)
        if value is not None:
            dates[document.path] = value
    return dates


def published_date(value: date | str | None) -> date | None:
    """A front-matter `published` value as a date: a date, a datetime or an ISO string ("2026-09" a MonthDate);
    None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        month = YEAR_MONTH.fullmatch(text)
        if month:
            try:
                return MonthDate.of(int(month[1]), int(month[2]))
            except ValueError:
                return None
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                return None
    return None


def _record(chunk: Chunk, sentence: str, mention: DateMention, all_mentions: list[DateMention]) -> DeadlineRecord:
    others = [m for m in all_mentions if (m.start, m.end) != (mention.start, mention.end)]
    key = "\x1f".join((chunk.doc_path, sentence, str(mention.start), mention.text))
    return DeadlineRecord(
        id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        date=mention,
        what=describe_what(sentence, mention, others),
        kind=classify(sentence, mention, others),
        source=chunk.doc_path,
        title=chunk.title,
        section=chunk.section,
        quote=sentence,
        chunk_id=chunk.id,
        url=chunk.url,
        page=chunk.page,
    )
