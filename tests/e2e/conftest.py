"""End-to-end fixtures: a fresh fake Discord per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from e2e_support import serving_fake
from fake_discord import FakeDiscord


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A fresh fake Discord on 127.0.0.1 with a short heartbeat, so heartbeats happen during a test."""
    async with serving_fake(heartbeat_interval_ms=500) as fake:
        yield fake
