"""Building and publishing the index: load → chunk → embed (reusing unchanged vectors) → FAISS → atomic publish."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.build_lock import build_lock
from index.build_report import BuildReport
from index.build_reuse import previous_chunks, previous_vectors, published_build, sentence_key, sentence_keys
from index.build_writer import write_build
from index.chunking import ChunkingConfig, chunk_document
from index.deadlines.extraction import extract_records, published_dates
from index.embedding import Embedder, SentenceEncoder, resolve_model
from index.loaders import load_documents
from index.manifest import DocumentInfo, Manifest
from index.reading_code import reading_fingerprint
from index.storage import FORMAT_VERSION
from index.storage import publish as publish_build
from index.token_vectors import TokenVectors
from index.vector_means import chunk_vectors_from_sentences
from index.vector_store import VectorStore
from index.word_vectors import WordVectors, chunk_vocabulary

log = logging.getLogger(__name__)


def content_version(model: str, chunking: ChunkingConfig, documents: list[tuple[str, str]]) -> str:
    """A short hash of everything the index is made from: model, chunking, the reading code, each document's bytes."""
    payload = json.dumps(
        {
            "format": FORMAT_VERSION,
            "model": model,
            "chunking": chunking.to_json(),
            "reading": reading_fingerprint(),
            "docs": sorted(documents),
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def build_index(
    docs_dir: Path,
    out_dir: Path,
    embedder: SentenceEncoder | Callable[[], SentenceEncoder] | None = None,
    *,
    model: str | None = None,
    full: bool = False,
    chunking: ChunkingConfig | None = None,
    progress: bool = False,
    publish: bool = True,
    dry_run: bool = False,
    locked: bool = False,
) -> BuildReport:
    """Build docs_dir into out_dir; only new sentences are embedded unless `full`.

    `embedder` may be a ready Embedder or a factory: when nothing changed the model is never loaded. With
    `publish=False` the build is left beside the published one for the caller to check and publish
    (`index.storage.publish`); with `dry_run` nothing is built and the report lists what would change.
    Pass `locked=True` when the caller already holds `build_lock(out_dir)` (to build, check and publish as one).
    """
    started = time.perf_counter()
    chunking = chunking or ChunkingConfig()
    with nullcontext() if locked else build_lock(out_dir):
        report = _build_or_compare(docs_dir, out_dir, embedder, model, chunking, full, progress, publish, dry_run)
    report.seconds = time.perf_counter() - started
    return report


def _build_or_compare(docs_dir, out_dir, embedder, model, chunking, full, progress, publish, dry_run) -> BuildReport:
    out_dir.mkdir(parents=True, exist_ok=True)
    model_id = embedder.model_id if isinstance(embedder, SentenceEncoder) else resolve_model(model)[0]
    loaded = load_documents(docs_dir)
    version = content_version(model_id, chunking, [(d.path, d.sha256) for d in loaded.documents])
    previous, corrupt = published_build(out_dir, full=full)
    report = BuildReport.of_changes(out_dir, version, loaded, previous.manifest if previous else None)
    report.corrupt = corrupt
    if previous and previous.manifest.version == version and not full:
        report.changed = False
        report.chunks = previous.manifest.chunk_count
    elif dry_run:
        report.dry_run = True
    else:
        if not isinstance(embedder, SentenceEncoder):
            embedder = embedder() if callable(embedder) else Embedder(model)
        if corrupt:
            log.warning("the published index is corrupt (%s): rebuilding everything", corrupt)
        _build(report, loaded.documents, None if full else previous, embedder, chunking, progress)
        if publish:
            publish_build(out_dir, report.build_dir)
            report.published = True
    return report


def _build(report, documents, previous_build, embedder, chunking, progress) -> None:
    # An unchanged document (same bytes, chunking settings and reading code) keeps its chunks: sentence splitting is the
    # slowest step after embedding, and an incremental build should cost what changed, not the whole corpus.
    previous = previous_chunks(previous_build, chunking)
    chunks_by_doc = {d.path: previous.get((d.path, d.sha256)) or chunk_document(d, chunking) for d in documents}
    chunks = [c for d in documents for c in chunks_by_doc[d.path]]
    sentences = [s for c in chunks for s in c.sentences]

    reuse = previous_vectors(previous_build, embedder.model_id, embedder.dimension)
    keys = [sentence_key(s) for s in sentences]
    missing = sorted({k: i for i, k in reversed(list(enumerate(keys))) if k not in reuse}.values())
    fresh, fresh_words = embedder.encode_with_words([sentences[i] for i in missing], show_progress=progress)
    computed = dict(zip((keys[i] for i in missing), fresh, strict=True))
    sentence_vectors = np.zeros((len(sentences), embedder.dimension), dtype=np.float32)
    for row, key in enumerate(keys):
        sentence_vectors[row] = computed[key] if key in computed else reuse[key]
    report.sentences_embedded = len(missing)
    report.sentences_reused = len(sentences) - len(missing)

    same_model = previous_build is not None and previous_build.manifest.model == embedder.model_id
    word_vectors, report.words_embedded = WordVectors.build(
        chunk_vocabulary(chunks),
        embedder,
        previous_build.word_vectors if same_model else None,
    )

    # An incremental build keeps the published build's projection, so its sentences' reduced words stay valid.
    previous_tokens = previous_build.token_vectors if reuse else None
    token_vectors = TokenVectors.assemble(
        keys,
        dict(zip((keys[i] for i in missing), fresh_words, strict=True)),
        previous_tokens.by_key(sentence_keys(previous_build)) if previous_tokens else {},
        previous_tokens.projection if previous_tokens else None,
    )

    chunk_vectors = chunk_vectors_from_sentences(sentence_vectors, [len(c.sentences) for c in chunks])
    store = VectorStore.build(chunk_vectors)
    manifest = Manifest(
        model=embedder.model_id,
        dimension=embedder.dimension,
        chunking=chunking.to_json(),
        reading=reading_fingerprint(),
        documents=[
            DocumentInfo(
                path=d.path,
                title=d.title,
                sha256=d.sha256,
                chunks=len(chunks_by_doc[d.path]),
                url=d.url,
                metadata=d.metadata,
            )
            for d in documents
        ],
        chunk_count=len(chunks),
        sentence_count=len(sentences),
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        version=report.version,
        index_type=store.kind,
        skipped=[list(s) for s in report.skipped],
        notes=[list(n) for n in report.notes],
        encoder=embedder.describe(),
    )
    # Dated statements are rebuilt with every index, so reminders and /deadlines follow the documents.
    deadlines = extract_records(chunks, published_dates(documents))
    vectors = (sentence_vectors, chunk_vectors, store, word_vectors, token_vectors)
    report.build_dir = write_build(report.index_dir, manifest, chunks, *vectors, deadlines)
    report.chunks = len(chunks)
