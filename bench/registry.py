"""The benchmark sections: how one is declared and registered, and the metrics it returns."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from bench.context import BenchContext

Metrics = dict[str, int | float | str]


class BenchmarkError(RuntimeError):
    """A section could not be measured; the message says why in one line."""


@dataclass(frozen=True)
class Section:
    name: str
    help: str
    run: Callable[[BenchContext], Metrics]
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None


SECTIONS: dict[str, Section] = {}


def section(name: str, help: str, add_arguments: Callable[[argparse.ArgumentParser], None] | None = None):
    """Register a benchmark section under its name (bench/sections.py puts the sections in order)."""

    def register(run: Callable[[BenchContext], Metrics]) -> Callable[[BenchContext], Metrics]:
        if name in SECTIONS:
            raise ValueError(f"benchmark section {name!r} is registered twice")
        SECTIONS[name] = Section(name, help, run, add_arguments)
        return run

    return register
