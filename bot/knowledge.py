"""The bot's handle on the knowledge base: answers off the event loop, hot-swappable for live reindexing."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from index.schema import Answer

if TYPE_CHECKING:
    from bot.settings import Settings
    from index.build import BuildReport
    from index.embedding import Embedder

log = logging.getLogger(__name__)


class AnswersQuestions(Protocol):
    """What the bot needs from a knowledge base (index.knowledge_base.KnowledgeBase satisfies it)."""

    def ask(self, question: str, *, now: datetime | None = None) -> Answer: ...


class KnowledgeBaseHolder:
    """Holds the current knowledge base; `ask` runs it in a small dedicated thread pool."""

    def __init__(self, kb: AnswersQuestions, *, workers: int = 2) -> None:
        self.current = kb
        # A dedicated pool: a burst of questions cannot starve the loop's default executor (DNS, file I/O...).
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")

    def swap(self, new_kb: AnswersQuestions) -> AnswersQuestions:
        """Make `new_kb` current for every later question; return the previous one. Questions in flight finish
        on the knowledge base they started with."""
        previous, self.current = self.current, new_kb
        return previous

    async def ask(self, question: str, now: datetime | None = None) -> Answer:
        kb = self.current  # one snapshot: the whole answer comes from one index
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(kb.ask, question, now=now))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def index_is_missing(index_dir: Path) -> bool:
    from index.storage import current_build_dir

    return current_build_dir(Path(index_dir), required=False) is None


def ensure_index(settings: Settings, embedder: Embedder) -> BuildReport | None:
    """Build the index from `settings.docs_dir` when `settings.index_dir` has none; None if it exists."""
    if not index_is_missing(settings.index_dir):
        return None
    from index.build import build_index

    log.info("No index in %s: building it from %s (first run only)...", settings.index_dir, settings.docs_dir)
    return build_index(Path(settings.docs_dir), Path(settings.index_dir), embedder)


def freeze_startup_objects() -> None:
    """Exempt everything loaded so far (torch, the model, the index) from garbage-collection scans.

    With torch loaded, a full collection walks millions of long-lived objects and stalls the event loop for
    hundreds of milliseconds; frozen, they are never walked again. Call once, after start-up loading.
    """
    gc.collect()
    gc.freeze()


def load_knowledge_base(settings: Settings, embedder: Embedder | None = None):
    """Load the embedder (unless given), build the index if missing, and load it. Blocking: run off-loop."""
    from index.embedding import Embedder
    from index.knowledge_base import KnowledgeBase

    embedder = embedder or Embedder(settings.embedding_model)
    ensure_index(settings, embedder)
    return KnowledgeBase.load(Path(settings.index_dir), embedder, max_question_chars=settings.max_question_chars)
