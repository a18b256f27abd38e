"""The reminders tables, as a migration registered in `bot.database.MIGRATIONS` (kept import-free of it)."""

from __future__ import annotations

import sqlite3

_STATEMENTS = (
    """
    CREATE TABLE reminders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        title TEXT NOT NULL,
        deadline TEXT NOT NULL,          -- UTC ISO 8601, whole seconds
        zone TEXT NOT NULL,              -- the IANA zone the moderator gave
        date_only INTEGER NOT NULL,      -- 1: no time was given, the deadline is the end of that day
        lead_times TEXT NOT NULL,        -- e.g. '7d,1d,1h'
        created_by INTEGER NOT NULL,     -- Discord user id of the moderator
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'closed', 'cancelled', 'disabled')),
        pinned_message_id INTEGER,
        mention_role_id INTEGER,         -- only a configured announcement role; never @everyone or @here
        source_title TEXT,
        source_url TEXT,
        source_chunk_id TEXT,
        source_quote TEXT,
        status_reason TEXT,              -- why it was cancelled or disabled
        flag_reason TEXT                 -- set when a reindex changed or removed the source passage
    )
    """,
    "CREATE INDEX reminders_guild_status ON reminders (guild_id, status)",
    """
    CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reminder_id INTEGER NOT NULL REFERENCES reminders (id),
        kind TEXT NOT NULL CHECK (kind IN ('lead', 'close')),
        lead_seconds INTEGER NOT NULL,
        due_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned'
            CHECK (status IN ('planned', 'claimed', 'sent', 'late', 'missed', 'cancelled', 'disabled')),
        nonce TEXT NOT NULL DEFAULT '',
        claimed_at TEXT,
        finished_at TEXT,
        sent_message_id INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
    )
    """,
    "CREATE INDEX alerts_status_due ON alerts (status, due_at)",
    "CREATE INDEX alerts_reminder ON alerts (reminder_id)",
    """
    CREATE TABLE reminder_guild_config (
        guild_id INTEGER PRIMARY KEY,
        lead_times TEXT,                             -- the server's default; NULL: the bot's default
        moderator_role_ids TEXT NOT NULL DEFAULT '', -- comma-separated role ids
        announcement_role_id INTEGER
    )
    """,
)


def create_reminder_tables(conn: sqlite3.Connection) -> None:
    # Statement by statement, not executescript: that would commit the migration's transaction early.
    for statement in _STATEMENTS:
        conn.execute(statement)
