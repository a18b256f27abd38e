"""The loaded index: hybrid search (FAISS + BM25, fused) and extractive, cited answers."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

from index import answering, composing
from index.announced import with_items
from index.answering import Decision
from index.blas import single_threaded
from index.deadlines.extraction import published_date
from index.deadlines.records import DeadlineRecord
from index.embedding import Embedder
from index.errors import IndexCorruptError
from index.features import Evidence, predicate_weights
from index.focus import Focus
from index.fusion import reciprocal_rank_fusion
from index.late_interaction import late_features, question_weights
from index.lexical import LexicalIndex, Query
from index.manifest import Manifest, read_manifest
from index.question import asks_for_deadlines, clean_question, metadata_field, read_question, readable
from index.schema import Answer, Chunk, Hit
from index.scoring import AnswerModel
from index.soft_coverage import soft_coverage
from index.storage import current_build_dir
from index.text import normalise, raw_tokens, terms
from index.token_vectors import ContextualWords, TokenVectors
from index.unit_facts import facts
from index.units import Unit, chunk_kind, sentence_units, units_of
from index.vector_store import VectorStore
from index.verified_build import read_build
from index.word_vectors import WordVectors, chunk_vocabulary

DEFAULT_MAX_QUESTION_CHARS = 500
RETRIEVE_K = 20  # candidates from each of dense and lexical search
ANSWER_CHUNKS = 8  # fused chunks whose units compete to answer
CLOSEST_SENTENCES = 4  # ... with the chunks of the sentences closest in meaning to the question
# Words that say what kind of answer is wanted ("target date", "how many"), not what the question is about.
TYPE_WORDS = frozenset(terms("date dates day days year years month months time number"))


@dataclass(frozen=True)
class Retrieval:
    hits: list[Hit]
    query: Query
    query_vector: np.ndarray
    query_words: ContextualWords  # the query's content words as the model read them, from the same pass
    lexical_scores: np.ndarray  # each chunk's BM25 score for the query


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
        model: AnswerModel | None = None,
        max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS,
        word_vectors: WordVectors | None = None,
        token_vectors: TokenVectors | None = None,
    ) -> None:
        """`word_vectors` are the stored vectors of the corpus's words, `token_vectors` its sentences' contextual
        word vectors; without them they are embedded now."""
        self.manifest = manifest
        self.chunks = chunks
        self.build_dir = build_dir
        self.deadlines = deadlines or []
        self.model = model or AnswerModel.load()
        self.max_question_chars = max_question_chars
        self._embedder = embedder
        self._store = store
        self._sentence_vectors = sentence_vectors
        counts = [len(c.sentences) for c in chunks]
        self._sentence_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._unit_cache: dict[int, list[Unit]] = {}
        self._lexical = LexicalIndex([self._lexical_text(c) for c in chunks], embedder.dictionary())
        if word_vectors is None:
            words = chunk_vocabulary(chunks)
            word_vectors, _ = WordVectors.build(words, embedder)
        self._word_vectors = word_vectors
        self._word_vectors.encoder = embedder  # a question's words the corpus lacks are embedded on demand
        if token_vectors is None:
            sentences = [s for c in chunks for s in c.sentences]
            _, words = embedder.encode_with_words(sentences)
            token_vectors = TokenVectors.assemble(sentences, dict(zip(sentences, words, strict=True)), {}, None)
        self._token_vectors = token_vectors

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
            manifest,
            files.chunks,
            files.sentence_vectors,
            files.store,
            embedder,
            build_dir,
            files.deadlines,
            word_vectors=files.word_vectors,
            token_vectors=files.token_vectors,
            **options,
        )

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def lexical(self) -> LexicalIndex:
        """Term statistics of the corpus (idf, known words, acronyms)."""
        return self._lexical

    @property
    def embedder(self) -> Embedder:
        """The model questions are encoded with; a reindex builds the next index with the same one."""
        return self._embedder

    def _retrieve(self, question: str, k: int) -> Retrieval:
        query = self._lexical.prepare(question)
        query_vector, query_words = self._embedder.encode_one_with_words(query.text)
        dense = self._store.search(query_vector, RETRIEVE_K)
        bm25 = self._lexical.scores(query.terms)
        lexical = self._lexical.best(bm25, RETRIEVE_K)
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

    def word_similarity(self, word: str, others: list[str]) -> np.ndarray:
        """How close in meaning `word` is to each of `others` (cosine of the model's word vectors)."""
        vectors = self._word_vectors.lookup([word.lower(), *(w.lower() for w in others)])
        norms = np.linalg.norm(vectors, axis=1)
        return vectors[1:] @ vectors[0] / np.maximum(norms[1:] * norms[0], 1e-9)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k passages most relevant to the query, by meaning and by exact terms."""
        return self._retrieve(normalise(query), k).hits

    def evidence(self, question: str, focus: Focus | None = None) -> tuple[Retrieval, Evidence]:
        """The candidate units of the best chunks for a question, with what retrieval knows about each; a focus adds
        the passages of its documents closest to the question."""
        retrieval = self._retrieve(readable(question), ANSWER_CHUNKS)
        info = read_question(question, retrieval.query.corrected)
        acronyms = tuple(
            (term, self._lexical.acronyms[token])
            for token in dict.fromkeys(raw_tokens(info.text))
            if token in self._lexical.acronyms
            for term in terms(token)
        )
        q = retrieval.query_vector
        chunk_rows = [self._rows[hit.chunk.id] for hit in retrieval.hits]
        # Chunks holding the sentences closest in meaning join the candidates, whatever their fused rank.
        for row in self._rows_of_closest_sentences(q, CLOSEST_SENTENCES):
            if row not in chunk_rows:
                chunk_rows.append(row)
        if focus is not None:
            fitting = self._fitting_in(focus.documents, retrieval, focus.weights.chunks)
            chunk_rows += [row for row in fitting if row not in chunk_rows]
        units: list[Unit] = []
        rows: list[int] = []
        ranks: list[int] = []
        for rank, row in enumerate(chunk_rows):
            for unit in self._units(row):
                units.append(unit)
                rows.append(row)
                ranks.append(rank)
        content_terms = tuple(t for t in dict.fromkeys(retrieval.query.core_terms) if t not in TYPE_WORDS)
        unseen = self._lexical.idf("\x00")
        predicate = {t: w / unseen for t, w in predicate_weights(content_terms, info.names, self._lexical.idf).items()}
        unit_vectors = np.stack([self._unit_vector(r, u) for r, u in zip(rows, units, strict=True)]) if units else None
        evidence = Evidence(
            info=info,
            content_terms=content_terms,
            acronyms=acronyms,
            units=units,
            unit_similarity=unit_vectors @ q if units else np.zeros(0, dtype=np.float32),
            chunk_similarity=self._chunk_vectors[rows] @ q if units else np.zeros(0, dtype=np.float32),
            chunk_lexical=retrieval.lexical_scores[rows] if units else np.zeros(0, dtype=np.float32),
            chunk_rank=np.array(ranks, dtype=np.float32),
            published=[facts(u.text).as_of or published_date(u.chunk.published) for u in units],
            soft=soft_coverage(retrieval.query.corrected, predicate, info.focus, units, self._word_vectors),
            late=self._late(retrieval, content_terms, rows, units),
        )
        return retrieval, evidence

    def _late(self, retrieval: Retrieval, content_terms, rows: list[int], units: list[Unit]) -> np.ndarray:
        """LATE_FEATURES of each unit: the query's words matched with the unit's words, each as read in place."""
        weights = question_weights(retrieval.query_words, content_terms, self._lexical.idf)
        spans = [
            range(self._sentence_start[r] + u.first, self._sentence_start[r] + u.last + 1)
            for r, u in zip(rows, units, strict=True)
        ]
        return late_features(retrieval.query_words, weights, self._token_vectors, spans)

    def _rows_of_closest_sentences(self, query_vector: np.ndarray, k: int) -> list[int]:
        with single_threaded():
            sims = self._sentence_vectors @ query_vector
        k = min(k, len(sims))
        if not k:
            return []
        best = np.argpartition(-sims, k - 1)[:k]
        best = best[np.argsort(-sims[best])]
        rows = np.searchsorted(self._sentence_start, best, side="right") - 1
        return list(dict.fromkeys(int(r) for r in rows))

    def _fitting_in(self, documents: frozenset[str], retrieval: Retrieval, k: int) -> list[int]:
        """The k chunks of `documents` that best fit the query, by meaning and by terms fused, best first."""
        rows = [row for document in sorted(documents) for row in self._document_rows.get(document, ())]
        if not rows or k <= 0:
            return []
        dense = self._chunk_vectors[rows] @ retrieval.query_vector
        lexical = retrieval.lexical_scores[rows]
        rankings = [[rows[i] for i in np.argsort(-scores, kind="stable")] for scores in (dense, lexical)]
        return [row for row, _ in reciprocal_rank_fusion(rankings)[:k]]

    def _units(self, row: int) -> list[Unit]:
        units = self._unit_cache.get(row)
        if units is None:
            units = self._unit_cache[row] = units_of(self.chunks[row])
        return units

    def _unit_vector(self, row: int, unit: Unit) -> np.ndarray:
        start = self._sentence_start[row]
        vectors = self._sentence_vectors[start + unit.first : start + unit.last + 1]
        if len(vectors) == 1:
            return vectors[0]
        mean = vectors.sum(axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-9)

    @functools.cached_property
    def _chunk_vectors(self) -> np.ndarray:
        """Each chunk's vector: the normalised mean of its sentences' (as the dense index holds them)."""
        dim = self._sentence_vectors.shape[1] if self._sentence_vectors.ndim == 2 else 0
        out = np.zeros((len(self.chunks), dim), dtype=np.float32)
        for row in range(len(self.chunks)):
            start, end = self._sentence_start[row], self._sentence_start[row + 1]
            if end > start:
                mean = self._sentence_vectors[start:end].sum(axis=0)
                out[row] = mean / max(float(np.linalg.norm(mean)), 1e-9)
        return out

    @functools.cached_property
    def _document_rows(self) -> dict[str, list[int]]:
        """Each document's chunk rows, in order."""
        rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            rows.setdefault(chunk.doc_path, []).append(row)
        return rows

    @functools.cached_property
    def _rows(self) -> dict[str, int]:
        return {chunk.id: row for row, chunk in enumerate(self.chunks)}

    def decide(self, question: str, focus: Focus | None = None) -> tuple[Retrieval, Decision]:
        """The model's verdict on a question: every candidate unit scored, and the units to quote if any."""
        retrieval, evidence = self.evidence(question, focus)
        prior = focus.prior(evidence.units) if focus is not None else None
        return retrieval, answering.decide(evidence, self.model, self.lexical.idf, self.lexical.knows, prior)

    def ask(self, question: str, *, now: datetime | None = None, focus: Focus | None = None) -> Answer:
        """A short answer citing the spans it comes from, or an abstention naming the closest sections.

        `focus`, for a question that leans on the conversation: where the last answer came from."""
        started = time.perf_counter()
        text = clean_question(question, self.max_question_chars)
        today = (now or datetime.now(UTC)).date()

        def elapsed() -> float:
            return (time.perf_counter() - started) * 1000

        answer = self.answer_from_records(text, today)
        if answer is not None:
            return replace(answer, latency_ms=elapsed())
        retrieval, decision = self.decide(text, focus)
        if decision.abstained:
            answer = composing.abstain(text, [hit.chunk for hit in retrieval.hits], self.version, elapsed())
        else:
            units, as_of = self._quoted(decision)
            answer = composing.compose(text, units, today, self.version, elapsed(), as_of=as_of)
        return replace(answer, confidence=decision.answerable)

    def _quoted(self, decision: Decision) -> tuple[list[Unit], list[date | None] | None]:
        """The chosen units, each followed by the items it announces, and their dates when they are told apart."""
        groups = with_items(decision.units(), self.following, decision.evidence.info)
        dates = decision.as_of()
        units = [u for group in groups for u in group]
        as_of = [d for group, d in zip(groups, dates, strict=True) for _ in group] if dates else None
        return units, as_of

    def following(self, chunk: Chunk, limit: int = 12) -> list[Chunk]:
        """The chunks after `chunk` in its document, in order (at most `limit`)."""
        later = [self.chunks[r] for r in self._document_rows.get(chunk.doc_path, ())]
        later = sorted((c for c in later if c.position > chunk.position), key=lambda c: c.position)
        return later[:limit]

    def answer_from_records(self, question: str, today: date) -> Answer | None:
        """The answer to a question about the next deadlines (from the extracted records) or about a document's
        front matter (author, title); None for any other question."""
        if asks_for_deadlines(question):
            answer = composing.deadlines_answer(question, self.deadlines, today, self.version, 0.0)
            if answer is not None:
                return answer
        corrected = self.lexical.prepare(readable(question)).corrected
        field = metadata_field(corrected)
        found = self._metadata_unit(corrected, field) if field else None
        if found is None:
            return None
        unit, value = found
        return composing.compose(question, [unit], today, self.version, 0.0, metadata_value=value)

    def _metadata_unit(self, question: str, field: str) -> tuple[Unit, str] | None:
        """Author and title come from front matter, for the document the question names.

        A question that names none ("who wrote the article?") is taken to mean the largest document, the one the
        corpus is mostly about; naming a title's words ("who wrote the ISS overview?") picks another.
        """
        stated = [d for d in self.manifest.documents if d.metadata.get(field)]
        if not stated:
            return None
        asked = set(terms(question)) - set(terms("article document title author wrote written headline"))

        def relevance(doc) -> tuple[int, int]:
            return (len(asked & set(terms(doc.title))), doc.chunks)

        document = max(stated, key=relevance)
        value = str(document.metadata[field])
        for chunk in self.chunks:
            if chunk.doc_path == document.path and chunk_kind(chunk) == "metadata":
                unit = next((u for u in sentence_units(chunk) if value in u.text), None)
                if unit is not None:
                    return unit, value
        return None
