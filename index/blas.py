"""Single-threaded BLAS for the matrix products of answering one question."""

from __future__ import annotations

import functools
from contextlib import AbstractContextManager

from threadpoolctl import ThreadpoolController


@functools.cache
def _controller() -> ThreadpoolController:
    return ThreadpoolController()  # finds the loaded BLAS libraries once: too slow to do per question


def single_threaded() -> AbstractContextManager:
    """Within this, BLAS runs on the calling thread only. For one question's product over every sentence vector,
    waking and joining worker threads costs more than the arithmetic — tens of times more on a busy machine — and
    one thread gives the same numbers whatever the core count."""
    return _controller().limit(limits=1, user_api="blas")
