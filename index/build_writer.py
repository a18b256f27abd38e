"""Writing one build's files beside the published index, sealed by its manifest (checksums), or nothing at all."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.deadlines.records import DeadlineRecord, write_records
from index.manifest import Manifest, seal_build
from index.schema import Chunk
from index.storage import (
    CHUNK_VECTORS,
    CHUNKS,
    DEADLINES,
    FAISS_INDEX,
    SENTENCE_VECTORS,
    TOKEN_VECTORS,
    WORD_VECTORS,
    chunk_to_json,
    new_build_dir,
    write_json,
)
from index.token_vectors import TokenVectors
from index.vector_store import VectorStore
from index.word_vectors import WordVectors


def write_build(
    index_dir: Path,
    manifest: Manifest,
    chunks: list[Chunk],
    sentence_vectors: np.ndarray,
    chunk_vectors: np.ndarray,
    store: VectorStore,
    word_vectors: WordVectors,
    token_vectors: TokenVectors,
    deadlines: list[DeadlineRecord],
) -> Path:
    """A new build directory in `index_dir` holding every file of the build; a failure removes it and raises."""
    build_id = f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{manifest.version}"
    build_dir = new_build_dir(index_dir, build_id)
    try:
        write_json(build_dir / CHUNKS, [chunk_to_json(c) for c in chunks])
        np.save(build_dir / SENTENCE_VECTORS, sentence_vectors, allow_pickle=False)
        np.save(build_dir / CHUNK_VECTORS, chunk_vectors, allow_pickle=False)
        store.save(build_dir / FAISS_INDEX)
        word_vectors.save(build_dir / WORD_VECTORS)
        token_vectors.save(build_dir / TOKEN_VECTORS)
        write_records(build_dir / DEADLINES, deadlines)
        seal_build(build_dir, manifest)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)  # a failed build leaves nothing half-written behind
        raise
    return build_dir
