"""Coverage of a question by a span in meaning, word by word: for each thing the question asks about the named
things (its predicate words), how close in meaning is the closest word of the span, and of the span with its
section heading and title. Exact coverage cannot tell "fee" answering "cost" from "code of conduct" not answering
"dress code"; these signals can, and their weights are learned like every other feature's.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from index.text import raw_tokens, stem
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
    for word in words_of(" ".join(raw_tokens(question))):
        term = _stem(word)
        if term in predicate and term not in {_stem(w) for w in out}:
            out[word] = predicate[term]
    return out


def best_matches(asked: list[str], spans: list[tuple[str, ...]], vectors: WordVectors) -> list[np.ndarray]:
    """For each span (a tuple of words), each asked word's closest match in it: cosine, 1 for the same stem."""
    pool = list(dict.fromkeys(w for span in spans for w in span))
    if not asked or not pool:
        return [np.zeros(len(asked), dtype=np.float32) for _ in spans]
    similarity = vectors.lookup(asked) @ vectors.lookup(pool).T
    asked_stems = np.array([_stem(w) for w in asked])
    pool_stems = np.array([_stem(w) for w in pool])
    similarity[asked_stems[:, None] == pool_stems[None, :]] = 1.0
    np.clip(similarity, 0.0, 1.0, out=similarity)
    column = {w: i for i, w in enumerate(pool)}
    return [
        similarity[:, [column[w] for w in span]].max(axis=1) if span else np.zeros(len(asked), dtype=np.float32)
        for span in spans
    ]


def soft_coverage(
    question: str, predicate: Mapping[str, float], focus: str | None, units: list[Unit], vectors: WordVectors
) -> np.ndarray:
    """SOFT_FEATURES of each unit (rows) for a question whose predicate terms weigh `predicate` (relative to an
    unseen term's weight) and whose asked-for noun is the stemmed `focus`."""
    out = np.ones((len(units), len(SOFT_FEATURES)), dtype=np.float32)
    out[:, SOFT_FEATURES.index("soft_missing")] = 0.0
    asked = asked_words(question, predicate)
    focus_word = next((w for w in words_of(" ".join(raw_tokens(question))) if focus and _stem(w) == focus), None)
    wanted = list(dict.fromkeys([*asked, *([focus_word] if focus_word else [])]))
    if not units or not wanted:
        return out
    in_unit = [words_of(u.text) for u in units]
    in_context = [tuple(dict.fromkeys([*words_of(u.text), *words_of(u.context)])) for u in units]
    matches = best_matches(wanted, in_unit + in_context, vectors)
    weights = np.array([asked.get(w, 0.0) for w in wanted], dtype=np.float32)
    is_asked = weights > 0
    total = float(weights.sum())
    for row in range(len(units)):
        unit, context = matches[row], matches[len(units) + row]
        if total:
            out[row, 0] = float(weights @ unit) / total
            out[row, 1] = float(weights @ context) / total
            out[row, 2] = float(context[is_asked].min())
            out[row, 3] = float(np.max(weights * (1.0 - context)))
        if focus_word:
            out[row, 4] = float(context[wanted.index(focus_word)])
    return out
