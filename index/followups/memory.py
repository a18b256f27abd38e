"""What the bot remembers of a conversation: the last few turns per (thread or channel, user), for a few minutes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from index.focus import Cited

DEFAULT_TURNS = 3
DEFAULT_TTL = timedelta(minutes=10)
DEFAULT_CONVERSATIONS = 1000


@dataclass(frozen=True)
class Turn:
    """One question and its answer, as remembered for the next question."""

    question: str  # as typed
    asked: str  # the question the knowledge base was asked (the rewrite, when context was used)
    subject: str | None  # what the turn was about ("the letter of intent"), when it could be told
    answer: str = ""
    abstained: bool = False
    cited: tuple[Cited, ...] = ()  # the passages the answer cited


def _now() -> datetime:
    return datetime.now(UTC)


class ConversationMemory:
    """The last `turns` turns of each conversation, forgotten `ttl` after the last one; at most `conversations` kept.

    A key is anything hashable, e.g. (thread or channel id, user id); the clock is injectable for tests.
    """

    def __init__(
        self,
        *,
        turns: int = DEFAULT_TURNS,
        ttl: timedelta = DEFAULT_TTL,
        conversations: int = DEFAULT_CONVERSATIONS,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        if turns < 1 or conversations < 1 or ttl <= timedelta(0):
            raise ValueError("a conversation memory keeps at least one turn of one conversation for some time")
        self._turns = turns
        self._ttl = ttl
        self._capacity = conversations
        self._clock = clock
        self._store: OrderedDict[Hashable, tuple[datetime, tuple[Turn, ...]]] = OrderedDict()

    def history(self, key: Hashable) -> tuple[Turn, ...]:
        """The remembered turns, oldest first; () when none, or when the last one is older than the time to live."""
        entry = self._store.get(key)
        if entry is None:
            return ()
        last, turns = entry
        if self._clock() - last > self._ttl:
            del self._store[key]
            return ()
        return turns

    def remember(self, key: Hashable, turn: Turn) -> None:
        now = self._clock()
        turns = (*self.history(key), turn)[-self._turns :]
        self._store[key] = (now, turns)
        self._store.move_to_end(key)
        while len(self._store) > self._capacity:
            self._store.popitem(last=False)

    def forget(self, key: Hashable) -> None:
        self._store.pop(key, None)

    def __len__(self) -> int:
        return len(self._store)
