"""Published index generations and their files, so every process (on any machine) serves the same index.

A generation is one built index directory: its manifest, and each file's bytes with a SHA-256 checksum. The
newest generation is the one to serve. Publishing also sends a PostgreSQL notification on `NOTIFY_CHANNEL`
(delivered at commit), so listening processes switch within seconds; a periodic `latest_generation` check covers
SQLite and missed notifications.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, text

from bot.storage.database import Repository, transaction
from bot.storage.tables import index_artifacts, index_generations

NOTIFY_CHANNEL = "ilrs_index_generation"
PUBLISH_LOCK_KEY = 0x494E4458  # "INDX"


class ArtifactCorruptError(RuntimeError):
    """A stored index file does not match its checksum."""


@dataclass(frozen=True)
class Generation:
    id: int
    version: str
    published_at: datetime
    published_by: str
    manifest_json: str


def _generation(row) -> Generation:
    return Generation(row.id, row.version, row.published_at, row.published_by, row.manifest_json)


def publish_generation(
    conn: Connection,
    version: str,
    manifest_json: str,
    files: Mapping[str, bytes],
    *,
    published_by: str,
    now: datetime,
) -> Generation:
    """Store a generation with its files and make it the newest (the two newest are kept); publishing a stored
    version again re-dates it."""
    if conn.dialect.name == "postgresql":  # processes publishing at once take turns
        conn.execute(text("SELECT pg_advisory_xact_lock(0, :key)"), {"key": PUBLISH_LOCK_KEY})
    _delete(conn, conn.execute(select(index_generations.c.id).where(index_generations.c.version == version)).scalars())
    generation_id = conn.execute(
        insert(index_generations)
        .values(version=version, published_at=now, published_by=published_by, manifest_json=manifest_json)
        .returning(index_generations.c.id)
    ).scalar_one()
    for name, data in sorted(files.items()):
        conn.execute(
            insert(index_artifacts).values(
                generation_id=generation_id,
                name=name,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                data=data,
            )
        )
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_notify(:channel, :version)"), {"channel": NOTIFY_CHANNEL, "version": version})
    prune_generations(conn)
    return get_generation(conn, generation_id)


def get_generation(conn: Connection, generation_id: int) -> Generation | None:
    row = conn.execute(select(index_generations).where(index_generations.c.id == generation_id)).first()
    return _generation(row) if row else None


def latest_generation(conn: Connection) -> Generation | None:
    newest = select(func.max(index_generations.c.id)).scalar_subquery()
    row = conn.execute(select(index_generations).where(index_generations.c.id == newest)).first()
    return _generation(row) if row else None


def read_artifacts(conn: Connection, generation_id: int) -> dict[str, bytes]:
    """Every file of a generation, each checked against its checksum (ArtifactCorruptError if one fails)."""
    files = {}
    rows = conn.execute(select(index_artifacts).where(index_artifacts.c.generation_id == generation_id))
    for row in rows:
        data = bytes(row.data)
        if hashlib.sha256(data).hexdigest() != row.sha256 or len(data) != row.size:
            raise ArtifactCorruptError(f"index file {row.name} of generation {generation_id} fails its checksum")
        files[row.name] = data
    return files


def prune_generations(conn: Connection, keep: int = 2) -> int:
    """Delete all but the newest `keep` generations (with their files); return how many went."""
    kept = select(index_generations.c.id).order_by(index_generations.c.id.desc()).limit(keep).scalar_subquery()
    return _delete(
        conn, conn.execute(select(index_generations.c.id).where(index_generations.c.id.not_in(kept))).scalars()
    )


def _delete(conn: Connection, generation_ids) -> int:
    ids = list(generation_ids)
    if ids:
        conn.execute(index_artifacts.delete().where(index_artifacts.c.generation_id.in_(ids)))
        conn.execute(index_generations.delete().where(index_generations.c.id.in_(ids)))
    return len(ids)


class IndexGenerations(Repository):
    """The async repository of this module, over the bot's `Database`."""

    publish = transaction(publish_generation)
    latest = transaction(latest_generation)
    files = transaction(read_artifacts)
