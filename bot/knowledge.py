"""The bot's handle on the knowledge base: answers off the event loop, hot-swappable for live reindexing."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from index.followups import Conversations, Reading, answer_reading, resolve
from index.schema import Answer
from index.source import KnowledgeSource

if TYPE_CHECKING:
    from bot.settings import Settings
    from index.embedding import SentenceEncoder
    from index.reindex import ReindexResult

log = logging.getLogger(__name__)


class KnowledgeBaseHolder:
    """Holds the serving knowledge base: `ask` runs it in a small dedicated thread pool, `reindex` rebuilds it
    and swaps the new one in, telling the subscribers (`subscribe`) of every swap."""

    def __init__(self, kb: KnowledgeSource, *, workers: int = 2) -> None:
        self.current = kb
        # A dedicated pool: a burst of questions cannot starve the loop's default executor (DNS, file I/O...).
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="answer")
        self._subscribers: list[Callable[[KnowledgeSource], None]] = []

    def subscribe(self, on_swap: Callable[[KnowledgeSource], None]) -> None:
        """Call `on_swap(new_kb)` after every swap."""
        self._subscribers.append(on_swap)

    def swap(self, new_kb: KnowledgeSource) -> KnowledgeSource:
        """Make `new_kb` current for every later question; return the previous one. Questions in flight finish
        on the knowledge base they started with."""
        previous, self.current = self.current, new_kb
        for on_swap in self._subscribers:
            on_swap(new_kb)
        return previous

    async def ask(self, question: str, now: datetime | None = None) -> Answer:
        kb = self.current  # one snapshot: the whole answer comes from one index
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(kb.ask, question, now=now))

    async def ask_in(
        self, conversations: Conversations, key: Hashable, question: str, now: datetime | None = None
    ) -> tuple[Reading, Answer]:
        """Answer `question` as read in the conversation `key` (a follow-up gets the subject carried over and the
        last answer's sources as its focus); a question answered while it was read is not asked again."""
        kb = self.current
        history = conversations.history(key)

        def read_and_answer() -> tuple[Reading, Answer]:
            reading = resolve(question, history, kb, now=now)
            return reading, answer_reading(kb, reading, now=now)

        loop = asyncio.get_running_loop()
        reading, answer = await loop.run_in_executor(self._executor, read_and_answer)
        conversations.answered(key, reading, answer)
        return reading, answer

    async def reindex(self, settings: Settings, *, dry_run: bool = False, force: bool = False) -> ReindexResult:
        """Bring the index up to date with the docs off the event loop; swap in what it publishes."""
        from index.reindex import reindex

        knowledge = settings.knowledge
        current = self.current
        result = await asyncio.to_thread(
            reindex,
            knowledge.docs_dir,
            knowledge.index_dir,
            current.embedder,
            current,
            golden=knowledge.golden_questions_path,
            dry_run=dry_run,
            force=force,
        )
        if result.kb is not None:
            self.swap(result.kb)
            log.info("reindex: now serving index %s (was %s)", result.kb.version, current.version)
        return result

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def published_build(index_dir: Path, *, required: bool = False) -> Path | None:
    """The published build, its pointer and manifest checked (fast: no checksums); None when there is none (or
    IndexMissingError when `required`). IndexCorruptError for an unusable pointer or manifest."""
    from index.manifest import read_manifest
    from index.storage import current_build_dir

    build_dir = current_build_dir(Path(index_dir), required=required)
    if build_dir is not None:
        read_manifest(build_dir)
    return build_dir


def freeze_startup_objects() -> None:
    """Exempt everything loaded so far (torch, the model, the index) from garbage-collection scans.

    With torch loaded, a full collection walks millions of long-lived objects and stalls the event loop for
    hundreds of milliseconds; frozen, they are never walked again. Call once, after start-up loading.
    """
    gc.collect()
    gc.freeze()


def load_knowledge_base(settings: Settings, embedder: SentenceEncoder | None = None, *, build_missing: bool = True):
    """Load the embedder (unless given), build the index if there is none (unless `build_missing` is False:
    then IndexMissingError), and load it. Blocking: run off-loop.

    The embedder is the model's ONNX encoder (exported into the model cache on first use), so answering never
    imports PyTorch."""
    knowledge = settings.knowledge
    # A broken or (when required) missing index is reported before the slow model load.
    published = published_build(knowledge.index_dir, required=not build_missing)
    if embedder is None:
        from index.encoders import load_embedder

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="model") as pool:
            # The model loads (checksums and ONNX Runtime's session: native code that lets go of the GIL) while
            # the knowledge base's modules are imported here: start-up waits for the longer of the two, not both.
            model = pool.submit(load_embedder, knowledge.embedding_model, knowledge.model_cache_dir)
            import index.knowledge_base  # noqa: F401

            embedder = model.result()
    from index.knowledge_base import KnowledgeBase

    if published is None:
        from index.build import build_index

        log.warning("No index in %s: building it from %s (first run only)...", knowledge.index_dir, knowledge.docs_dir)
        build_index(Path(knowledge.docs_dir), Path(knowledge.index_dir), embedder)
    return KnowledgeBase.load(Path(knowledge.index_dir), embedder, max_question_chars=knowledge.max_question_chars)
