"""The loaded index: hybrid search (FAISS + BM25, fused) and extractive, cited answers."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index import answering
from index.answering import Candidate, Thresholds
from index.chunking import METADATA_SECTION
from index.deadlines import DeadlineRecord
from index.embedding import Embedder
from index.errors import IndexCorruptError
from index.fusion import reciprocal_rank_fusion
from index.lexical import LexicalIndex, Query
from index.schema import Answer, Chunk, Hit
from index.storage import Manifest, current_build_dir, read_manifest
from index.text import normalise, raw_tokens, terms
from index.vector_store import VectorStore
from index.verified_build import read_build

DEFAULT_MAX_QUESTION_CHARS = 500
RETRIEVE_K = 20  # candidates from each of dense and lexical search
ANSWER_CHUNKS = 8  # fused chunks whose sentences compete to answer


@dataclass(frozen=True)
class Retrieval:
    hits: list[Hit]
    query: Query
    query_vector: np.ndarray

    @property
    def query_terms(self) -> list[str]:
        return self.query.terms


class KnowledgeBase:
    def __init__(
        self,
        manifest: Manifest,
        chunks: list[Chunk],
        sentence_vectors: np.ndarray,
        store: VectorStore,
        embedder: Embedder,
        build_dir: Path | None = None,
        deadlines: list[DeadlineRecord] | None = None,
        *,
        thresholds: Thresholds | None = None,
        max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS,
    ) -> None:
        self.manifest = manifest
        self.chunks = chunks
        self.build_dir = build_dir
        self.deadlines = deadlines or []
        self.thresholds = thresholds or Thresholds()
        self.max_question_chars = max_question_chars
        self._embedder = embedder
        self._store = store
        self._sentence_vectors = sentence_vectors
        counts = [len(c.sentences) for c in chunks]
        self._sentence_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._lexical = LexicalIndex([self._lexical_text(c) for c in chunks], embedder.dictionary())

    @staticmethod
    def _lexical_text(chunk: Chunk) -> str:
        # A real heading says what a passage is about; "Paragraph 3" does not.
        heading = "" if chunk.section.startswith("Paragraph ") else chunk.section
        return f"{heading}\n{chunk.text}" if heading else chunk.text

    @classmethod
    def load(cls, index_dir: Path, embedder: Embedder, **options) -> KnowledgeBase:
        """Load the published build; a missing, corrupt or mismatched index raises with a one-line reason."""
        return cls.load_build(current_build_dir(Path(index_dir)), embedder, **options)

    @classmethod
    def load_build(cls, build_dir: Path, embedder: Embedder, **options) -> KnowledgeBase:
        """Load one build directory, published or not (a candidate checked before it is published)."""
        manifest = read_manifest(build_dir)
        if manifest.model != embedder.model_id:
            raise IndexCorruptError(
                f"the index was built with model {manifest.model!r} but {embedder.model_id!r} is loaded; "
                "rebuild with `python scripts/build_index.py --full` or set EMBEDDING_MODEL to match"
            )
        if manifest.dimension != embedder.dimension:
            raise IndexCorruptError(
                f"the index has {manifest.dimension}-dimensional vectors but the model makes {embedder.dimension}"
            )
        files = read_build(build_dir, manifest)
        embedder.encode_one("warm-up")  # the first query builds the fast query path; not a user's question
        return cls(
            manifest, files.chunks, files.sentence_vectors, files.store, embedder, build_dir, files.deadlines, **options
        )

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def embedder(self) -> Embedder:
        """The model questions are encoded with; a reindex builds the next index with the same one."""
        return self._embedder

    def _retrieve(self, question: str, k: int) -> Retrieval:
        query = self._lexical.prepare(question)
        query_vector = self._embedder.encode_one(query.text)
        query_terms = query.terms
        dense = self._store.search(query_vector, RETRIEVE_K)
        lexical = self._lexical.top(query_terms, RETRIEVE_K)
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
        return Retrieval(hits=hits, query=query, query_vector=query_vector)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k passages most relevant to the query, by meaning and by exact terms."""
        return self._retrieve(normalise(query), k).hits

    def _unknown_share(self, query_terms: list[str]) -> float:
        """How much of the question's term weight no document contains at all."""
        # Joined name+number terms ("apollo11") only help matching; their parts are judged on their own.
        query_terms = [t for t in query_terms if t.isalpha() or t.isdigit()]
        if not query_terms:
            return 0.0
        weights = {t: self._lexical.idf(t) for t in set(query_terms)}
        unknown = sum(w for t, w in weights.items() if not self._lexical.knows(t))
        return unknown / sum(weights.values())

    def _coverage(self, query_terms: list[str], text: str) -> float:
        if not query_terms:
            return 0.0
        weights = {t: self._lexical.idf(t) for t in set(query_terms)}
        present = _terms_of(text)
        return sum(w for t, w in weights.items() if t in present) / sum(weights.values())

    def _candidates(self, retrieval: Retrieval, kind: answering.AnswerType) -> list[Candidate]:
        candidates = []
        subject_terms = answering.content_of(retrieval.query_terms)
        for rank, hit in enumerate(retrieval.hits):
            chunk = hit.chunk
            start = self._sentence_start[self._rows[chunk.id]]
            sims = self._sentence_vectors[start : start + len(chunk.sentences)] @ retrieval.query_vector
            heading = "" if chunk.section.startswith("Paragraph ") else chunk.section
            for sentence, sim in zip(chunk.sentences, sims, strict=True):
                candidates.append(
                    Candidate(
                        chunk=chunk,
                        sentence=sentence,
                        similarity=float(sim),
                        coverage=self._coverage(subject_terms, f"{heading} {sentence}"),
                        typed=answering.has_answer_type(kind, sentence),
                        chunk_rank=rank,
                    )
                )
        return candidates

    @functools.cached_property
    def _rows(self) -> dict[str, int]:
        return {chunk.id: row for row, chunk in enumerate(self.chunks)}

    def ask(self, question: str, *, now: datetime | None = None) -> Answer:
        """A short answer citing the sentences it comes from, or an abstention naming the closest sections."""
        started = time.perf_counter()
        text = answering.clean_question(question, self.max_question_chars)
        today = (now or datetime.now(UTC)).date()
        if answering.asks_for_deadlines(text):
            elapsed = (time.perf_counter() - started) * 1000
            answer = answering.deadlines_answer(text, self.deadlines, today, self.version, elapsed)
            if answer is not None:
                return answer
        retrieval = self._retrieve(normalise(text), ANSWER_CHUNKS)
        chosen = self._choose(retrieval)
        elapsed = (time.perf_counter() - started) * 1000
        if chosen:
            return answering.compose(text, chosen, today, self.version, elapsed)
        return answering.abstain(text, [hit.chunk for hit in retrieval.hits], self.version, elapsed)

    def _choose(self, retrieval: Retrieval) -> list[Candidate]:
        """The sentences to answer with; empty when the documents do not answer the question."""
        field = answering.metadata_field(retrieval.query.text)
        if field:
            return self._metadata_answer(retrieval, field)
        focus = answering.focus_word(retrieval.query.text)
        kind = answering.answer_type(retrieval.query.text)
        candidates = self._candidates(retrieval, kind)
        if not candidates:
            return []
        chosen = answering.select(candidates, kind, self.thresholds)
        if (
            focus
            and focus not in answering.GENERIC_FOCUS
            and not answering.focus_answered(focus, chosen[0].sentence, _singular_words(chosen[0].chunk.text))
            and chosen[0].similarity < self.thresholds.focus_override_similarity
        ):
            # "What rocket …?" answered by a passage that names no rocket. Surface words, not stems, are compared:
            # an "administrator" is not an "administration".
            return []
        unknown = self._unknown_share(answering.content_of(retrieval.query.core_terms))
        return chosen if answering.is_confident(chosen[0], unknown, kind, self.thresholds) else []

    def _metadata_answer(self, retrieval: Retrieval, field: str) -> list[Candidate]:
        """Author and title come from front matter, for the document the question names.

        A question that names none ("who wrote the article?") is taken to mean the largest document, the one the
        corpus is mostly about; naming a title's words ("who wrote the ISS overview?") picks another.
        """
        stated = [d for d in self.manifest.documents if d.metadata.get(field)]
        if not stated:
            return []
        asked = set(retrieval.query.core_terms) - set(terms("article document title author wrote written headline"))

        def relevance(doc) -> tuple[int, int]:
            return (len(asked & set(terms(doc.title))), doc.chunks)

        document = max(stated, key=relevance)
        value = str(document.metadata[field])
        chunk = next((c for c in self.chunks if c.doc_path == document.path and c.section == METADATA_SECTION), None)
        sentence = next((s for s in chunk.sentences if value in s), None) if chunk else None
        if sentence is None:
            return []
        return [Candidate(chunk, sentence, similarity=1.0, coverage=1.0, typed=True, chunk_rank=0)]


@functools.lru_cache(maxsize=16384)
def _singular_words(text: str) -> frozenset[str]:
    return frozenset(answering.singular(w) for w in raw_tokens(text))


@functools.lru_cache(maxsize=65536)
def _terms_of(text: str) -> frozenset[str]:
    return frozenset(terms(text))
