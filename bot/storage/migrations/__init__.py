"""Alembic migrations for both backends; `bot.storage.database.migrate` runs them (no alembic.ini needed)."""
