"""Okapi BM25 (Lucene's variant) over pre-tokenised documents, in numpy: the scores bm25s gives, bit for bit.

Each term's weight in each document is computed once, in float32 as bm25s stores it; a query adds its terms'
weights into a float32 array in the query's order (a repeated term counts again), as bm25s does. Answering thus
needs neither bm25s nor the scipy it imports (a tenth of a second of start-up).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

K1 = 1.5
B = 0.75


class Bm25:
    def __init__(self, documents: list[list[str]], *, k1: float = K1, b: float = B) -> None:
        self.num_docs = len(documents)
        self.df: Counter[str] = Counter(term for doc in documents for term in set(doc))  # documents holding each term
        term_ids = {term: n for n, term in enumerate(self.df)}
        counts = [Counter(doc) for doc in documents]
        rows = np.repeat(np.arange(self.num_docs, dtype=np.int64), [len(c) for c in counts])
        ids = np.fromiter((term_ids[t] for c in counts for t in c), dtype=np.int64, count=len(rows))
        tf = np.fromiter((n for c in counts for n in c.values()), dtype=np.float32, count=len(rows))
        idf = np.array([math.log(1 + (self.num_docs - n + 0.5) / (n + 0.5)) for n in self.df.values()], np.float32)
        # Each weight as bm25s computes it: the length norm in float64, the product rounded once to float32.
        lengths = np.array([len(doc) for doc in documents], dtype=np.float64)
        norm = k1 * ((1 - b) + b * lengths[rows] / lengths.mean()) if len(rows) else np.zeros(0)
        weights = (idf[ids] * (tf / (norm + tf))).astype(np.float32)
        # Postings: every (document, weight) of a term side by side, a term's run found by its span.
        order = np.argsort(ids, kind="stable")
        self._rows, self._weights = rows[order], weights[order]
        bounds = np.searchsorted(ids[order], np.arange(len(term_ids) + 1)).tolist()
        self._spans = {term: (bounds[n], bounds[n + 1]) for term, n in term_ids.items()}

    def scores(self, query_terms: list[str], term_weights: list[float] | None = None) -> np.ndarray:
        """Each document's score for the query (float32); terms the corpus lacks add nothing. With `term_weights`,
        each term's part is multiplied by its weight."""
        out = np.zeros(self.num_docs, dtype=np.float32)
        for n, term in enumerate(query_terms):
            span = self._spans.get(term)
            if span is not None:
                part = self._weights[span[0] : span[1]]
                weight = None if term_weights is None else np.float32(term_weights[n])
                out[self._rows[span[0] : span[1]]] += part if weight is None else weight * part
        return out
