"""The loaded index: an index checked against the model it is asked with, and extractive, cited answers."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

from index import answering, composing
from index.announced import with_items
from index.answering import Decision
from index.candidate_units import CandidateUnits
from index.deadlines.records import DeadlineRecord
from index.embedding import Embedder
from index.errors import IndexCorruptError
from index.excerpt import Match
from index.features import Evidence
from index.focus import Focus
from index.hybrid_search import HybridSearch, Retrieval
from index.lexical import LexicalIndex
from index.manifest import Manifest, read_manifest
from index.question import clean_question
from index.question_kind import KindModel, load_kind_model
from index.quoting import Group, Quote, quotes
from index.record_answers import answer_from_records
from index.schema import Answer, Chunk, Hit
from index.scoring import AnswerModel
from index.storage import current_build_dir
from index.text import normalise
from index.token_vectors import TokenVectors
from index.vector_store import VectorStore
from index.verified_build import read_build
from index.word_vectors import WordVectors, chunk_vocabulary

DEFAULT_MAX_QUESTION_CHARS = 500


class KnowledgeBase:
    """One build loaded for answering: its chunks, their search, and the answer model."""

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
        kinds: KindModel | None = None,
    ) -> None:
        """`word_vectors` are the stored vectors of the corpus's words, `token_vectors` its sentences' contextual
        word vectors; without them they are embedded now. `kinds`: the question-kind model, the stored one by
        default, used when it reads the embedder's vectors."""
        self.manifest = manifest
        self.chunks = chunks
        self.build_dir = build_dir
        self.deadlines = deadlines or []
        self.model = model or AnswerModel.load()
        self.max_question_chars = max_question_chars
        self._embedder = embedder
        self._search = HybridSearch(chunks, sentence_vectors, store, embedder)
        if word_vectors is None:
            words = chunk_vocabulary(chunks)
            word_vectors, _ = WordVectors.build(words, embedder)
        self._word_vectors = word_vectors
        self._word_vectors.encoder = embedder  # a question's words the corpus lacks are embedded on demand
        if token_vectors is None:
            sentences = [s for c in chunks for s in c.sentences]
            _, words = embedder.encode_with_words(sentences)
            token_vectors = TokenVectors.assemble(sentences, dict(zip(sentences, words, strict=True)), {}, None)
        kinds = kinds or load_kind_model()
        # Questions encoded by another model than the kind model learned from are read without their kind.
        usable = kinds if kinds.reads(embedder.dimension) else None
        self._candidates = CandidateUnits(self._search, word_vectors, token_vectors, usable)

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
        return self._search.lexical

    @property
    def embedder(self) -> Embedder:
        """The model questions are encoded with; a reindex builds the next index with the same one."""
        return self._embedder

    def word_similarity(self, word: str, others: list[str]) -> np.ndarray:
        """How close in meaning `word` is to each of `others` (cosine of the model's word vectors)."""
        vectors = self._word_vectors.lookup([word.lower(), *(w.lower() for w in others)])
        norms = np.linalg.norm(vectors, axis=1)
        return vectors[1:] @ vectors[0] / np.maximum(norms[1:] * norms[0], 1e-9)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The k passages most relevant to the query, by meaning and by exact terms."""
        return self._search.retrieve(normalise(query), k).hits

    def evidence(self, question: str, focus: Focus | None = None) -> tuple[Retrieval, Evidence]:
        """The units competing to answer a question, with what retrieval knows about each (`CandidateUnits`)."""
        return self._candidates.evidence(question, focus)

    def decide(self, question: str, focus: Focus | None = None) -> tuple[Retrieval, Decision]:
        """The model's verdict on a question: every candidate unit scored, and the units to quote if any."""
        retrieval, evidence = self.evidence(question, focus)
        prior = focus.prior(evidence.units, self.near(focus)) if focus is not None else None
        return retrieval, answering.decide(evidence, self.model, self.lexical.idf, self.lexical.knows, prior)

    def near(self, focus: Focus) -> frozenset[str]:
        """The ids of the passages a focus cites and of the passages right before and after each."""
        return frozenset(self._search.chunks[row].id for row in self._search.near_rows(focus.chunk_ids))

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
            answer = composing.compose(text, self._quoted(decision), today, self.version, elapsed())
        return replace(answer, confidence=decision.answerable)

    def _quoted(self, decision: Decision) -> list[Quote]:
        """The chosen units, each followed by the items it announces, with their dates when they are told apart,
        within the answer's room."""
        evidence = decision.evidence
        match = Match.of(evidence.content_terms, evidence.info, self.lexical.idf)
        groups = with_items(decision.units(), self.following, evidence.info, match)
        dates = decision.as_of() or [None] * len(groups)
        groups = [Group(g.units, g.more, d) for g, d in zip(groups, dates, strict=True)]
        if decision.listed:  # siblings of one list: one group, cut short as one list
            units = [u for g in groups for u in g.units]
            groups = [Group(units, sum(g.more for g in groups) + decision.more)]
        return quotes(groups, match)

    def following(self, chunk: Chunk, limit: int = 12) -> list[Chunk]:
        """The chunks after `chunk` in its document, in order (at most `limit`)."""
        later = [self.chunks[r] for r in self._search.document_rows.get(chunk.doc_path, ())]
        later = sorted((c for c in later if c.position > chunk.position), key=lambda c: c.position)
        return later[:limit]

    def answer_from_records(self, question: str, today: date) -> Answer | None:
        """The answer from the deadline records or front matter (`record_answers`); None for any other question."""
        return answer_from_records(question, today, self.manifest, self.chunks, self.deadlines, self.lexical)
