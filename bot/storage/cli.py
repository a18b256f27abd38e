"""`python -m bot migrate` and `python -m bot status`: the database's schema, and what the processes share."""

from __future__ import annotations

import sys

from bot.settings import Settings
from bot.storage.engine import StorageError, describe, make_engine
from bot.storage.migration import migrate


def run_migrate(settings: Settings) -> int:
    url = settings.storage.url
    try:
        engine = make_engine(url)
        try:
            revision = migrate(engine)
        finally:
            engine.dispose()
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{describe(url)}: schema at revision {revision}")
    return 0


def status_report(settings: Settings) -> dict[str, object]:
    """Where this configuration stands: database, shards, index generation, due alerts and who holds them."""
    from sqlalchemy import func, select

    from bot.clock import utc_now
    from bot.storage.alert_delivery import count_due
    from bot.storage.database import run_once
    from bot.storage.index_generations import latest_generation
    from bot.storage.migration import current_revision
    from bot.storage.reminder_records import CLAIMED
    from bot.storage.tables import alerts

    discord = settings.discord
    local = _local_index_version(settings.knowledge.index_dir)

    def look(conn) -> dict[str, object]:
        now = utc_now()
        holders = conn.execute(
            select(alerts.c.claimed_by, func.count()).where(alerts.c.status == CLAIMED).group_by(alerts.c.claimed_by)
        ).all()
        generation = latest_generation(conn)
        return {
            "database": describe(settings.storage.url),
            "schema_revision": current_revision(conn),
            "shards": {"count": discord.shard_count, "ids": list(discord.shard_ids) or "all"},
            "index": {
                "local_version": local,
                "published_generation": generation.id if generation else None,
                "published_version": generation.version if generation else None,
                "published_by": generation.published_by if generation else None,
                "consistent": generation is None or generation.version == local,
            },
            "due_alerts": count_due(conn, now),
            "claimed_alerts": {owner or "?": count for owner, count in holders},
        }

    return run_once(settings.storage.url, look)


def _local_index_version(index_dir) -> str | None:
    from index.errors import IndexError_
    from index.manifest import read_manifest
    from index.storage import current_build_dir

    try:
        build = current_build_dir(index_dir, required=False)
        return read_manifest(build).version if build else None
    except IndexError_:
        return None


def run_status(settings: Settings) -> int:
    """`python -m bot status`: one JSON object (exit 1 when the database cannot be read)."""
    import json

    try:
        report = status_report(settings)
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(json.dumps(report, indent=1))
    return 0
