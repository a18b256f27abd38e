"""The bot's storage: one interface over SQLite (embedded default) or PostgreSQL (several processes).

`tables.py` declares every table (SQLAlchemy Core), `migrations/` evolves them (Alembic, both dialects),
`database.py` opens a database from `DATABASE_URL` and runs blocking work off the event loop, and each
repository module (`questions.py`, `reminders.py`, `guild_settings.py`, `index_generations.py`) is the API for
one concern. Every table carries its user and server ids (or reaches them through one indexed key) so that
"everything about user U" and "everything of server G" are cheap queries.
"""
