"""Discord-style snowflake ids: a millisecond timestamp since the Discord epoch in the high bits."""

from __future__ import annotations

import itertools
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class SnowflakeFactory:
    """Hands out increasing, unique snowflakes, like Discord's id workers."""

    def __init__(self) -> None:
        self._increment = itertools.count()

    def next(self) -> int:
        timestamp = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return (timestamp << 22) | (next(self._increment) & 0xFFF)
