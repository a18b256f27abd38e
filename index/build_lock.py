"""One build at a time per index directory: a file lock held while building, checking and publishing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from index.errors import IndexError_

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
