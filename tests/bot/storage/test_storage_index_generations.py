from __future__ import annotations

import hashlib
import json

import psycopg
import pytest
from sqlalchemy import update
from storage_helpers import NOW

from bot.storage.index_generations import NOTIFY_CHANNEL, ArtifactCorruptError, IndexGenerations
from bot.storage.tables import index_artifacts

FILES = {"manifest.json": b'{"version": "v1"}', "chunks.faiss": bytes(range(256)) * 40}


@pytest.fixture
def generations(storage) -> IndexGenerations:
    return IndexGenerations(storage)


async def test_the_newest_published_generation_is_served_with_its_files_checked(generations):
    assert await generations.latest() is None
    first = await generations.publish("v1", json.dumps({"version": "v1"}), FILES, published_by="p1", now=NOW)
    second = await generations.publish("v2", "{}", {"manifest.json": b"{}"}, published_by="p2", now=NOW)
    latest = await generations.latest()
    assert latest == second and latest.version == "v2" and latest.published_by == "p2" and latest.published_at == NOW
    assert await generations.files(first.id) == FILES
    again = await generations.publish("v1", "{}", FILES, published_by="p3", now=NOW)  # a rollback re-publishes
    assert (await generations.latest()).id == again.id and again.version == "v1"


async def test_only_the_two_newest_generations_are_kept(generations):
    published = [
        await generations.publish(f"v{n}", "{}", {"f": bytes([n])}, published_by="p", now=NOW) for n in range(4)
    ]
    assert await generations.files(published[0].id) == {}
    assert await generations.files(published[3].id) == {"f": bytes([3])}


async def test_a_stored_file_that_fails_its_checksum_is_refused(storage, generations):
    generation = await generations.publish("v1", "{}", FILES, published_by="p", now=NOW)

    def damage(conn):
        conn.execute(
            update(index_artifacts)
            .where(index_artifacts.c.name == "chunks.faiss")
            .values(data=b"x" * 10240, sha256=hashlib.sha256(b"other").hexdigest())
        )

    await storage.run(damage)
    with pytest.raises(ArtifactCorruptError, match=r"chunks\.faiss"):
        await generations.files(generation.id)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_publishing_on_postgresql_notifies_listeners_at_commit(database_url, generations):
    listener = psycopg.connect(database_url, autocommit=True)
    try:
        listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        await generations.publish("v7", "{}", FILES, published_by="p", now=NOW)
        received = [note.payload for note in listener.notifies(timeout=5, stop_after=1)]
        assert received == ["v7"]
    finally:
        listener.close()
