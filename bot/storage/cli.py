"""`python -m bot migrate`: apply the database migrations and say where the database stands."""

from __future__ import annotations

import sys

from bot.settings import Settings
from bot.storage.database import StorageError, describe, make_engine, migrate


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
