"""Cards that list: the indexed sources (/sources), the commands (/help), the question log (/stats)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.rendering.cards import (
    DESCRIPTION_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    Card,
    CardField,
    fit_fields,
    safe_url,
    trim_text,
)
from bot.rendering.styles import DISCORD_STYLE, PLAIN_STYLE, Style
from index.coverage_gaps import Gap

if TYPE_CHECKING:
    from index.manifest import Manifest

GAPS_SHOWN = 5  # /stats lists the biggest gaps; the export has them all


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
        url = safe_url(doc.url)
        value = style.escape(doc.path) + f" · {doc.chunks} passages"
        if url:
            value += "\n" + style.link("Open", url)
        fields.append(
            CardField(
                name=trim_text(f"{number}. {style.escape(doc.title)}", FIELD_NAME_LIMIT),
                value=trim_text(value, FIELD_VALUE_LIMIT),
            )
        )
    return fit_fields(card, fields, lambda n: f"{n} more not shown")


def render_help(entries: Sequence[tuple[str, str]], *, intro: str, style: Style = DISCORD_STYLE) -> Card:
    """`entries` are (usage, description) pairs from the command registry."""
    card = Card(title="How to use this bot", description=trim_text(intro, DESCRIPTION_LIMIT), tone="info")
    fields = [
        CardField(name=trim_text(usage, FIELD_NAME_LIMIT), value=trim_text(text, FIELD_VALUE_LIMIT))
        for usage, text in entries
    ]
    return fit_fields(card, fields, lambda n: f"{n} more commands not shown")


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
    return fit_fields(card, fields, lambda n: f"{n} more not shown")
