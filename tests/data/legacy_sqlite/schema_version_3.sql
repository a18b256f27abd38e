-- A database as the bot's SQLite code before Alembic left it (schema_version 3), with a few rows of each table.
BEGIN TRANSACTION;
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
    );
INSERT INTO "alerts" VALUES(1,1,'lead',604800,'2026-12-24T17:00:00+00:00','claimed','e8be29f06eacf35571aaa366','2026-10-01T12:00:00+00:00',NULL,NULL,1,NULL);
INSERT INTO "alerts" VALUES(2,1,'lead',86400,'2026-12-30T17:00:00+00:00','sent','87ee238571ab9ec57a6cf8ca','2026-10-01T12:00:00+00:00','2026-10-01T12:00:00+00:00',888,1,NULL);
INSERT INTO "alerts" VALUES(3,1,'close',0,'2026-12-31T17:00:00+00:00','planned','23ab854b75869d3e013a4610',NULL,NULL,NULL,0,NULL);
CREATE TABLE feedback (
            question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL,
            vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            voted_at TEXT NOT NULL,
            PRIMARY KEY (question_id, user_id)
        );
INSERT INTO "feedback" VALUES(1,444,1,'2026-11-30T12:09:07+00:00');
INSERT INTO "feedback" VALUES(1,555,-1,'2026-11-30T12:09:07+00:00');
CREATE TABLE questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            asked_at TEXT NOT NULL,
            source TEXT NOT NULL,
            user_id INTEGER,
            guild_id INTEGER,
            channel_id INTEGER,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            abstained INTEGER NOT NULL,
            citations_json TEXT NOT NULL,
            index_version TEXT NOT NULL,
            latency_ms REAL NOT NULL
        );
INSERT INTO "questions" VALUES(1,'2026-11-30T12:09:07+00:00','slash',111,222,333,'When is the deadline?','By December 31 [1].',0,'[{"source": "proposal-article.md", "title": "Proposal", "section": "Paragraph 6", "quote": "Interested parties have until December 31 to submit a letter of intent."}]','v1',9.5);
INSERT INTO "questions" VALUES(2,'2026-11-30T12:09:07+00:00','console',NULL,NULL,NULL,'Who won?','The sources do not say.',1,'[]','v1',0.0);
CREATE TABLE reminder_guild_config (
        guild_id INTEGER PRIMARY KEY,
        lead_times TEXT,                             -- the server's default; NULL: the bot's default
        moderator_role_ids TEXT NOT NULL DEFAULT '', -- comma-separated role ids
        announcement_role_id INTEGER
    );
INSERT INTO "reminder_guild_config" VALUES(222,'3d,2h','7,8',9);
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
    );
INSERT INTO "reminders" VALUES(1,222,333,'Letters of intent','2026-12-31T17:00:00+00:00','Europe/Paris',0,'7d,1d',666,'2026-10-01T12:00:00+00:00','2026-10-01T12:00:00+00:00','active',777,NULL,'Proposal',NULL,'chunk-1','until December 31',NULL,NULL);
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
INSERT INTO "schema_version" VALUES(1,'2026-10-01T12:00:00+00:00');
INSERT INTO "schema_version" VALUES(2,'2026-10-01T12:00:00+00:00');
INSERT INTO "schema_version" VALUES(3,'2026-10-01T12:00:00+00:00');
CREATE INDEX questions_asked_at ON questions (asked_at);
CREATE INDEX reminders_guild_status ON reminders (guild_id, status);
CREATE INDEX alerts_status_due ON alerts (status, due_at);
CREATE INDEX alerts_reminder ON alerts (reminder_id);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('questions',2);
INSERT INTO "sqlite_sequence" VALUES('reminders',1);
INSERT INTO "sqlite_sequence" VALUES('alerts',3);
COMMIT;
