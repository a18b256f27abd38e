"""A message card within every Discord limit: its fields, and text trimmed at a sentence boundary to fit."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
MESSAGE_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000

ELLIPSIS = "…"


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


def safe_url(url: str | None) -> str | None:
    if not url or not re.fullmatch(r"https?://[^\s<>()\[\]\"'`]+", url):
        return None
    return url


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


def fit_fields(card: Card, candidates: Sequence[CardField], overflow_note: Callable[[int], str]) -> Card:
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
