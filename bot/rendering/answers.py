"""An answer as a card: its text and numbered citations, or the abstention with the closest sections."""

from __future__ import annotations

from collections.abc import Iterable

from bot.rendering.cards import (
    DESCRIPTION_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    Card,
    CardField,
    fit_fields,
    safe_url,
    trim_text,
)
from bot.rendering.styles import DISCORD_STYLE, Style
from index.schema import Answer, Citation

# Quoted sentences longer than this are shortened so that several citations fit in one message.
QUOTE_SOFT_LIMIT = 600
SECTION_LIMIT = 200
URL_LIMIT = 512


def _citation_field(citation: Citation, style: Style) -> CardField:
    title = style.escape(citation.title or citation.source)
    name = trim_text(f"[{citation.number}] {title}", FIELD_NAME_LIMIT)
    where = style.escape(citation.section) if citation.section and citation.section != citation.title else ""
    if citation.page is not None:
        where = f"{where}, p. {citation.page}" if where else f"p. {citation.page}"
    # Section and source line are bounded so that the quote always has room and the value is never cut.
    where = trim_text(where, SECTION_LIMIT)
    url = safe_url(citation.url)
    url = url if url and len(url) <= URL_LIMIT else None
    source = trim_text(style.escape(citation.source), SECTION_LIMIT)
    tail = f"\n{style.link('Read the source', url)}" if url else f"\n{source}"
    head = f"{style.emphasis(where)}\n" if where else ""
    room = min(QUOTE_SOFT_LIMIT, FIELD_VALUE_LIMIT - len(head) - len(tail) - 2)
    quote = trim_text(style.escape(citation.quote), max(room, 20))
    value = f"{head}“{quote}”{tail}"
    return CardField(name=name, value=trim_text(value, FIELD_VALUE_LIMIT))


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def render_answer(answer: Answer, style: Style = DISCORD_STYLE, *, reading: str | None = None) -> Card:
    """The answer with its numbered citations, or the abstention with the closest sections.

    `reading` says how a follow-up was read ("Reading 'it' as the letter of intent"); it leads the answer.
    """
    title = trim_text(style.escape(answer.question.strip() or "Your question"), TITLE_LIMIT)
    text = style.escape(answer.text)
    parts = [f"{style.emphasis(style.escape(reading))}: {text}" if reading else text]
    if answer.abstained and answer.suggestions:
        parts.append("Closest sections:\n" + _bullets(style.escape(s) for s in answer.suggestions))
    # Notes the answer text already carries are not repeated.
    notes = [note for note in answer.date_notes if note.rstrip(".") not in answer.text]
    if notes:
        parts.append(_bullets(style.emphasis(style.escape(note)) for note in notes))
    footer_bits = [f"Index {answer.index_version}"] if answer.index_version else []
    footer_bits.append(f"{answer.latency_ms:.0f} ms")
    # The answer must leave room for at least the first citation; the description is trimmed first.
    description_room = DESCRIPTION_LIMIT if not answer.citations else min(DESCRIPTION_LIMIT, 4000)
    card = Card(
        title=title,
        description=trim_text("\n\n".join(p for p in parts if p), description_room),
        footer=" · ".join(footer_bits),
        tone="abstain" if answer.abstained else "answer",
    )
    citations = [_citation_field(c, style) for c in answer.citations]
    return fit_fields(card, citations, lambda n: f"{n} more source{'s' if n > 1 else ''} not shown")
