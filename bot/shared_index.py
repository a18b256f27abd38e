"""One index generation for every process sharing a PostgreSQL database.

A process that publishes an index (a `/reindex` that passed the golden questions, or `scripts/build_index.py`)
stores its build's files with their checksums as a new generation in the database and notifies the others
(`LISTEN/NOTIFY`); each process also checks every `INDEX_CHECK_SECONDS`. A process serving another version
fetches the newest generation's files, verifies them, publishes them into its own `INDEX_DIR` (the `CURRENT`
pointer), loads and swaps it in, so `/sources` shows the same version everywhere, on any machine. With SQLite
(one machine, one index directory) none of this runs.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from bot.background import repeat_passes, running, start
from bot.clock import utc_now
from bot.knowledge import KnowledgeBaseHolder
from bot.storage.database import Database
from bot.storage.index_generations import NOTIFY_CHANNEL, Generation, IndexGenerations
from index.source import KnowledgeSource

log = logging.getLogger(__name__)


def read_published_build(index_dir: Path) -> tuple[str, str, dict[str, bytes]]:
    """The published build of `index_dir`: its version, manifest JSON and every file's bytes."""
    from index.manifest import read_manifest
    from index.storage import current_build_dir

    build = current_build_dir(Path(index_dir))
    manifest = read_manifest(build)
    files = {path.name: path.read_bytes() for path in sorted(build.iterdir()) if path.is_file()}
    return manifest.version, json.dumps(manifest.to_json(), ensure_ascii=False), files


def install_generation(index_dir: Path, generation: Generation, files: Mapping[str, bytes]) -> Path:
    """Write a generation's files as a build of `index_dir` and publish it there (checksums verified on load)."""
    from index.storage import new_build_dir, publish

    build = new_build_dir(Path(index_dir), f"generation-{generation.id}-{generation.version}")
    for name, data in files.items():
        (build / Path(name).name).write_bytes(data)
    publish(Path(index_dir), build)
    return build


def listen_url(sqlalchemy_url: str) -> str:
    """A libpq URL (for psycopg's own connection) from the SQLAlchemy one."""
    from sqlalchemy.engine import make_url

    return make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)


class SharedIndex:
    """Keeps this process on the newest published generation and publishes the builds it makes."""

    def __init__(
        self,
        database: Database,
        holder: KnowledgeBaseHolder,
        index_dir: Path,
        *,
        owner: str,
        check_every: timedelta = timedelta(seconds=30),
    ) -> None:
        self.database = database
        self.generations = IndexGenerations(database)
        self.holder = holder
        self.index_dir = Path(index_dir)
        self.owner = owner
        self.check_every = check_every
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._published: set[str] = set()
        holder.subscribe(self._on_swap)

    def _on_swap(self, new_kb: KnowledgeSource) -> None:
        """A swap this process made by building (not by fetching): publish it for the others."""
        if new_kb.version not in self._published:
            start(self.publish_current(), "publishing the index failed")

    async def publish_current(self) -> Generation | None:
        """Store the index this process serves as the newest generation (once per version)."""
        async with self._lock:
            version = self.holder.current.version
            if version in self._published:
                return None
            try:
                built_version, manifest_json, files = await asyncio.to_thread(read_published_build, self.index_dir)
                if built_version != version:
                    return None  # the directory moved on meanwhile; its own swap publishes it
                generation = await self.generations.publish(
                    version, manifest_json, files, published_by=self.owner, now=utc_now()
                )
            except Exception:
                log.exception("could not publish index %s to the database", version)
                return None
            self._published.add(version)
            log.info("published index generation %s (%s)", generation.id, version)
            return generation

    async def sync(self) -> bool:
        """Serve the newest generation; seed the database with this process's index when it has none.
        True when this process switched index."""
        latest = await self.generations.latest()
        if latest is None:
            await self.publish_current()
            return False
        if latest.version == self.holder.current.version:
            self._published.add(latest.version)
            return False
        async with self._lock:
            files = await self.generations.files(latest.id)
            current = self.holder.current
            kb = await asyncio.to_thread(self._install_and_load, latest, files, current)
            self._published.add(kb.version)  # fetched, not built: nothing to publish back
            self.holder.swap(kb)
        log.info("index generation %s: now serving %s (was %s)", latest.id, kb.version, current.version)
        return True

    def _install_and_load(self, generation: Generation, files: Mapping[str, bytes], current: KnowledgeSource):
        from index.knowledge_base import KnowledgeBase

        install_generation(self.index_dir, generation, files)
        return KnowledgeBase.load(
            self.index_dir,
            current.embedder,
            model=current.model,
            max_question_chars=current.max_question_chars,
        )

    async def _listen(self) -> None:
        """Wake the follower on every notification; reconnect after a lost connection."""
        import psycopg

        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    listen_url(self.database.url), autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self._wake.set()  # anything published while not listening
                    async for _ in conn.notifies():
                        self._wake.set()
            except (psycopg.Error, OSError) as error:
                log.warning("index notifications lost (%s); retrying", error)
            await asyncio.sleep(self.check_every.total_seconds())

    async def run_forever(self) -> None:
        """Follow published generations: on notification, and every `check_every` in case one was missed."""
        async with running(self._listen(), "index-notifications"):
            await repeat_passes(self.sync, self._wake, self._seconds_to_next_check, "index generation check failed")

    async def _seconds_to_next_check(self) -> float:
        return self.check_every.total_seconds()


def publish_to_database(sqlalchemy_url: str, index_dir: Path, *, published_by: str) -> Generation:
    """Store `index_dir`'s published build as the newest generation (scripts/build_index.py with PostgreSQL)."""
    from bot.storage.database import run_once
    from bot.storage.index_generations import publish_generation

    version, manifest_json, files = read_published_build(index_dir)
    return run_once(
        sqlalchemy_url,
        lambda conn: publish_generation(conn, version, manifest_json, files, published_by=published_by, now=utc_now()),
    )
