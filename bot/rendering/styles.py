"""The two styles a card is written in: Discord's (markdown, mentions neutralised, dates as <t:…>) and the console's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.escaping import escape_discord, escape_plain


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
