"""A per-user sliding-window rate limit: at most `rate` uses in any `per` seconds."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable


class Cooldown:
    def __init__(self, rate: int, per: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if rate < 1:
            raise ValueError("rate must be at least 1")
        self.rate = rate
        self.per = per
        self._clock = clock
        self._uses: dict[Hashable, deque[float]] = {}

    def _window(self, key: Hashable, now: float) -> deque[float]:
        uses = self._uses.setdefault(key, deque())
        while uses and now - uses[0] >= self.per:
            uses.popleft()
        return uses

    def retry_after(self, key: Hashable) -> float:
        """Seconds until `key` may act again; 0 when it may act now. Does not count a use."""
        now = self._clock()
        uses = self._window(key, now)
        if len(uses) < self.rate:
            return 0.0
        return max(0.0, uses[0] + self.per - now)

    def try_acquire(self, key: Hashable) -> float:
        """Count a use and return 0, or return the seconds to wait (counting nothing) when over the rate."""
        wait = self.retry_after(key)
        if wait > 0:
            return wait
        uses = self._uses[key]
        uses.append(self._clock())
        self._forget_idle()
        return 0.0

    def _forget_idle(self) -> None:
        # Keep memory bounded on a busy server: drop users whose window has emptied.
        if len(self._uses) > 1024:
            now = self._clock()
            for key in [k for k, uses in self._uses.items() if not uses or now - uses[-1] >= self.per]:
                del self._uses[key]
