"""Reindex while serving: build beside the published index, replay the golden set, then publish or discard.

`reindex` blocks (it may embed for minutes): the bot runs it in a thread and swaps the knowledge base it returns;
scripts/build_index.py runs it directly. It holds the build lock from the build to the publish, so no other build
can publish in between, and it never touches the published index unless the candidate is published.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.embedding import EmbeddingModelError, SentenceEncoder
from index.errors import DocumentError, IndexError_
from index.eval_set import EvalSetError
from index.golden import GoldenQuestion, GuardResult, guard, load_golden
from index.knowledge_base import KnowledgeBase
from index.source import KnowledgeSource
from index.storage import current_build_dir, publish

if TYPE_CHECKING:
    from index.build_report import BuildReport

log = logging.getLogger(__name__)

# Expected failures, reported in one line; anything else is a bug and propagates (after cleaning up).
REINDEX_ERRORS = (IndexError_, DocumentError, EmbeddingModelError, EvalSetError, OSError)

PUBLISHED = "published"  # a new index was built, passed the guard (or was forced) and is now serving
RELOADED = "reloaded"  # nothing to build, but the published index is newer than the one serving (built elsewhere)
UNCHANGED = "unchanged"
DRY_RUN = "dry-run"
REFUSED = "refused"  # built, but the guard found it worse than the current one: discarded
FAILED = "failed"


@dataclass
class ReindexResult:
    status: str
    report: BuildReport | None = None
    guard: GuardResult | None = None
    kb: KnowledgeBase | None = None  # what to serve from now on; None: keep serving the current one
    reason: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status not in (REFUSED, FAILED)

    def summary(self) -> str:
        if self.status == FAILED:
            return f"reindex failed: {self.reason}. The previous index is still serving."
        if self.status == RELOADED:
            return f"index {self.kb.version} was already published (built elsewhere); now serving it."
        lines = [self.report.summary()] if self.report else []
        if self.guard is not None:
            lines.append(self.guard.summary())
        if self.reason:
            lines.append(self.reason)
        if self.status == REFUSED:
            lines.append("Not published: the previous index is still serving (force to publish anyway).")
        if self.status in (PUBLISHED, REFUSED):
            lines.append(f"reindex took {self.seconds:.1f}s in all")
        return "\n".join(lines)


class _Once:
    """The embedder, made on first use: a reindex with nothing to do never loads the model."""

    def __init__(self, embedder: SentenceEncoder | Callable[[], SentenceEncoder]) -> None:
        self._value = embedder if isinstance(embedder, SentenceEncoder) else None
        self._factory = None if self._value is not None else embedder

    def __call__(self) -> SentenceEncoder:
        if self._value is None:
            self._value = self._factory()
        return self._value

    @property
    def ready(self) -> SentenceEncoder | None:
        return self._value


def _kb_options(current_kb: KnowledgeSource | None) -> dict[str, Any]:
    """A candidate answers with the serving index's answer model and limits, so the guard compares like with like."""
    if current_kb is None:
        return {}
    return {"model": current_kb.model, "max_question_chars": current_kb.max_question_chars}


def _discard(build_dir: Path | None, index_dir: Path) -> None:
    if build_dir is None or not build_dir.exists():
        return
    try:
        serving = current_build_dir(index_dir, required=False)
    except IndexError_:
        serving = None  # a broken pointer serves nothing
    if build_dir == serving:
        return  # never delete what is serving
    shutil.rmtree(build_dir, ignore_errors=True)


def reindex(
    docs_dir: Path,
    index_dir: Path,
    embedder: SentenceEncoder | Callable[[], SentenceEncoder],
    current_kb: KnowledgeSource | None = None,
    *,
    model: str | None = None,
    golden: Sequence[GoldenQuestion] | Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    full: bool = False,
    compare_with_published: bool = False,
    progress: bool = False,
    now: datetime | None = None,
) -> ReindexResult:
    """Bring the index up to date with docs_dir; publish the new build only if it passes the golden guard.

    `current_kb` is what the guard compares with (the bot's serving index). Without one,
    `compare_with_published=True` loads the published index for the comparison (the command line); else the
    guard only scores the candidate. `force` publishes without the guard. `embedder` may be a factory, called
    only when something has to be embedded or loaded (then pass `model`, the name it will load).
    """
    # Here, not at the top: the document loaders are needed only when a reindex runs, not to start the bot.
    from index.build import build_index
    from index.build_lock import build_lock

    started = time.perf_counter()
    docs_dir, index_dir = Path(docs_dir), Path(index_dir)
    get_embedder = _Once(embedder)
    report: BuildReport | None = None
    try:
        # Read the golden set first: a malformed one should fail before minutes of embedding, not after.
        questions = None if force or dry_run else _golden_questions(golden)
        with build_lock(index_dir):
            report = build_index(
                docs_dir,
                index_dir,
                get_embedder.ready or get_embedder,
                model=model,
                full=full,
                progress=progress,
                publish=False,
                dry_run=dry_run,
                locked=True,
            )
            result = _finish(report, index_dir, get_embedder, current_kb, questions, compare_with_published, now)
    except REINDEX_ERRORS as exc:
        _discard(report.build_dir if report else None, index_dir)
        result = ReindexResult(FAILED, report, reason=str(exc) or type(exc).__name__)
    except BaseException:
        _discard(report.build_dir if report else None, index_dir)
        raise
    result.seconds = time.perf_counter() - started
    return result


def _golden_questions(golden: Sequence[GoldenQuestion] | Path | None) -> list[GoldenQuestion]:
    if golden is None or isinstance(golden, (str, Path)):
        return load_golden() if golden is None else load_golden(Path(golden))
    return list(golden)


def _finish(report, index_dir, get_embedder, current_kb, questions, compare_with_published, now):
    """After the build, under the lock: load the candidate, guard (unless `questions` is None: forced), publish
    or discard."""
    if not report.changed:
        if current_kb is not None and current_kb.version != report.version:
            reloaded = KnowledgeBase.load(index_dir, get_embedder(), **_kb_options(current_kb))
            return ReindexResult(RELOADED, report, kb=reloaded)
        return ReindexResult(UNCHANGED, report)
    if report.dry_run:
        return ReindexResult(DRY_RUN, report)
    embedder = get_embedder()
    candidate = KnowledgeBase.load_build(report.build_dir, embedder, **_kb_options(current_kb))
    checked = None
    note = ""
    if questions is None:
        note = "golden questions: not checked (forced)"
    else:
        baseline = current_kb
        if baseline is None and compare_with_published:
            baseline, note = _published_baseline(index_dir, embedder)
        checked = guard(baseline, candidate, questions, now=now)
        if not checked.passed:
            _discard(report.build_dir, index_dir)
            return ReindexResult(REFUSED, report, guard=checked, reason=note)
    publish(index_dir, report.build_dir)
    report.published = True
    log.info("published index %s", report.version)
    return ReindexResult(PUBLISHED, report, guard=checked, kb=candidate, reason=note)


def _published_baseline(index_dir: Path, embedder: SentenceEncoder) -> tuple[KnowledgeBase | None, str]:
    try:
        if current_build_dir(index_dir, required=False) is None:
            return None, ""
        return KnowledgeBase.load(index_dir, embedder), ""
    except IndexError_ as exc:
        # An unreadable index cannot be made worse: the new one is published, and the report says why unchecked.
        return None, f"the published index could not be loaded to compare with ({exc})"
