from __future__ import annotations

from bot.discord.mentions import channel_allowed, strip_bot_mention


def test_strip_bot_mention_removes_both_mention_forms_only():
    assert strip_bot_mention("<@42> when is the deadline?", 42) == "when is the deadline?"
    assert strip_bot_mention("hey <@!42>   what is   ILRS", 42) == "hey what is ILRS"
    assert strip_bot_mention("<@42> ask <@7> too", 42) == "ask <@7> too"
    assert strip_bot_mention("<@42>", 42) == ""


def test_allowlist_empty_means_everywhere_else_listed_channels_and_their_threads():
    assert channel_allowed((), 5)
    assert channel_allowed((5,), 5)
    assert not channel_allowed((5,), 6)
    assert channel_allowed((5,), 6, parent_id=5)
    assert not channel_allowed((5,), 6, parent_id=7)
