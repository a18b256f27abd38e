"""What a scale check reads back: the stand-in's posts, the database's alerts, each process's index version."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bot.storage.database import run_once


def posts_by_marker(fake) -> Counter:
    """How many messages carry each alert's footer ("Reminder #r · alert a")."""
    counts: Counter = Counter()
    for message in fake.world.messages.values():
        for embed in message.get("embeds") or []:
            footer = (embed.get("footer") or {}).get("text", "")
            if footer.startswith("Reminder #") and " · alert " in footer:
                counts[footer] += 1
    return counts


def alert_markers(url: str) -> list[str]:
    from sqlalchemy import select

    from bot.features.reminders.messages import alert_marker
    from bot.storage.tables import alerts

    rows = run_once(url, lambda conn: conn.execute(select(alerts.c.reminder_id, alerts.c.id)).all())
    return [alert_marker(reminder_id, alert_id) for reminder_id, alert_id in rows]


def unfinished(url: str) -> int:
    from sqlalchemy import func, select

    from bot.storage.tables import alerts

    query = select(func.count()).where(alerts.c.status.in_(("planned", "claimed")))
    return run_once(url, lambda conn: conn.execute(query).scalar_one())


def local_versions(index_dirs: list[Path]) -> list[str | None]:
    from index.manifest import read_manifest
    from index.storage import current_build_dir

    versions = []
    for index_dir in index_dirs:
        build = current_build_dir(index_dir, required=False)
        versions.append(read_manifest(build).version if build else None)
    return versions


def latest_version(conn) -> str | None:
    from bot.storage.index_generations import latest_generation

    generation = latest_generation(conn)
    return generation.version if generation else None
