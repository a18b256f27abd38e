"""Alembic migrations for both backends; `bot.storage.migration.migrate` runs them (no alembic.ini needed)."""
