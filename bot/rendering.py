"""Answers, sources, help and stats as message cards within every Discord limit, for Discord or plain text.

A `Card` is an embed-shaped value: `to_embed` makes the discord.Embed, `card_to_text` the console's text.
Text from users and documents goes through the style's `escape` first (Discord: markdown and mentions
neutralised), and anything too long is trimmed at a sentence boundary; citations are dropped whole, never cut
in half.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bot.escaping import escape_discord, escape_plain
from index.coverage_gaps import Gap
from index.schema import Answer, Citation

if TYPE_CHECKING:
    import discord

    from index.manifest import Manifest

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
MESSAGE_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
GAPS_SHOWN = 5  # /stats lists the biggest gaps; the export has them all
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

ELLIPSIS = "…"
# Quoted sentences longer than this are shortened so that several citations fit in one message.
QUOTE_SOFT_LIMIT = 600
SECTION_LIMIT = 200
URL_LIMIT = 512


@dataclass(frozen=True)
class CardField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Card:
    title: str
    description: str = ""
    fields: tuple[CardField, ...] = ()
    footer: str = ""
    tone: str = "answer"  # "answer", "abstain", "info", "error": picks the colour

    def total_length(self) -> int:
        """What Discord counts toward the 6000-character embed limit."""
        return (
            len(self.title)
            + len(self.description)
            + len(self.footer)
            + sum(len(f.name) + len(f.value) for f in self.fields)
        )


def _safe_url(url: str | None) -> str | None:
    if not url or not re.fullmatch(r"https?://[^\s<>()\[\]\"'`]+", url):
        return None
    return url


@dataclass(frozen=True)
class Style:
    """How text is escaped and links written: Discord markdown or the console's plain text."""

    escape: Callable[[str], str]
    link: Callable[[str, str], str]  # (label, url) -> text
    emphasis: Callable[[str], str]
    date: Callable[[date], str] = lambda day: ""  # a calendar day, shown in the reader's own terms


def _discord_date(day: date) -> str:
    """Discord renders <t:…> in each reader's language and time zone: the day in full, and how far away it is."""
    stamp = int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp())  # midday: the same date everywhere
    return f" — <t:{stamp}:D> (<t:{stamp}:R>)"


DISCORD_STYLE = Style(
    escape=escape_discord,
    link=lambda label, url: f"[{label}]({url})",
    emphasis=lambda s: f"*{s}*",
    date=_discord_date,
)
PLAIN_STYLE = Style(
    escape=escape_plain,
    link=lambda label, url: f"{label}: {url}",
    emphasis=lambda s: s,
    date=lambda day: f" — {day:%A %d %B %Y}",
)


# --- trimming -------------------------------------------------------------------------------------

# A sentence end: punctuation, closing quotes/brackets (escaped or not), any citation markers like [1][2], then
# space or end.
_SENTENCE_END = re.compile(r"[.!?…](?:\\?[\"'”’)\]])*(?:\s?\\?\[\d+\\?\])*(?=\s|$)")


