"""FAISS behind a small interface: inner product over normalised vectors, exact while small, HNSW past a threshold."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

# Exact search is fast enough below this many vectors (about 3 ms at 20k x 384 on two cores); past it, HNSW.
HNSW_THRESHOLD = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def index_type_for(count: int) -> str:
    return "flat" if count < HNSW_THRESHOLD else "hnsw"


class VectorStore:
    def __init__(self, index: faiss.Index) -> None:
        self._index = index
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH

    @classmethod
    def build(cls, vectors: np.ndarray, index_type: str | None = None) -> VectorStore:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        kind = index_type or index_type_for(len(vectors))
        if kind == "flat":
            index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            raise ValueError(f"unknown index type {kind!r}")
        index.add(vectors)
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> VectorStore:
        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self._index, faiss.IndexHNSW) else "flat"

    @property
    def dimension(self) -> int:
        return self._index.d

    def __len__(self) -> int:
        return self._index.ntotal

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k nearest rows to one normalised query vector, as (row, cosine) pairs, best first."""
        if len(self) == 0 or k <= 0:
            return []
        # One query gains nothing from OpenMP threads, and while the other core is busy their barriers cost
        # 10-20 ms (exact search over 10k: 12 ms with two threads, 1 ms with one). The setting belongs to the
        # calling thread, so it is restored for whatever that thread does next (building an index, say).
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            scores, rows = self._index.search(query.reshape(1, -1).astype(np.float32, copy=False), min(k, len(self)))
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]
