"""Work beside the commands: tasks that run for as long as a block does, checks started and left to finish, and
passes repeated until cancelled."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)

_started: set[asyncio.Task] = set()  # the event loop keeps only weak references to its tasks


@contextlib.asynccontextmanager
async def running(work: Coroutine[Any, Any, Any], name: str) -> AsyncIterator[asyncio.Task]:
    """`work` as a task for as long as the block runs; cancelled, and waited for, when it ends."""
    task = asyncio.create_task(work, name=name)
    try:
        yield task
    finally:
        await stop(task)


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def start(work: Coroutine[Any, Any, Any], failure: str) -> asyncio.Task:
    """Run `work` to its end in the background; an error it raises is logged after `failure`."""
    task = asyncio.get_running_loop().create_task(work)
    _started.add(task)

    def finished(task: asyncio.Task) -> None:
        _started.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error(failure, exc_info=task.exception())

    task.add_done_callback(finished)
    return task


async def repeat_passes(
    run_pass: Callable[[], Awaitable[Any]],
    wake: asyncio.Event,
    seconds_to_next: Callable[[], Awaitable[float]],
    failure: str,
) -> None:
    """Run a pass, then sleep until `wake` is set or `seconds_to_next()` have passed, until cancelled; a pass that
    raises is logged after `failure` and the next one still runs."""
    while True:
        wake.clear()
        try:
            await run_pass()
        except Exception:
            log.exception(failure)
        timeout = await seconds_to_next()
        # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation that arrives just as the event
        # is set, and the loop would then never stop.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await wake.wait()
