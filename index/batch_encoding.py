"""Encoding many texts with either encoder: in batches of similar length, back in the order given."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from index.token_vectors import ContextualWords


def encode_in_batches(
    texts: list[str],
    encode_batch: Callable[[list[str]], np.ndarray],
    dimension: int,
    *,
    batch_size: int,
    progress: bool = False,
) -> np.ndarray:
    """Encode texts batch by batch, shortest first so that each batch pads little, back in the given order.

    `encode_batch` takes its model lock per call, so a question asked during a long build waits for one batch,
    not for the whole build.
    """
    if not texts:
        return np.zeros((0, dimension), dtype=np.float32)
    from tqdm.auto import tqdm

    out = np.empty((len(texts), dimension), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in tqdm(range(0, len(order), batch_size), desc="embedding", unit="batch", disable=not progress):
        rows = order[start : start + batch_size]
        out[rows] = encode_batch([texts[i] for i in rows])
    return out


def encode_with_words_in_batches(
    texts: list[str],
    encode_batch: Callable[[list[str]], tuple[np.ndarray, list[ContextualWords]]],
    dimension: int,
    *,
    batch_size: int,
    progress: bool = False,
) -> tuple[np.ndarray, list[ContextualWords]]:
    """`encode_in_batches` for a batch encoder that also gives each text's contextual words: both, in text order."""
    found: dict[str, ContextualWords] = {}

    def vectors_of(batch: list[str]) -> np.ndarray:
        vectors, words = encode_batch(batch)
        found.update(zip(batch, words, strict=True))
        return vectors

    vectors = encode_in_batches(texts, vectors_of, dimension, batch_size=batch_size, progress=progress)
    return vectors, [found[t] for t in texts]
