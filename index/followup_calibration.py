"""Fitting the conversation prior (index/focus.py `FocusWeights`) on the tune dialogues only.

Each tune follow-up read with the conversation, whose answer some candidate unit holds, is one example: its
candidate units with the answer model's ranking scores and where each comes from (quoted by the last answer, of a
cited section, of a cited or neighbouring passage, of a cited document). The weights are those that make the
right units most likely under a softmax over the candidates of each example (a conditional logit with the ranking
score as a fixed offset), with an L2 pull towards no prior. Whether the fit holds beyond the conversations it saw is
told by cross-validation over conversations: the weights are fitted on all folds but one, and the conversations of
that one are played with them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

from index.dialogue_set import Dialogue
from index.eval_dialogues import TurnScore, play, summarise
from index.evaluation import contains
from index.focus import PLACES, FocusWeights
from index.followups.answers import answer_reading
from index.followups.resolution import resolve, turn_of

FOLDS = 5
# The L2 pull on the weights: 0.01 and 0.1 play the held-out conversations alike (63 of 88 follow-ups right),
# 0.1 ranks a right unit first more often out of fold (49 of 66 examples, 48 with 0.01); 0.3 and 1.0 play worse.
L2 = 0.1
NO_PRIOR = FocusWeights(**dict.fromkeys(PLACES, 0.0))  # the candidates a focus adds, without a prior


class CachedKB:
    """A knowledge base whose searches and answers are remembered: settings that read a turn alike share them."""

    def __init__(self, kb) -> None:
        self.kb = kb
        self.search = functools.lru_cache(maxsize=None)(kb.search)
        self._ask = functools.lru_cache(maxsize=None)(lambda q, now, focus: kb.ask(q, now=now, focus=focus))

    def ask(self, question: str, *, now: datetime | None = None, focus=None):
        return self._ask(question, now, focus)

    def __getattr__(self, name: str):
        # Whatever else the reading consults (word similarity), as the knowledge base itself answers it.
        return getattr(self.kb, name)


class Player:
    """Plays the tune dialogues with given focus weights, once per weights: each conversation's turn scores."""

    def __init__(self, kbs: dict, dialogues: Sequence[Dialogue], now: datetime) -> None:
        self.kbs = {name: kb if isinstance(kb, CachedKB) else CachedKB(kb) for name, kb in kbs.items()}
        self.dialogues = [d for d in dialogues if d.split == "tune" and d.corpus in kbs]
        self.now = now
        self._played: dict[tuple[FocusWeights, frozenset[str]], dict[str, list[TurnScore]]] = {}

    def played(self, weights: FocusWeights, ids: Collection[str]) -> dict[str, list[TurnScore]]:
        key = (weights, frozenset(ids))
        if key not in self._played:

            def resolver(question, history, kb, now=None):
                reading = resolve(question, history, kb, now=now)
                return replace(reading, focus=replace(reading.focus, weights=weights)) if reading.focus else reading

            self._played[key] = {
                d.id: play(self.kbs[d.corpus], d, now=self.now, resolver=resolver)
                for d in self.dialogues
                if d.id in ids
            }
        return self._played[key]

    def score(self, weights: FocusWeights, ids: Collection[str] | None = None) -> tuple[float, float]:
        """(follow-up accuracy, self-contained unchanged) of the conversations `ids` (all when None)."""
        ids = [d.id for d in self.dialogues] if ids is None else ids
        summary = summarise([s for scores in self.played(weights, ids).values() for s in scores])
        return summary["follow_up_accuracy"] or 0.0, summary["unchanged"] or 0.0

    def right(self, weights: FocusWeights, ids: Collection[str]) -> tuple[int, int]:
        """(follow-ups answered right, follow-ups) of the conversations `ids`."""
        follow_ups = [s for scores in self.played(weights, ids).values() for s in scores if s.depends]
        return sum(s.correct for s in follow_ups), len(follow_ups)


