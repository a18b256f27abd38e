"""Calibrating how a follow-up uses the conversation, on the tune dialogues only: the focus weights (index/focus.py).

Each setting is scored by the share of tune follow-up turns answered right, the share of self-contained turns left
unchanged must stay whole; the search changes one setting at a time (coordinate ascent) from no focus at all, and
among equals keeps the one closest to doing nothing, since a prior the data do not ask for is a guess.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime

from index.dialogue_set import Dialogue
from index.eval_dialogues import play, summarise
from index.focus import FocusWeights
from index.followups.resolution import resolve

# The values tried for each setting, the first being "no effect".
GRID: dict[str, tuple[float, ...]] = {
    "quoted": (0.0, -0.5, -1.0, -1.5, -2.0, -2.5, -3.0, -4.0),
    "section": (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0),
    "document": (0.0, 0.5, 1.0, 1.5, 2.0, 2.5),
    "chunks": (0, 1, 2, 3, 4, 6),
}


@dataclass(frozen=True)
class Setting:
    weights: FocusWeights

    def get(self, name: str) -> float:
        return getattr(self.weights, name)

    def with_value(self, name: str, value: float) -> Setting:
        return replace(self, weights=replace(self.weights, **{name: int(value) if name == "chunks" else value}))


NO_EFFECT = Setting(FocusWeights(**{f.name: GRID[f.name][0] for f in fields(FocusWeights)}))


class CachedKB:
    """A knowledge base whose searches and answers are remembered: settings that read a turn alike share them."""

    def __init__(self, kb) -> None:
        self.kb = kb
        self.search = functools.lru_cache(maxsize=None)(kb.search)
        self._ask = functools.lru_cache(maxsize=None)(lambda q, now, focus: kb.ask(q, now=now, focus=focus))

    def ask(self, question: str, *, now: datetime | None = None, focus=None):
        return self._ask(question, now, focus)


def score(kbs: dict, dialogues: Sequence[Dialogue], setting: Setting, now: datetime) -> tuple[float, float]:
    """(follow-up accuracy, self-contained unchanged) of the tune dialogues under `setting`."""

    def resolver(question, history, kb, now=None):
        reading = resolve(question, history, kb, now=now)
        return replace(reading, focus=replace(reading.focus, weights=setting.weights)) if reading.focus else reading

    scores = []
    for dialogue in dialogues:
        if dialogue.split == "tune" and dialogue.corpus in kbs:
            kb = kbs[dialogue.corpus]
            scores += play(kb, dialogue, now=now, resolver=resolver)
    summary = summarise(scores)
    return summary["follow_up_accuracy"] or 0.0, summary["unchanged"] or 0.0


def calibrate(kbs: dict, dialogues: Sequence[Dialogue], now: datetime, *, rounds: int = 3, log=print) -> Setting:
    """The setting with the most tune follow-ups right (self-contained turns all unchanged), by coordinate ascent.

    Along each setting the value is chosen by its score averaged with its neighbours' on the grid: with a few dozen
    follow-ups, a value that wins one more question than both its neighbours is more likely luck than a signal.
    """
    kbs = {name: CachedKB(kb) for name, kb in kbs.items()}
    best = NO_EFFECT
    best_score = score(kbs, dialogues, best, now)
    log(f"no focus: follow-ups right {best_score[0]:.3f}, unchanged {best_score[1]:.3f}")
    for round_ in range(rounds):
        changed = False
        for name, values in GRID.items():
            results = []
            for value in values:
                candidate = best.with_value(name, value)
                result = best_score if candidate == best else score(kbs, dialogues, candidate, now)
                results.append(result[0] if result[1] >= best_score[1] else 0.0)
                log(f"  round {round_ + 1} {name}={value}: {result[0]:.3f} (unchanged {result[1]:.3f})")
            windows = [results[max(i - 1, 0) : i + 2] for i in range(len(values))]
            # Rounded, so that equal averages are equal and the first of them (the nearer to no effect) is kept.
            smoothed = [round(sum(window) / len(window), 9) for window in windows]
            current = values.index(best.get(name))
            # The first of equals is kept: the grid starts from no effect.
            chosen = max(range(len(values)), key=lambda i: (smoothed[i], -i))
            if smoothed[chosen] > smoothed[current] and results[chosen] >= results[current]:
                best, best_score, changed = (
                    best.with_value(name, values[chosen]),
                    (results[chosen], best_score[1]),
                    True,
                )
        if not changed:
            break
    log(f"chosen: {best} -> follow-ups right {best_score[0]:.3f}, unchanged {best_score[1]:.3f}")
    return best
