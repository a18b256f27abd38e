"""Every Discord limit a card must keep, checked on the embed discord.py makes of it."""

from __future__ import annotations

from bot.rendering.cards import (
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
)
from bot.rendering.output import to_embed


def assert_within_limits(card) -> None:
    embed = to_embed(card)
    assert len(embed.title or "") <= TITLE_LIMIT
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= FIELD_COUNT_LIMIT
    for item in embed.fields:
        assert 0 < len(item.name) <= FIELD_NAME_LIMIT
        assert 0 < len(item.value) <= FIELD_VALUE_LIMIT
    assert len(embed.footer.text or "") <= FOOTER_LIMIT
    assert len(embed) <= EMBED_TOTAL_LIMIT  # discord.py's own count of the 6000 limit
    assert card.total_length() == len(embed)
