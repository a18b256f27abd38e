"""A fingerprint of the code that turns documents into what an index build stores.

The index version hashes it with the documents' bytes, so that a build made by older loaders, chunking or record
extraction is rebuilt (incrementally: unchanged sentences keep their vectors) rather than served stale.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from pathlib import Path

# Modules and packages whose output a build stores: documents read, chunked and split, deadline records found,
# and the per-chunk vectors and vocabularies derived from the sentences.
READING_MODULES = (
    "index.loaders",
    "index.chunking",
    "index.sentences",
    "index.schema",
    "index.deadlines",
    "index.dates",  # deadline records are the dates it finds
    "index.date_mention",
    "index.token_vectors",
    "index.word_vectors",
    "index.vector_means",
)


def _source_files(module: str) -> list[Path]:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"no source for {module}")
    origin = Path(spec.origin)
    if spec.submodule_search_locations:  # a package: every module in it
        return sorted(origin.parent.rglob("*.py"))
    return [origin]


@functools.cache
def reading_fingerprint() -> str:
    """A short hash of the source of every module in READING_MODULES."""
    digest = hashlib.sha256()
    for module in READING_MODULES:
        for path in _source_files(module):
            digest.update(f"{module}:{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
