"""Writing the reply: quoted units with numbered citations, dates placed in time, metadata shown as metadata,
sources that disagree told apart by date; or a refusal naming the closest sections. Pure functions, no model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from index.dates import find_dates
from index.deadlines.extraction import published_date
from index.deadlines.queries import next_deadline, undated, upcoming
from index.deadlines.records import DeadlineRecord
from index.excerpt import quotes_verbatim
from index.quoting import Quote
from index.schema import Answer, Chunk, Citation
from index.units import Unit

ABSTAIN_TEXT = "The indexed documents don't cover this."
_KEY_VALUE = re.compile(r"^\s*([A-Za-z][\w ]{0,30}):\s*(.+?)\s*$")


def date_notes(quoted: Sequence[tuple[str, Chunk]], today: date) -> list[str]:
    """Where each date the quotes mention stands in time; a year a quote leaves out ("the review of September") is
    its document's, as the deadline records read it, and the note says it was assumed."""
    notes: list[str] = []
    for text, chunk in quoted:
        for mention in find_dates(text, published=published_date(chunk.published), context=chunk.text):
            note = mention.describe(today)
            if note not in notes:
                notes.append(note)
    return notes


def citation(number: int, quote: Quote) -> Citation:
    chunk = quote.unit.chunk
    # The promise of a citation: the quote is in the passage it points to, to the letter (each piece of it, in order,
    # when it is quoted in part).
    if quote.unit.text not in chunk.text or not quotes_verbatim(quote.text, quote.unit.text):
        raise AssertionError(f"quote not found verbatim in chunk {chunk.id}")
    return Citation(
        number=number,
        source=chunk.doc_path,
        title=chunk.title,
        section=chunk.section,
        quote=quote.text,
        chunk_id=chunk.id,
        url=chunk.url,
        page=chunk.page,
    )


def metadata_phrase(unit: Unit, value: str | None = None) -> str:
    """A front-matter fact shown as what it is: "Author (document metadata): Akash Osta"."""
    match = _KEY_VALUE.match(unit.text)
    if value is None and match:
        key, value = match.group(1), match.group(2)
    else:
        key = next((k for k in ("author", "title", "published", "url") if k in unit.text.lower()), "metadata")
        value = value or unit.text
    return f"{key.strip().capitalize()} (document metadata): {value}"


def compose(
    question: str,
    chosen: Sequence[Quote | Unit],
    today: date,
    version: str,
    latency_ms: float,
    *,
    as_of: list[date | None] | None = None,
    metadata_value: str | None = None,
) -> Answer:
    """The chosen units quoted in order (a unit given alone is quoted whole), each with its citation, a list cut
    short pointing to what it leaves out; `as_of` (or each quote's own date) dates each one when sources disagree."""
    shown = [q if isinstance(q, Quote) else Quote.whole(q) for q in chosen]
    citations = tuple(citation(i, quote) for i, quote in enumerate(shown, start=1))
    parts = []
    for i, quote in enumerate(shown, start=1):
        if quote.unit.kind == "metadata":
            parts.append(f"{metadata_phrase(quote.unit, metadata_value)} [{i}]")
            continue
        stamp = as_of[i - 1] if as_of else quote.as_of
        part = f"{quote.text} [{i}]" + (f" (as of {stamp.isoformat()})" if stamp else "")
        parts.append(part + (f" {quote.pointer} [{i}]" if quote.more else ""))
    text = " ".join(parts)
    notes = date_notes([(q.text, q.unit.chunk) for q in shown if q.unit.kind != "metadata"], today)
    if notes:
        text += " (" + "; ".join(notes) + ".)"
    return Answer(
        question=question,
        text=text,
        abstained=False,
        citations=citations,
        date_notes=tuple(notes),
        latency_ms=latency_ms,
        index_version=version,
    )


def abstain(question: str, nearest: list[Chunk], version: str, latency_ms: float) -> Answer:
    suggestions: list[str] = []
    for chunk in nearest:
        label = f"{chunk.title} — {chunk.section}"
        if label not in suggestions:
            suggestions.append(label)
    return Answer(
        question=question,
        text=ABSTAIN_TEXT,
        abstained=True,
        suggestions=tuple(suggestions[:3]),
        latency_ms=latency_ms,
        index_version=version,
    )


def _when(record: DeadlineRecord, today: date) -> str:
    status = record.date.status(today)
    label = record.date.label
    return {
        "unknown": f"{label} (the source does not state the year)",
        "upcoming": f"{label} (upcoming)",
        "current": f"{label} (under way)",
        "past": f"{label} (past)",
    }[status]


def deadlines_answer(
    question: str, records: list[DeadlineRecord], today: date, version: str, latency_ms: float
) -> Answer | None:
    """The next deadline (with a known year), else the deadlines whose year the source leaves out, else the
    next milestone; None when the documents state no date to come at all."""
    chosen: list[DeadlineRecord] = []
    soonest = next_deadline(records, today)
    if soonest is not None:
        chosen = [soonest]
        lead = "Next deadline"
    else:
        chosen = [r for r in undated(records) if r.kind == "deadline"][:2]
        lead = "Deadline in the documents" if len(chosen) == 1 else "Deadlines in the documents"
        if not chosen:
            chosen = upcoming(records, today)[:1]
            lead = "No deadline is ahead; next milestone"
    if not chosen:
        return None
    parts = [f"{r.what} — {_when(r, today)} [{i}]" for i, r in enumerate(chosen, start=1)]
    text = f"{lead}: " + "; ".join(parts)
    return Answer(
        question=question,
        text=text,
        abstained=False,
        citations=tuple(r.citation(i) for i, r in enumerate(chosen, start=1)),
        date_notes=tuple(r.date.describe(today) for r in chosen),
        latency_ms=latency_ms,
        index_version=version,
    )
