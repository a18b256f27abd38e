"""bot/rendering/cards.py: trimming text to a limit."""

from __future__ import annotations

from bot.rendering.cards import trim_text


def test_trim_text_prefers_sentences_then_words_and_never_leaves_half_markers():
    text = "First sentence here [1]. Second sentence is rather longer than the first [2]. Third."
    assert trim_text(text, 60) == "First sentence here [1].…"
    assert trim_text("word " * 50, 23) == "word word word word…"
    assert trim_text("short", 10) == "short"
    assert not trim_text("Alpha beta gamma delta [12] epsilon", 27).endswith("[1…")
    assert trim_text("escaped \\* star \\* here and more text", 17).endswith("…")
    assert "\\…" not in trim_text("a \\*\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*", 12)
