"""Coverage of a question by a span in meaning, word by word: for each thing the question asks about the named
things (its predicate words), how close in meaning is the closest word of the span, and of the span with its
section heading and title. Exact coverage cannot tell "fee" answering "cost" from "code of conduct" not answering
"dress code"; these signals can, and their weights are learned like every other feature's.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from index.blas import single_threaded
from index.text import stem
from index.units import Unit
from index.word_vectors import WordVectors, words_of

SOFT_FEATURES = (
    "soft_pred_unit",  # idf-weighted mean, over the question's predicate words, of the closest word of the unit
    "soft_pred_context",  # ... of the unit, its section heading and document title
    "soft_pred_weakest",  # the predicate word least well matched by the unit and its context: its closest match
    "soft_missing",  # the predicate word's weight (relative to an unseen word's) times how far it is from matched
    "soft_focus",  # the asked-for noun's closest match in the unit and its context
)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return stem([word])[0]


def asked_words(question: str, predicate: Mapping[str, float]) -> dict[str, float]:
    """The question's own words whose stemmed term is a predicate term, with that term's weight."""
    out: dict[str, float] = {}
    for word in words_of(question):
        term = _stem(word)
        if term in predicate and term not in {_stem(w) for w in out}:
            out[word] = predicate[term]
    return out


def best_matches(asked: list[str], spans: list[tuple[str, ...]], vectors: WordVectors) -> list[np.ndarray]:
    """For each span (a tuple of words), each asked word's closest match in it: cosine, 1 for the same stem."""
    pool = list(dict.fromkeys(w for span in spans for w in span))
    if not asked or not pool:
        return [np.zeros(len(asked), dtype=np.float32) for _ in spans]
    with single_threaded():
        similarity = vectors.lookup(asked) @ vectors.lookup(pool).T
    stems = {s: i for i, s in enumerate(dict.fromkeys(_stem(w) for w in [*asked, *pool]))}
    asked_stems = np.array([stems[_stem(w)] for w in asked])
    pool_stems = np.array([stems[_stem(w)] for w in pool])
    similarity[asked_stems[:, None] == pool_stems[None, :]] = 1.0
    np.clip(similarity, 0.0, 1.0, out=similarity)
    # Each span's columns side by side, so one reduction gives every span's best match.
    column = {w: i for i, w in enumerate(pool)}
    filled = [span for span in spans if span]
    flat = np.array([column[w] for span in filled for w in span], dtype=np.int64)
    starts = np.cumsum([0, *(len(span) for span in filled[:-1])])
    best = np.maximum.reduceat(similarity[:, flat], starts, axis=1).T if filled else np.zeros((0, len(asked)))
    rows = iter(best)
    return [next(rows) if span else np.zeros(len(asked), dtype=np.float32) for span in spans]


def soft_coverage(
    question: str, predicate: Mapping[str, float], focus: str | None, units: list[Unit], vectors: WordVectors
) -> np.ndarray:
    """SOFT_FEATURES of each unit (rows) for a question whose predicate terms weigh `predicate` (relative to an
    unseen term's weight) and whose asked-for noun is the stemmed `focus`."""
    out = np.ones((len(units), len(SOFT_FEATURES)), dtype=np.float32)
    out[:, SOFT_FEATURES.index("soft_missing")] = 0.0
    asked = asked_words(question, predicate)
    focus_word = next((w for w in words_of(question) if focus and _stem(w) == focus), None)
    wanted = list(dict.fromkeys([*asked, *([focus_word] if focus_word else [])]))
    if not units or not wanted:
        return out
    # A heading and title are shared by a chunk's units: each distinct one is matched once.
    contexts = list(dict.fromkeys(u.context for u in units))
    matches = best_matches(wanted, [words_of(u.text) for u in units] + [words_of(c) for c in contexts], vectors)
    unit = np.stack(matches[: len(units)])  # units x wanted words
    around = np.stack(matches[len(units) :])[[contexts.index(u.context) for u in units]]
    context = np.maximum(unit, around)
    weights = np.array([asked.get(w, 0.0) for w in wanted], dtype=np.float32)
    total = float(weights.sum())
    if total:
        is_asked = weights > 0
        out[:, 0] = unit @ weights / total
        out[:, 1] = context @ weights / total
        out[:, 2] = context[:, is_asked].min(axis=1)
        out[:, 3] = (weights * (1.0 - context)).max(axis=1)
    if focus_word:
        out[:, 4] = context[:, wanted.index(focus_word)]
    return out
