"""Several processes on one PostgreSQL serve one index generation: what one publishes, the others fetch."""

from __future__ import annotations

import asyncio
import shutil
from datetime import timedelta

import pytest

from bot.knowledge import KnowledgeBaseHolder
from bot.shared_index import SharedIndex, publish_to_database
from bot.storage.database import Database
from bot.storage.index_generations import IndexGenerations
from index.build import build_index
from index.knowledge_base import KnowledgeBase
from index.manifest import read_manifest
from index.storage import current_build_dir
from tests.index.reindex_support import ALPHA, write_corpus


@pytest.fixture
def two_index_dirs(tmp_path, embedder):
    """Two processes' index directories holding the same build, and a changed build of the same documents."""
    docs = write_corpus(tmp_path / "docs")
    first = tmp_path / "a" / "index"
    build_index(docs, first, embedder)
    second = tmp_path / "b" / "index"
    shutil.copytree(first, second)
    (docs / "alpha.md").write_text(ALPHA.replace("six astronauts", "eight astronauts"), encoding="utf-8")
    changed = tmp_path / "changed"
    shutil.copytree(first, changed)
    build_index(docs, changed, embedder)
    return first, second, changed


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_published_generation_reaches_another_process_within_seconds(sqlalchemy_url, two_index_dirs, embedder):
    first, second, changed = two_index_dirs
    holders = [KnowledgeBaseHolder(KnowledgeBase.load(path, embedder)) for path in (first, second)]
    async with Database(sqlalchemy_url) as one, Database(sqlalchemy_url) as other:
        shared = [
            SharedIndex(database, holder, path, owner=name, check_every=timedelta(seconds=60))
            for database, holder, path, name in zip((one, other), holders, (first, second), "ab", strict=True)
        ]
        assert not await shared[0].sync()  # an empty database is seeded with the serving index
        initial = await IndexGenerations(one).latest()
        assert initial.version == holders[0].current.version and initial.published_by == "a"
        follower = asyncio.create_task(shared[1].run_forever())
        try:
            # Process "a" publishes a new build (as /reindex does after the golden questions): swap and publish.
            for name in ("CURRENT", "builds"):
                target = first / name
                shutil.rmtree(target) if target.is_dir() else target.unlink()
                source = changed / name
                shutil.copytree(source, target) if source.is_dir() else shutil.copy(source, target)
            holders[0].swap(KnowledgeBase.load(first, embedder))
            new_version = holders[0].current.version
            assert new_version != initial.version
            async with asyncio.timeout(10):  # the notification, not the 60 s periodic check
                while holders[1].current.version != new_version:
                    await asyncio.sleep(0.05)
        finally:
            follower.cancel()
            await asyncio.gather(follower, return_exceptions=True)
        assert read_manifest(current_build_dir(second)).version == new_version  # on disk too, for a restart
        assert (await IndexGenerations(one).latest()).published_by == "a"
    for holder in holders:
        holder.close()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_build_index_script_publishes_to_the_database(sqlalchemy_url, two_index_dirs):
    first, _, _ = two_index_dirs
    generation = publish_to_database(sqlalchemy_url, first, published_by="maintainer")
    async with Database(sqlalchemy_url) as database:
        files = await IndexGenerations(database).files(generation.id)
    build = current_build_dir(first)
    assert files == {path.name: path.read_bytes() for path in build.iterdir() if path.is_file()}
    assert generation.version == read_manifest(build).version