def trim_text(text: str, limit: int) -> str:
    """`text` if it fits, else its longest sentence-aligned (or word-aligned) prefix that fits, plus "…"."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    budget = limit - len(ELLIPSIS)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, budget + 1) if m.end() <= budget]
    cut = ends[-1] if ends and ends[-1] >= budget // 3 else -1
    if cut < 0:
        space = text.rfind(" ", 0, budget + 1)
        cut = space if space > 0 else budget
    prefix = text[:cut].rstrip()
    # Never leave a dangling escape backslash or a half citation marker like "[1" behind.
    prefix = re.sub(r"\\?\[\d*$", "", prefix)
    while prefix.endswith("\\"):
        prefix = prefix[:-1]
    return prefix.rstrip() + ELLIPSIS


# --- cards ----------------------------------------------------------------------------------------


def _citation_field(citation: Citation, style: Style) -> CardField:
    title = style.escape(citation.title or citation.source)
    name = trim_text(f"[{citation.number}] {title}", FIELD_NAME_LIMIT)
    where = style.escape(citation.section) if citation.section and citation.section != citation.title else ""
    if citation.page is not None:
        where = f"{where}, p. {citation.page}" if where else f"p. {citation.page}"
    # Section and source line are bounded so that the quote always has room and the value is never cut.
    where = trim_text(where, SECTION_LIMIT)
    url = _safe_url(citation.url)
    url = url if url and len(url) <= URL_LIMIT else None
    source = trim_text(style.escape(citation.source), SECTION_LIMIT)
    tail = f"\n{style.link('Read the source', url)}" if url else f"\n{source}"
    head = f"{style.emphasis(where)}\n" if where else ""
    room = min(QUOTE_SOFT_LIMIT, FIELD_VALUE_LIMIT - len(head) - len(tail) - 2)
    quote = trim_text(style.escape(citation.quote), max(room, 20))
    value = f"{head}“{quote}”{tail}"
    return CardField(name=name, value=trim_text(value, FIELD_VALUE_LIMIT))


def _fit_fields(card: Card, candidates: Sequence[CardField], overflow_note: Callable[[int], str]) -> Card:
    """Add fields in order while every limit holds; name what was left out in the footer."""
    footer_reserve = 80
    fields: list[CardField] = []
    used = card.total_length() + footer_reserve
    for candidate in candidates:
        size = len(candidate.name) + len(candidate.value)
        if len(fields) >= FIELD_COUNT_LIMIT or used + size > EMBED_TOTAL_LIMIT:
            break
        fields.append(candidate)
        used += size
    left_out = len(candidates) - len(fields)
    footer = card.footer
    if left_out:
        footer = f"{footer} · {overflow_note(left_out)}" if footer else overflow_note(left_out)
    return replace(card, fields=tuple(fields), footer=trim_text(footer, FOOTER_LIMIT))


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
    return _fit_fields(card, citations, lambda n: f"{n} more source{'s' if n > 1 else ''} not shown")


def render_sources(manifest: Manifest, style: Style = DISCORD_STYLE) -> Card:
    """/sources: the indexed documents, and when and with which model the index was built."""
    count = len(manifest.documents)
    card = Card(
        title="Indexed sources",
        description=style.escape(
            f"{count} document{'s' if count != 1 else ''}, index built {manifest.built_at} with {manifest.model}."
        ),
        footer=f"Index {manifest.version}",
        tone="info",
    )
    fields = []
    for number, doc in enumerate(manifest.documents, start=1):
        url = _safe_url(doc.url)
        value = style.escape(doc.path) + f" · {doc.chunks} passages"
        if url:
            value += "\n" + style.link("Open", url)
        fields.append(
            CardField(
                name=trim_text(f"{number}. {style.escape(doc.title)}", FIELD_NAME_LIMIT),
                value=trim_text(value, FIELD_VALUE_LIMIT),
            )
        )
    return _fit_fields(card, fields, lambda n: f"{n} more not shown")


def render_help(entries: Sequence[tuple[str, str]], *, intro: str, style: Style = DISCORD_STYLE) -> Card:
    """`entries` are (usage, description) pairs from the command registry."""
    card = Card(title="How to use this bot", description=trim_text(intro, DESCRIPTION_LIMIT), tone="info")
    fields = [
        CardField(name=trim_text(usage, FIELD_NAME_LIMIT), value=trim_text(text, FIELD_VALUE_LIMIT))
        for usage, text in entries
    ]
    return _fit_fields(card, fields, lambda n: f"{n} more commands not shown")


def render_stats(stats, *, period: str, style: Style = DISCORD_STYLE, gaps: Sequence[Gap] = ()) -> Card:
    """/stats: totals, the latest questions the bot could not answer and answers voted down, then the gaps."""
    rate = f"{stats.abstention_rate:.0%}"
    description = (
        f"**{stats.questions}** questions from **{stats.askers}** people {period}: "
        f"**{stats.answered}** answered, **{stats.abstained}** unanswered ({rate}). "
        f"Feedback: 👍 {stats.upvotes} · 👎 {stats.downvotes}."
    )
    if style is PLAIN_STYLE:
        description = description.replace("**", "")
    card = Card(title="Question log", description=description, tone="info")

    def listing(rows) -> str:
        lines = [f"#{r.id} {r.asked_at[:16]} — {style.escape(trim_text(r.question, 150))}" for r in rows]
        return trim_text("\n".join(lines), FIELD_VALUE_LIMIT) if lines else "none"

    fields = [
        CardField(name="Recently unanswered", value=listing(stats.recent_abstained)),
        CardField(name="Recently voted down", value=listing(stats.recent_downvoted)),
    ]
    if stats.downvote_reasons:
        lines = [" · ".join(f"{label} {count}" for label, count in stats.downvote_reasons)]
        lines += [
            f"#{qid} {label}: “{style.escape(trim_text(note, 120))}”" for qid, label, note in stats.downvote_notes
        ]
        fields.append(CardField(name="Why 👎", value=trim_text("\n".join(lines), FIELD_VALUE_LIMIT)))
    if gaps:
        lines = [
            f"{g.count}× “{style.escape(trim_text(g.example, 120))}” — last asked {g.last_asked:%Y-%m-%d %H:%M}"
            for g in gaps[:GAPS_SHOWN]
        ]
        if len(gaps) > GAPS_SHOWN:
            lines.append(f"and {len(gaps) - GAPS_SHOWN} more in the export")
        value = trim_text("\n".join(lines), FIELD_VALUE_LIMIT)
        fields.append(CardField(name="What to document next (similar questions grouped)", value=value))
    return _fit_fields(card, fields, lambda n: f"{n} more not shown")


# --- output ---------------------------------------------------------------------------------------

_TONE_COLOURS = {"answer": "blurple", "abstain": "orange", "info": "dark_teal", "error": "red"}  # discord.Colour's


def to_embed(card: Card) -> discord.Embed:
    import discord  # here, not at the top: the console renders text and never needs discord.py

    embed = discord.Embed(
        title=card.title or None,
        description=card.description or None,
        colour=getattr(discord.Colour, _TONE_COLOURS.get(card.tone, "blurple"))(),
    )
    for item in card.fields:
        embed.add_field(name=item.name, value=item.value, inline=item.inline)
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed


def card_to_text(card: Card) -> str:
    """The console's rendering: title, body, then each field indented under its name."""
    lines = [card.title, ""] if card.title else []
    if card.description:
        lines += [card.description, ""]
    for item in card.fields:
        lines.append(item.name)
        lines += [f"    {line}" for line in item.value.splitlines()]
    if card.footer:
        lines += ["", f"({card.footer})"]
    return "\n".join(lines).rstrip()


def message_text(text: str) -> str:
    """A plain message (notices, errors) within the 2000-character limit; `text` is ours, already safe."""
    return trim_text(text, MESSAGE_LIMIT)
