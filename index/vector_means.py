"""A passage's vector from its sentences' vectors: their mean, normalised (so inner product stays cosine)."""

from __future__ import annotations

import numpy as np


def normalised_mean(vectors: np.ndarray) -> np.ndarray:
    """The unit vector along the sum of `vectors` (zeros when they cancel out)."""
    total = vectors.sum(axis=0)
    return total / max(float(np.linalg.norm(total)), 1e-9)


def chunk_vectors_from_sentences(sentence_vectors: np.ndarray, counts: list[int]) -> np.ndarray:
    """Each chunk's vector from its `count` consecutive sentence vectors; zeros for a chunk without sentences."""
    dim = sentence_vectors.shape[1] if sentence_vectors.ndim == 2 else 0
    out = np.zeros((len(counts), dim), dtype=np.float32)
    start = 0
    for row, count in enumerate(counts):
        if count:
            out[row] = normalised_mean(sentence_vectors[start : start + count])
        start += count
    return out
