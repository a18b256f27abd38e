"""A time bound on parsing one document, so a hostile file cannot hang a build."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from index.errors import DocumentError

PARSE_SECONDS = 30.0


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that parsers catching Exception cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None = None) -> Iterator[None]:
    """Raise DocumentError when the block runs longer than `seconds` (default PARSE_SECONDS).

    Enforced with SIGALRM, which Python only allows in the main thread: a build run from a worker thread
    (the bot's live reindex) relies on the size and nesting bounds alone.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):  # type: ignore[no-untyped-def]
        raise _Expired

    seconds = PARSE_SECONDS if seconds is None else seconds
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise DocumentError(f"parsing took longer than {seconds:g} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
