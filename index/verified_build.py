"""One build read whole and checked: every checksum, the counts the manifest states, the FAISS file readable.

Loading the knowledge base and building on the published index both read a build through `read_build`, so a
damaged index is refused (or rebuilt) for the same reasons everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.deadlines.records import DeadlineRecord, read_records
from index.errors import IndexCorruptError
from index.manifest import Manifest, read_manifest, verify_files
from index.schema import Chunk
from index.storage import (
    DEADLINES,
    FAISS_INDEX,
    SENTENCE_VECTORS,
    TOKEN_VECTORS,
    WORD_VECTORS,
    load_chunks,
    load_vectors,
    repair_hint,
)
from index.token_vectors import TokenVectors
from index.vector_store import VectorStore
from index.word_vectors import WordVectors


@dataclass(frozen=True)
class BuildFiles:
    directory: Path
    manifest: Manifest
    chunks: list[Chunk]
    sentence_vectors: np.ndarray
    store: VectorStore
    deadlines: list[DeadlineRecord]
    word_vectors: WordVectors
    token_vectors: TokenVectors


def read_build(build_dir: Path, manifest: Manifest | None = None) -> BuildFiles:
    """Everything in `build_dir`, checked against its manifest; IndexCorruptError with a one-line reason."""
    manifest = manifest or read_manifest(build_dir)
    verify_files(build_dir, manifest)
    hint = repair_hint(build_dir)
    chunks = load_chunks(build_dir)
    if len(chunks) != manifest.chunk_count:
        raise IndexCorruptError(
            f"the manifest lists {manifest.chunk_count} chunks but {len(chunks)} were found; {hint}"
        )
    sentence_count = sum(len(c.sentences) for c in chunks)
    if sentence_count != manifest.sentence_count:
        raise IndexCorruptError(
            f"the manifest lists {manifest.sentence_count} sentences but the chunks hold {sentence_count}; {hint}"
        )
    vectors = load_vectors(build_dir / SENTENCE_VECTORS, manifest.sentence_count, manifest.dimension)
    try:
        store = VectorStore.load(build_dir / FAISS_INDEX)
    except RuntimeError as exc:
        raise IndexCorruptError(f"the FAISS index cannot be read ({str(exc).splitlines()[0]}); {hint}") from None
    if len(store) != manifest.chunk_count or store.dimension != manifest.dimension:
        raise IndexCorruptError(
            f"the FAISS index holds {len(store)} vectors of {store.dimension} dimensions; "
            f"the manifest says {manifest.chunk_count} of {manifest.dimension}; {hint}"
        )
    try:
        deadlines = read_records(build_dir / DEADLINES)
    except ValueError as exc:
        raise IndexCorruptError(f"the deadline records are unusable ({exc}); {hint}") from None
    word_vectors = WordVectors.load(build_dir / WORD_VECTORS, manifest.dimension)
    token_vectors = TokenVectors.load(build_dir / TOKEN_VECTORS, manifest.dimension, manifest.sentence_count)
    return BuildFiles(build_dir, manifest, chunks, vectors, store, deadlines, word_vectors, token_vectors)
