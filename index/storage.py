"""The index on disk: chunk records in JSON, vectors in .npy and FAISS, a manifest (index/manifest.py); no pickle.

Layout of an index directory:
    CURRENT                 the name of the published build, replaced atomically (os.replace) to publish
    builds/<build id>/      manifest.json, chunks.json, sentence_vectors.npy, chunk_vectors.npy, chunks.faiss,
                            deadlines.json, word_vectors.npz, token_vectors.npz
A reader resolves CURRENT once, so it sees one whole build; a failed or interrupted build never touches CURRENT.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import IndexCorruptError, IndexMissingError
from index.schema import Chunk

FORMAT_VERSION = 3  # the files a build holds and what they mean: a build of another format is rebuilt
CURRENT = "CURRENT"
BUILDS = "builds"
MANIFEST = "manifest.json"
CHUNKS = "chunks.json"
SENTENCE_VECTORS = "sentence_vectors.npy"
CHUNK_VECTORS = "chunk_vectors.npy"
FAISS_INDEX = "chunks.faiss"
DEADLINES = "deadlines.json"
WORD_VECTORS = "word_vectors.npz"  # every distinct word of the corpus embedded alone (index/word_vectors.py)
TOKEN_VECTORS = "token_vectors.npz"  # each sentence's content words as the model read them (index/token_vectors.py)
KEEP_BUILDS = 2  # the published build and the one before it, for a reader still holding it
REQUIRED_FILES = (CHUNKS, SENTENCE_VECTORS, CHUNK_VECTORS, FAISS_INDEX, DEADLINES, WORD_VECTORS, TOKEN_VECTORS)
POINTER_LIMIT = 4096  # bytes of CURRENT read: a build name is short, anything longer is not a pointer


def chunk_to_json(chunk: Chunk) -> dict[str, Any]:
    spans, cursor = [], 0
    for sentence in chunk.sentences:
        start = chunk.text.index(sentence, cursor)
        cursor = start + len(sentence)
        spans.append([start, cursor])
    return {
        "id": chunk.id,
        "doc_path": chunk.doc_path,
        "title": chunk.title,
        "section": chunk.section,
        "position": chunk.position,
        "text": chunk.text,
        "sentence_spans": spans,
        "page": chunk.page,
        "url": chunk.url,
        "kind": chunk.kind,
        "published": chunk.published,
        "section_path": list(chunk.section_path),
    }


def chunk_from_json(data: dict[str, Any]) -> Chunk:
    text = data["text"]
    return Chunk(
        id=data["id"],
        doc_path=data["doc_path"],
        title=data["title"],
        section=data["section"],
        position=data["position"],
        text=text,
        sentences=tuple(text[s:e] for s, e in data["sentence_spans"]),
        page=data.get("page"),
        url=data.get("url"),
        kind=data.get("kind", "prose"),
        published=data.get("published"),
        section_path=tuple(data.get("section_path", ())),
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def new_build_dir(index_dir: Path, build_id: str) -> Path:
    builds = index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    path = builds / build_id
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    return path


def publish(index_dir: Path, build_dir: Path) -> None:
    """Point CURRENT at build_dir atomically, then prune builds older than the previous one."""
    try:
        previous = current_build_dir(index_dir, required=False)
    except IndexCorruptError:
        previous = None  # a broken pointer is being replaced: no previous build to keep
    pointer = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    pointer.write_text(f"{BUILDS}/{build_dir.name}\n", encoding="utf-8")
    fsync_file(pointer)
    os.replace(pointer, index_dir / CURRENT)
    fsync_dir(index_dir)
    keep = {build_dir.name} | ({previous.name} if previous else set())
    for stale in (index_dir / BUILDS).iterdir():
        if stale.name not in keep and len(keep) >= KEEP_BUILDS:
            shutil.rmtree(stale, ignore_errors=True)


def rebuild_command(index_dir: Path, *, full: bool = True) -> str:
    return f"`python scripts/build_index.py{' --full' if full else ''} --out {index_dir}`"


def repair_hint(build_dir: Path) -> str:
    """What to run when a build's files are damaged: a plain build checks the published one and rebuilds it."""
    return f"rebuild it with {rebuild_command(build_dir.parent.parent, full=False)}"


def current_build_dir(index_dir: Path, *, required: bool = True) -> Path | None:
    """The published build CURRENT names. No CURRENT: None, or IndexMissingError when `required`. A CURRENT that
    is unreadable or names anything but an existing build inside `index_dir/builds` is IndexCorruptError either
    way: it must be looked at, never silently built over."""
    pointer = index_dir / CURRENT
    if not pointer.is_file():
        if required:
            raise IndexMissingError(
                f"no index in {index_dir}: build it with `python scripts/build_index.py --out {index_dir}`"
            )
        return None
    problem, target = _pointer_target(index_dir, pointer)
    if problem:
        raise IndexCorruptError(
            f"the index pointer {pointer} {problem}; rebuild the index with {rebuild_command(index_dir)}"
        )
    return target


def _pointer_target(index_dir: Path, pointer: Path) -> tuple[str, Path | None]:
    """("", the build directory CURRENT names), or (what is wrong with it, None)."""
    try:
        with pointer.open("rb") as handle:
            raw = handle.read(POINTER_LIMIT + 1)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})", None
    if len(raw) > POINTER_LIMIT:
        return f"is longer than {POINTER_LIMIT} bytes", None
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return "is not UTF-8 text", None
    if not name:
        return "is empty", None
    if not name.isprintable():
        return "holds control characters", None
    builds = (index_dir / BUILDS).resolve()
    target = (index_dir / name).resolve()
    if target.parent != builds:
        return f"names {name[:80]!r}, which is not a build inside {index_dir / BUILDS}", None
    if not target.is_dir():
        return f"names the build {target.name[:80]!r}, which does not exist", None
    return "", target


def load_vectors(path: Path, rows: int, dimension: int) -> np.ndarray:
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"cannot read {path.name}: {exc}") from None
    if vectors.dtype != np.float32 or vectors.shape != (rows, dimension):
        raise IndexCorruptError(
            f"{path.name} holds {vectors.shape} {vectors.dtype}, the manifest says ({rows}, {dimension}) float32"
        )
    return vectors


def load_chunks(build_dir: Path) -> list[Chunk]:
    try:
        data = json.loads((build_dir / CHUNKS).read_text(encoding="utf-8"))
        return [chunk_from_json(item) for item in data]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IndexCorruptError(f"chunk records in {build_dir} are corrupt ({exc}); {repair_hint(build_dir)}") from None
