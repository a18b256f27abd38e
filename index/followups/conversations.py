"""What a front end calls around `kb.ask`: read each question in its conversation, then remember the answer."""

from __future__ import annotations

from collections.abc import Hashable

from index.followups.memory import ConversationMemory
from index.followups.resolution import Reading, Searcher, resolve, turn_of
from index.schema import Answer


class Conversations:
    """Follow-up reading over a bounded, expiring memory keyed per (thread or channel, user)."""

    def __init__(self, memory: ConversationMemory | None = None) -> None:
        self.memory = memory or ConversationMemory()

    def read(self, key: Hashable, question: str, kb: Searcher | None = None) -> Reading:
        """How to ask `question` in the conversation `key` (unchanged when it stands on its own)."""
        return resolve(question, self.memory.history(key), kb)

    def answered(self, key: Hashable, reading: Reading, answer: Answer) -> None:
        self.memory.remember(key, turn_of(reading, answer.text, answer.abstained))

    def forget(self, key: Hashable) -> None:
        self.memory.forget(key)


def with_reading(reading: Reading, text: str) -> str:
    """The answer text, led by how the question was read when the conversation was used."""
    return f"{reading.note}: {text}" if reading.used_context and reading.note else text
