"""Every benchmark section, in the order they run and are listed in."""

from __future__ import annotations

import importlib

from bench.registry import SECTIONS, Section

# Each section is declared in the module of its name (bench/<name>.py), which registers it when imported.
SECTION_ORDER = ("latency", "memory", "startup", "encoders", "build", "noop", "scale", "alerts")


def registered_sections() -> dict[str, Section]:
    """Every section of SECTION_ORDER, in that order, whichever of their modules were imported first."""
    for name in SECTION_ORDER:
        importlib.import_module(f"bench.{name}")
    return {name: SECTIONS[name] for name in SECTION_ORDER}
