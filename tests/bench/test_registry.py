"""bench/registry.py: a section is registered once."""

from __future__ import annotations

import pytest

from bench.registry import section
from bench.sections import registered_sections


def test_registering_a_section_twice_is_refused():
    assert "latency" in registered_sections()
    with pytest.raises(ValueError, match="registered twice"):
        section("latency", "again")(lambda ctx: {})
