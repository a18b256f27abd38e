"""What a front end keeps around `kb.ask`: each conversation's history to read a question in, and its answers."""

from __future__ import annotations

from collections.abc import Hashable

from index.followups.memory import ConversationMemory, Turn
from index.followups.resolution import Reading, turn_of
from index.schema import Answer


class Conversations:
    """Follow-up state over a bounded, expiring memory keyed per (thread or channel, user).

    The front end takes `history(key)` on its event loop, reads the question with `resolve` (which may search the
    knowledge base, so off the loop), and records the outcome with `answered`.
    """

    def __init__(self, memory: ConversationMemory | None = None) -> None:
        self.memory = memory or ConversationMemory()

    def history(self, key: Hashable) -> tuple[Turn, ...]:
        return self.memory.history(key)

    def answered(self, key: Hashable, reading: Reading, answer: Answer) -> None:
        self.memory.remember(key, turn_of(reading, answer))

    def forget(self, key: Hashable) -> None:
        self.memory.forget(key)
