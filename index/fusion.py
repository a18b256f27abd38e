"""Fusing dense and lexical rankings: a pure function, so it is tested without FAISS or a model."""

from __future__ import annotations

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: list[list[int]], *, weights: list[float] | None = None, k: int = RRF_K
) -> list[tuple[int, float]]:
    """Merge ranked id lists into one (id, score) list, best first; ties broken by id for determinism.

    Reciprocal rank fusion needs no score calibration between BM25 and cosine, which live on different scales.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
