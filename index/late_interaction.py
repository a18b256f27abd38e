"""Late interaction (ColBERT's MaxSim) between a question and its candidate units: each content word of the
question, as the model read it in the question, against the closest word of the unit as the model read it there
(index/token_vectors.py). A pooled vector says a sentence is about the same subject; this says whether it speaks
of each thing asked, in the sense asked.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from index.blas import single_threaded
from index.text import stem
from index.token_vectors import ContextualWords, TokenVectors

# Chosen by cross-validation on tune questions: the same means over the predicate words, over the named things'
# words, and the worst matched word as well rank the right unit first as often but refuse fewer questions to refuse.
LATE_FEATURES = (
    "late_content",  # idf-weighted mean, over the question's content words, of the closest word of the unit (cosine)
    "late_gap",  # how far below the best unit's
)


def question_weights(
    question: ContextualWords, content_terms: tuple[str, ...], idf: Callable[[str], float]
) -> np.ndarray:
    """Each question word's weight: its term's idf when it is a content term (once per term), else 0."""
    weights = np.zeros(len(question.words), dtype=np.float32)
    wanted, seen = set(content_terms), set()
    for i, term in enumerate(stem(list(question.words))):
        if term in wanted and term not in seen:
            seen.add(term)
            weights[i] = idf(term)
    return weights


def best_matches(question: np.ndarray, store: TokenVectors, spans: list[range]) -> np.ndarray:
    """For each span of sentences (global sentence numbers), each question word's closest word in it (spans x
    words; 0 for a span without content words)."""
    out = np.zeros((len(spans), len(question)), dtype=np.float32)
    sentences = sorted({s for span in spans for s in span if store.starts[s + 1] > store.starts[s]})
    if not sentences or not len(question):
        return out
    rows = np.concatenate([store.rows(s) for s in sentences])
    with single_threaded():
        similarity = question @ store.vectors[rows].astype(np.float32).T
    starts = np.cumsum([0, *(store.starts[s + 1] - store.starts[s] for s in sentences[:-1])])
    per_sentence = np.maximum.reduceat(similarity, starts, axis=1).T  # sentences x words
    index = {s: i for i, s in enumerate(sentences)}
    for row, span in enumerate(spans):
        held = [index[s] for s in span if s in index]
        if held:
            out[row] = per_sentence[held].max(axis=0)
    return np.clip(out, 0.0, 1.0, out=out)


def word_matches(question: ContextualWords, weights: np.ndarray, store: TokenVectors, spans: list[range]) -> np.ndarray:
    """Each weighted question word's closest word in each span (spans x question words; 0 for a word of no weight):
    matched once per question, read by every feature of words matched in place."""
    out = np.zeros((len(spans), len(weights)), dtype=np.float32)
    asked = weights > 0
    if spans and asked.any():
        out[:, asked] = best_matches(store.projection.apply(question.vectors[asked]), store, spans)
    return out


def late_features(matches: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """LATE_FEATURES of each span (rows of `word_matches`); a question without content words misses nothing (ones,
    no gap)."""
    out = np.ones((len(matches), len(LATE_FEATURES)), dtype=np.float32)
    out[:, LATE_FEATURES.index("late_gap")] = 0.0
    if not len(matches) or not (weights > 0).any():
        return out
    content = matches @ weights / weights.sum()
    out[:, 0] = content
    out[:, 1] = content - content.max()
    return out
