"""Deciding whether a message is a question for the bot, and extracting the question: pure functions."""

from __future__ import annotations

import re
from collections.abc import Collection


def strip_bot_mention(content: str, bot_id: int) -> str:
    """The message text without the bot's own <@id> / <@!id> mentions, whitespace collapsed."""
    text = re.sub(rf"<@!?{bot_id}>", " ", content)
    return " ".join(text.split())


def channel_allowed(allowlist: Collection[int], channel_id: int | None, parent_id: int | None = None) -> bool:
    """Mentions are answered everywhere when the allowlist is empty, else in those channels and threads."""
    if not allowlist:
        return True
    return channel_id in allowlist or (parent_id is not None and parent_id in allowlist)
