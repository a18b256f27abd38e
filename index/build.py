"""Building and publishing the index: load → chunk → embed (reusing unchanged vectors) → FAISS → atomic publish."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from index.chunking import ChunkingConfig, chunk_document
from index.deadlines.extraction import extract_records, published_dates
from index.deadlines.records import write_records
from index.embedding import Embedder, SentenceEncoder, resolve_model
from index.errors import IndexCorruptError, IndexError_
from index.loaders import load_documents
from index.manifest import DocumentInfo, Manifest, seal_build
from index.schema import Chunk
from index.storage import (
    CHUNK_VECTORS,
    CHUNKS,
    DEADLINES,
    FAISS_INDEX,
    FORMAT_VERSION,
    SENTENCE_VECTORS,
    TOKEN_VECTORS,
    WORD_VECTORS,
    chunk_to_json,
    current_build_dir,
    new_build_dir,
    write_json,
)
from index.storage import publish as publish_build
from index.token_vectors import TokenVectors
from index.vector_store import VectorStore
from index.verified_build import BuildFiles, read_build
from index.word_vectors import WordVectors, chunk_vocabulary

log = logging.getLogger(__name__)

LOCK_FILE = ".build.lock"


class BuildLockedError(IndexError_):
    """Another build holds the lock on this index directory."""


@contextmanager
def build_lock(out_dir: Path, *, wait: float = 0) -> Iterator[None]:
    """Hold the index directory's build lock, or raise BuildLockedError if another build keeps it past `wait`
    seconds (at once by default)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir / LOCK_FILE), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise BuildLockedError(f"another build of {out_dir} is running; try again when it finishes") from None
    try:
        yield
    finally:
        lock.release()


@dataclass
class BuildReport:
    index_dir: Path
    version: str
    changed: bool  # False when the published index already matched the documents
    documents_added: list[str] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # problems in documents that were still indexed
    chunks: int = 0
    sentences_embedded: int = 0
    sentences_reused: int = 0
    words_embedded: int = 0  # distinct words of the corpus embedded alone (the others were reused)
    seconds: float = 0.0
    build_dir: Path | None = None  # the new build; published unless built with publish=False
    published: bool = False
    dry_run: bool = False
    corrupt: str = ""  # why the published index could not be built on: everything was (or would be) rebuilt

    def changes(self) -> list[str]:
        return (
            [f"+ {p}" for p in self.documents_added]
            + [f"~ {p}" for p in self.documents_changed]
            + [f"- {p}" for p in self.documents_removed]
        )

    def summary(self) -> str:
        if not self.changed:
            return f"index {self.version} is up to date ({self.chunks} chunks); nothing to do [{self.seconds:.2f}s]"
        if self.dry_run:
            lines = [f"would rebuild the index as {self.version}:", *[f"  {c}" for c in self.changes()]]
            if self.corrupt:
                lines.append(f"  the published index is corrupt ({self.corrupt}): everything would be rebuilt")
            elif not self.changes():
                lines.append("  (same documents; the model or chunking settings changed)")
        else:
            lines = [
                f"index {self.version}{'' if self.published else ' (built, not published)'}: {self.chunks} chunks; "
                f"documents added {len(self.documents_added)}, changed {len(self.documents_changed)}, "
                f"removed {len(self.documents_removed)}; sentences embedded {self.sentences_embedded}, "
                f"reused {self.sentences_reused}; words embedded {self.words_embedded} [{self.seconds:.2f}s]"
            ]
            if self.corrupt:
                lines.insert(0, f"the published index is corrupt ({self.corrupt}): rebuilt everything")
        lines += [f"  skipped {path}: {reason}" for path, reason in self.skipped]
        lines += [f"  note {path}: {note}" for path, note in self.notes]
        return "\n".join(lines)


