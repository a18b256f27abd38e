"""What a build takes over from the published one: its chunks of unchanged documents and its sentence vectors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from index.chunking import ChunkingConfig
from index.errors import IndexCorruptError
from index.reading_code import reading_fingerprint
from index.schema import Chunk
from index.storage import current_build_dir
from index.verified_build import BuildFiles, read_build


def published_build(out_dir: Path, *, full: bool) -> tuple[BuildFiles | None, str]:
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


def sentence_key(text: str) -> str:
    """A sentence's identity across builds: the hash of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sentence_keys(build: BuildFiles) -> list[str]:
    """The hash of each of a build's sentences, in order."""
    return [sentence_key(s) for chunk in build.chunks for s in chunk.sentences]


def previous_vectors(previous: BuildFiles | None, model: str, dimension: int) -> dict[str, np.ndarray]:
    """Sentence vectors of the published build by sentence hash, when it used the same model."""
    if previous is None or previous.manifest.model != model or previous.manifest.dimension != dimension:
        return {}
    return dict(zip(sentence_keys(previous), previous.sentence_vectors, strict=True))


def previous_chunks(previous: BuildFiles | None, chunking: ChunkingConfig) -> dict[tuple[str, str], list[Chunk]]:
    """The published build's chunks by (document path, sha256), when it was chunked with the same settings and code."""
    if previous is None or previous.manifest.chunking != chunking.to_json():
        return {}
    if previous.manifest.reading != reading_fingerprint():
        return {}
    by_path: dict[str, list[Chunk]] = {}
    for chunk in previous.chunks:
        by_path.setdefault(chunk.doc_path, []).append(chunk)
    return {
        (doc.path, doc.sha256): by_path[doc.path]
        for doc in previous.manifest.documents
        if len(by_path.get(doc.path, ())) == doc.chunks
    }
