"""Hybrid search over a loaded index: dense (FAISS) and BM25 results fused, and the chunk rows near a query."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from index.blas import single_threaded
from index.embedding import Embedder
from index.fusion import reciprocal_rank_fusion
from index.lexical import LexicalIndex, Query
from index.schema import Chunk, Hit
from index.token_vectors import ContextualWords
from index.vector_means import chunk_vectors_from_sentences
from index.vector_store import VectorStore

RETRIEVE_K = 20  # candidates from each of dense and lexical search


@dataclass(frozen=True)
class Retrieval:
    hits: list[Hit]
    query: Query
    query_vector: np.ndarray
    query_words: ContextualWords  # the query's content words as the model read them, from the same pass
    lexical_scores: np.ndarray  # each chunk's BM25 score for the query


class HybridSearch:
    """The chunks of one index, searchable by meaning (chunk and sentence vectors) and by exact terms (BM25)."""

    def __init__(self, chunks: list[Chunk], sentence_vectors: np.ndarray, store: VectorStore, embedder: Embedder):
        self.chunks = chunks
        self.sentence_vectors = sentence_vectors
        counts = [len(c.sentences) for c in chunks]
        # Chunk row r holds sentence rows sentence_start[r] to sentence_start[r + 1] - 1.
        self.sentence_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.lexical = LexicalIndex(
            [self._lexical_text(c) for c in chunks], embedder.dictionary(), [c.doc_path for c in chunks]
        )
        self._store = store
        self._embedder = embedder

    @staticmethod
    def _lexical_text(chunk: Chunk) -> str:
        # A real heading says what a passage is about; "Paragraph 3" does not.
        heading = "" if chunk.section.startswith("Paragraph ") else chunk.section
        return f"{heading}\n{chunk.text}" if heading else chunk.text

    def retrieve(self, question: str, k: int) -> Retrieval:
        """The k best chunks for a question by dense and BM25 ranks fused, with the query as read and encoded."""
        query = self.lexical.prepare(question)
        query_vector, query_words = self._embedder.encode_one_with_words(query.text)
        dense = self._store.search(query_vector, RETRIEVE_K)
        bm25 = self.lexical.scores(query.terms)
        lexical = self.lexical.best(bm25, RETRIEVE_K)
        fused = reciprocal_rank_fusion([[row for row, _ in dense], [row for row, _ in lexical]])[:k]
        dense_scores, lexical_scores = dict(dense), dict(lexical)
        hits = [
            Hit(
                chunk=self.chunks[row],
                score=score,
                dense=dense_scores.get(row, 0.0),
                lexical=lexical_scores.get(row, 0.0),
            )
            for row, score in fused
        ]
        return Retrieval(
            hits=hits, query=query, query_vector=query_vector, query_words=query_words, lexical_scores=bm25
        )

    def rows_of_closest_sentences(self, query_vector: np.ndarray, k: int) -> list[int]:
        """The chunk rows holding the k sentences closest in meaning to the query, closest first."""
        with single_threaded():
            sims = self.sentence_vectors @ query_vector
        k = min(k, len(sims))
        if not k:
            return []
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best])]
        rows = np.searchsorted(self.sentence_start, best, side="right") - 1
        return list(dict.fromkeys(int(r) for r in rows))

    def fitting_in(self, documents: frozenset[str], retrieval: Retrieval, k: int) -> list[int]:
        """The k chunks of `documents` that best fit the query, by meaning and by terms fused, best first."""
        rows = [row for document in sorted(documents) for row in self.document_rows.get(document, ())]
        if not rows or k <= 0:
            return []
        dense = self.chunk_vectors[rows] @ retrieval.query_vector
        lexical = retrieval.lexical_scores[rows]
        rankings = [[rows[i] for i in np.argsort(-scores, kind="stable")] for scores in (dense, lexical)]
        return [row for row, _ in reciprocal_rank_fusion(rankings)[:k]]

    def near_rows(self, chunk_ids: Iterable[str]) -> list[int]:
        """The rows of the chunks named and of the chunk right before and after each in its document."""
        found = []
        for chunk_id in chunk_ids:
            row = self.rows.get(chunk_id)
            if row is not None:  # None: a passage of an index since rebuilt
                found += self.neighbourhood[row]
        return list(dict.fromkeys(found))

    def section_neighbours(self, row: int) -> list[int]:
        """The rows of the chunks right before and after a chunk in its document, within its section."""
        section = self.chunks[row].section
        return [r for r in self.neighbourhood[row] if r != row and self.chunks[r].section == section]

    @functools.cached_property
    def chunk_vectors(self) -> np.ndarray:
        """Each chunk's vector, as the dense index holds it."""
        return chunk_vectors_from_sentences(self.sentence_vectors, np.diff(self.sentence_start).tolist())

    @functools.cached_property
    def document_rows(self) -> dict[str, list[int]]:
        """Each document's chunk rows, in order."""
        rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            rows.setdefault(chunk.doc_path, []).append(row)
        return rows

    @functools.cached_property
    def neighbourhood(self) -> dict[int, list[int]]:
        """Each chunk row with the rows right before and after it in its document, in document order."""
        around: dict[int, list[int]] = {}
        for rows in self.document_rows.values():
            order = sorted(rows, key=lambda r: self.chunks[r].position)
            for at, row in enumerate(order):
                around[row] = order[max(at - 1, 0) : at + 2]
        return around

    @functools.cached_property
    def rows(self) -> dict[str, int]:
        """Each chunk's row by its id."""
        return {chunk.id: row for row, chunk in enumerate(self.chunks)}