def content_version(model: str, chunking: ChunkingConfig, documents: list[tuple[str, str]]) -> str:
    """A short hash of everything the index is made from: model, chunking, and each document's bytes."""
    payload = json.dumps(
        {"format": FORMAT_VERSION, "model": model, "chunking": chunking.to_json(), "docs": sorted(documents)},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def _sentence_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _previous_vectors(previous: BuildFiles | None, model: str, dimension: int) -> dict[str, np.ndarray]:
    """Sentence vectors of the published build by sentence hash, when it used the same model."""
    if previous is None or previous.manifest.model != model or previous.manifest.dimension != dimension:
        return {}
    return dict(zip(_sentence_keys(previous), previous.sentence_vectors, strict=True))


def _sentence_keys(build: BuildFiles) -> list[str]:
    """The hash of each of a build's sentences, in order."""
    return [_sentence_key(s) for chunk in build.chunks for s in chunk.sentences]


def chunk_vectors_from_sentences(sentence_vectors: np.ndarray, counts: list[int]) -> np.ndarray:
    """Each chunk's vector is the normalised mean of its sentences' vectors."""
    out = np.zeros((len(counts), sentence_vectors.shape[1]), dtype=np.float32)
    start = 0
    for row, count in enumerate(counts):
        if count:
            mean = sentence_vectors[start : start + count].mean(axis=0)
            norm = float(np.linalg.norm(mean))
            out[row] = mean / norm if norm else mean
        start += count
    return out


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
    previous, corrupt = _published(out_dir, full=full)
    report = _compare(out_dir, version, loaded, previous.manifest if previous else None)
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


def _published(out_dir: Path, *, full: bool) -> tuple[BuildFiles | None, str]:
    """The published build, checked whole (checksums, counts, FAISS), or why it cannot be built on.

    A CURRENT pointer that names nothing usable stops the build unless it is `full`: it may point anywhere,
    and someone should look before it is replaced."""
    try:
        build_dir = current_build_dir(out_dir, required=False)
    except IndexCorruptError as exc:
        if not full:
            raise
        return None, str(exc)
    if build_dir is None:
        return None, ""
    try:
        return read_build(build_dir), ""
    except IndexCorruptError as exc:
        return None, str(exc)


def _compare(out_dir: Path, version: str, loaded, previous: Manifest | None) -> BuildReport:
    old_docs = {d.path: d.sha256 for d in previous.documents} if previous else {}
    new_docs = {d.path: d.sha256 for d in loaded.documents}
    return BuildReport(
        index_dir=out_dir,
        version=version,
        changed=True,
        documents_added=sorted(set(new_docs) - set(old_docs)),
        documents_changed=sorted(p for p in new_docs if p in old_docs and old_docs[p] != new_docs[p]),
        documents_removed=sorted(set(old_docs) - set(new_docs)),
        skipped=loaded.skipped,
        notes=loaded.notes,
    )


def _previous_chunks(previous: BuildFiles | None, chunking: ChunkingConfig) -> dict[tuple[str, str], list[Chunk]]:
    """The published build's chunks by (document path, sha256), when it was chunked with the same settings."""
    if previous is None or previous.manifest.chunking != chunking.to_json():
        return {}
    by_path: dict[str, list[Chunk]] = {}
    for chunk in previous.chunks:
        by_path.setdefault(chunk.doc_path, []).append(chunk)
    return {
        (doc.path, doc.sha256): by_path[doc.path]
        for doc in previous.manifest.documents
        if len(by_path.get(doc.path, ())) == doc.chunks
    }


def _build(report, documents, previous_build, embedder, chunking, progress) -> None:
    # An unchanged document (same bytes, same chunking settings) keeps its chunks: sentence splitting is the
    # slowest step after embedding, and an incremental build should cost what changed, not the whole corpus.
    previous = _previous_chunks(previous_build, chunking)
    chunks_by_doc = {d.path: previous.get((d.path, d.sha256)) or chunk_document(d, chunking) for d in documents}
    chunks = [c for d in documents for c in chunks_by_doc[d.path]]
    sentences = [s for c in chunks for s in c.sentences]

    reuse = _previous_vectors(previous_build, embedder.model_id, embedder.dimension)
    keys = [_sentence_key(s) for s in sentences]
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
        previous_tokens.by_key(_sentence_keys(previous_build)) if previous_tokens else {},
        previous_tokens.projection if previous_tokens else None,
    )

    chunk_vectors = chunk_vectors_from_sentences(sentence_vectors, [len(c.sentences) for c in chunks])
    store = VectorStore.build(chunk_vectors)

    build_id = f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{report.version}"
    build_dir = new_build_dir(report.index_dir, build_id)
    try:
        write_json(build_dir / CHUNKS, [chunk_to_json(c) for c in chunks])
        np.save(build_dir / SENTENCE_VECTORS, sentence_vectors, allow_pickle=False)
        np.save(build_dir / CHUNK_VECTORS, chunk_vectors, allow_pickle=False)
        store.save(build_dir / FAISS_INDEX)
        word_vectors.save(build_dir / WORD_VECTORS)
        token_vectors.save(build_dir / TOKEN_VECTORS)
        # Dated statements are rebuilt with every index, so reminders and /deadlines follow the documents.
        write_records(build_dir / DEADLINES, extract_records(chunks, published_dates(documents)))
        manifest = Manifest(
            model=embedder.model_id,
            dimension=embedder.dimension,
            chunking=chunking.to_json(),
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
        seal_build(build_dir, manifest)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)  # a failed build leaves nothing half-written behind
        raise
    report.chunks = len(chunks)
    report.build_dir = build_dir
