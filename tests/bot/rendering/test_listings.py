"""bot/rendering/listings.py: the /sources and /help cards, within every limit."""

from __future__ import annotations

import re

from bot.rendering.cards import FIELD_COUNT_LIMIT
from bot.rendering.listings import render_help, render_sources
from index.manifest import DocumentInfo, Manifest
from tests.bot.rendering.card_limits import assert_within_limits

PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def test_sources_and_help_cards_fit():
    docs = [DocumentInfo(f"doc{n}.md", f"Doc {n} @everyone", "", n) for n in range(40)]
    manifest = Manifest("all-MiniLM-L6-v2", 384, {}, docs, 40, 40, "2026-11-25T12:00:00+00:00", "abc123", "flat")
    card = render_sources(manifest)
    assert "40 documents, index built 2026-11-25T12:00:00+00:00" in card.description
    assert len(card.fields) == FIELD_COUNT_LIMIT and "15 more not shown" in card.footer
    assert not any(PING.search(item.name) for item in card.fields)
    assert_within_limits(card)
    help_card = render_help([("/ask question:<text>", "Ask.")] * 30, intro="Hello")
    assert_within_limits(help_card)