@dataclass(frozen=True)
class Example:
    """One follow-up read with the conversation: its candidate units, and which of them hold the answer."""

    dialogue: str
    ranked: np.ndarray  # the answer model's ranking score of each candidate
    placement: np.ndarray  # where each comes from (Focus.placement)
    right: np.ndarray  # the candidates holding every expected string of a group

    def top_right(self, weights: np.ndarray) -> bool:
        return bool(self.right[int(np.argmax(self.ranked + self.placement @ weights))])


def examples(kbs: dict, dialogues: Sequence[Dialogue], now: datetime) -> list[Example]:
    """The tune follow-ups read with the conversation whose answer some candidate unit holds."""
    found = []
    for dialogue in dialogues:
        kb = kbs.get(dialogue.corpus)
        if dialogue.split != "tune" or kb is None:
            continue
        history = []
        for turn in dialogue.turns:
            labels = turn.question
            reading = resolve(labels.question, history, kb, now=now)
            if reading.focus is not None and reading.answer is None and labels.expect_any:
                focus = replace(reading.focus, weights=NO_PRIOR)
                _, decision = kb.decide(reading.text, focus)
                units = decision.evidence.units
                right = [any(all(contains(u.text, s) for s in group) for group in labels.expect_any) for u in units]
                if any(right):
                    placement = focus.placement(units, kb.near(focus)).astype(np.float64)
                    found.append(Example(dialogue.id, decision.logits.astype(np.float64), placement, np.array(right)))
            history.append(turn_of(reading, answer_reading(kb, reading, now=now)))
    return found


def _loss(weights: np.ndarray, found: Sequence[Example], l2: float) -> float:
    """The negative log-likelihood of the right units, plus the L2 pull."""
    total = l2 * float(weights @ weights)
    for example in found:
        scores = example.ranked + example.placement @ weights
        top = scores.max()
        every = top + np.log(np.exp(scores - top).sum())
        right = top + np.log(np.exp(scores[example.right] - top).sum())
        total -= right - every
    return total


def fit_weights(found: Sequence[Example], *, l2: float = L2) -> np.ndarray:
    """The weight of each of PLACES that makes the right units of `found` most likely."""
    from scipy.optimize import minimize

    return minimize(_loss, np.zeros(len(PLACES)), args=(found, l2), method="L-BFGS-B").x


def as_focus_weights(weights: np.ndarray) -> FocusWeights:
    return replace(FocusWeights(), **{p: round(float(w), 2) for p, w in zip(PLACES, weights, strict=True)})


def folds(dialogues: Sequence[Dialogue], k: int = FOLDS) -> list[list[str]]:
    """The tune conversations in `k` folds, each corpus spread over all of them (in the order of the file)."""
    tune = sorted((d for d in dialogues if d.split == "tune"), key=lambda d: d.corpus)
    return [[d.id for d in tune[i::k]] for i in range(k)]


def cross_validate(player: Player, found: Sequence[Example], *, log: Callable = print) -> dict[str, float]:
    """Follow-ups right on held-out folds (pooled): with no prior, with the weights in use, and with the weights
    fitted on the other folds; and how often a right unit is ranked first out of fold."""
    counts = {"no prior": [0, 0], "in use": [0, 0], "fitted on the others": [0, 0]}
    first = 0
    for held_out in folds(player.dialogues):
        fitted = fit_weights([e for e in found if e.dialogue not in held_out])
        first += sum(e.top_right(fitted) for e in found if e.dialogue in held_out)
        settings = {"no prior": NO_PRIOR, "in use": FocusWeights(), "fitted on the others": as_focus_weights(fitted)}
        for name, weights in settings.items():
            right, total = player.right(weights, held_out)
            counts[name][0] += right
            counts[name][1] += total
    log(f"cross-validated: a right unit ranked first in {first} of {len(found)} examples")
    rates = {}
    for name, (right, total) in counts.items():
        rates[name] = right / total if total else 0.0
        log(f"cross-validated, {name}: {right}/{total} follow-ups right ({rates[name]:.3f})")
    return rates
