"""Alembic's entry point: runs the migrations on the connection `bot.storage.migration.migrate` hands over."""

from __future__ import annotations

from alembic import context

from bot.storage.tables import metadata

connection = context.config.attributes["connection"]
# Batch mode lets the same migration alter tables on SQLite, which rewrites a table to change a constraint.
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
