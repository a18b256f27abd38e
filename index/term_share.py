"""How much of a question's weighted terms a span holds: the share behind every coverage signal."""

from __future__ import annotations

from collections.abc import Mapping


def weighted_share(wanted: Mapping[str, float], present: Mapping[str, float] | set[str] | frozenset[str]) -> float:
    """Share of the wanted weight present; `present` may give a term a partial presence (0..1)."""
    total = sum(wanted.values())
    if not total:
        return 0.0
    if isinstance(present, Mapping):
        return sum(w * present.get(t, 0.0) for t, w in wanted.items()) / total
    return sum(w for t, w in wanted.items() if t in present) / total


def presence(found: set[str] | frozenset[str], acronyms: list[tuple[str, frozenset[str]]]) -> dict[str, float]:
    """Every term found counts fully; an acronym counts as much as its spelled-out words are there, from half on
    ("lunar station" for International Lunar Research Station)."""
    present = dict.fromkeys(found, 1.0)
    for acronym, expansion in acronyms:
        if acronym not in present and expansion:
            share = len(expansion & found) / len(expansion)
            if share >= 0.5:
                present[acronym] = share
    return present
