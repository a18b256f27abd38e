"""Every table the bot stores, declared once (SQLAlchemy Core); `migrations/` brings a database to this shape."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

from bot.storage.timestamps import UtcMoment

# Row ids: 64-bit on PostgreSQL, SQLite's rowid alias (INTEGER PRIMARY KEY AUTOINCREMENT) on SQLite.
RowId = BigInteger().with_variant(Integer, "sqlite")
# Discord snowflakes need 64 bits.
Snowflake = BigInteger

REMINDER_STATUSES = ("active", "closed", "cancelled", "disabled")
ALERT_STATUSES = ("planned", "claimed", "sent", "late", "missed", "cancelled", "disabled")
ALERT_KINDS = ("lead", "close")


def one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


metadata = MetaData()

questions = Table(
    "questions",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("asked_at", UtcMoment, nullable=False),
    Column("source", Text, nullable=False),  # slash, mention, reply, console
    Column("user_id", Snowflake),  # None in the console
    Column("guild_id", Snowflake),  # None in DMs and the console
    Column("channel_id", Snowflake),
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("abstained", Boolean, nullable=False),
    Column("citations_json", Text, nullable=False),
    Column("index_version", Text, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Index("questions_asked_at", "asked_at"),
    Index("questions_user", "user_id"),
    Index("questions_guild", "guild_id"),
    sqlite_autoincrement=True,
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("question_id", RowId, ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
    # The voter, kept only while the vote may still change (one vote per person); None once it is anonymous.
    Column("user_id", Snowflake),
    Column("vote", Integer, nullable=False),
    Column("voted_at", UtcMoment, nullable=False),
    Column("reason", Text),  # why 👎: wrong, outdated, not_asked, other (bot/storage/downvote_reasons.py)
    Column("note", Text),  # the voter's optional words with it, at most 200 characters
    CheckConstraint("vote IN (-1, 1)", name="feedback_vote"),
    Index("feedback_question_user", "question_id", "user_id", unique=True),  # NULLs are distinct: anonymous votes
    Index("feedback_user", "user_id"),
    # A server's votes are reached through questions.guild_id (indexed).
    sqlite_autoincrement=True,
)

reminders = Table(
    "reminders",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("guild_id", Snowflake, nullable=False),
    Column("channel_id", Snowflake, nullable=False),
    Column("title", Text, nullable=False),
    Column("deadline", UtcMoment, nullable=False),
    Column("zone", Text, nullable=False),  # the IANA zone the moderator gave
    Column("date_only", Boolean, nullable=False),  # no time was given: the deadline is the end of that day
    Column("lead_times", Text, nullable=False),  # e.g. '7d,1d,1h'
    Column("created_by", Snowflake, nullable=False),  # the moderator
    Column("created_at", UtcMoment, nullable=False),
    Column("updated_at", UtcMoment, nullable=False),
    Column("status", Text, nullable=False, server_default="active"),
    Column("pinned_message_id", Snowflake),
    Column("mention_role_id", Snowflake),  # only a configured announcement role; never @everyone or @here
    Column("source_title", Text),
    Column("source_url", Text),
    Column("source_chunk_id", Text),
    Column("source_quote", Text),
    Column("status_reason", Text),  # why it was cancelled or disabled
    Column("flag_reason", Text),  # set when a reindex changed or removed the source passage
    CheckConstraint(one_of("status", REMINDER_STATUSES), name="reminders_status"),
    Index("reminders_guild_status", "guild_id", "status"),
    Index("reminders_created_by", "created_by"),
    sqlite_autoincrement=True,
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("reminder_id", RowId, ForeignKey("reminders.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("lead_seconds", Integer, nullable=False),
    Column("due_at", UtcMoment, nullable=False),
    Column("status", Text, nullable=False, server_default="planned"),
    Column("nonce", Text, nullable=False, server_default=""),  # the idempotency key every send of it uses
    Column("claimed_at", UtcMoment),
    Column("finished_at", UtcMoment),
    Column("sent_message_id", Snowflake),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("claimed_by", Text),  # the process holding the lease
    Column("lease_expires_at", UtcMoment),  # after this another process may take the alert over
    CheckConstraint(one_of("kind", ALERT_KINDS), name="alerts_kind"),
    CheckConstraint(one_of("status", ALERT_STATUSES), name="alerts_status"),
    Index("alerts_status_due", "status", "due_at"),
    Index("alerts_reminder", "reminder_id"),
    sqlite_autoincrement=True,
)

reminder_guild_config = Table(
    "reminder_guild_config",
    metadata,
    Column("guild_id", Snowflake, primary_key=True, autoincrement=False),
    Column("lead_times", Text),  # the server's default; None: the bot's default
    Column("moderator_role_ids", Text, nullable=False, server_default=""),  # comma-separated role ids
    Column("announcement_role_id", Snowflake),
)

index_generations = Table(
    "index_generations",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("version", Text, nullable=False, unique=True),  # the index's own version (its manifest hash)
    Column("published_at", UtcMoment, nullable=False),
    Column("published_by", Text, nullable=False),  # the process or maintainer that published it
    Column("manifest_json", Text, nullable=False),
    sqlite_autoincrement=True,
)

index_artifacts = Table(
    "index_artifacts",
    metadata,
    Column("generation_id", RowId, ForeignKey("index_generations.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),  # the file name inside the index directory
    Column("sha256", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("data", LargeBinary, nullable=False),
    PrimaryKeyConstraint("generation_id", "name"),
)

# The counts of question-log rows removed by the retention prune, per UTC day they were asked, so that /stats
# totals stay the same after a prune: no text, no ids, nothing about a person or a server.
question_log_totals = Table(
    "question_log_totals",
    metadata,
    Column("day", Text, primary_key=True),  # YYYY-MM-DD (UTC)
    Column("questions", Integer, nullable=False),
    Column("abstained", Integer, nullable=False),
    Column("upvotes", Integer, nullable=False),
    Column("downvotes", Integer, nullable=False),
)

# Servers that removed the bot: their data is purged after the grace period unless the bot is added back.
guild_purges = Table(
    "guild_purges",
    metadata,
    Column("guild_id", Snowflake, primary_key=True, autoincrement=False),
    Column("removed_at", UtcMoment, nullable=False),
    Column("purge_after", UtcMoment, nullable=False),
    Index("guild_purges_due", "purge_after"),
)

# Answers moderators added to the knowledge base (`/teach`, "Add to knowledge base"); the text itself lives in the
# curated document in the docs directory, this row records who added it where, so it can be listed and removed.
taught_answers = Table(
    "taught_answers",
    metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("guild_id", Snowflake),  # None in the console
    Column("approved_by", Snowflake),  # the moderator who confirmed it; None in the console or once forgotten
    Column("author_id", Snowflake),  # who wrote the answer, when it came from a message
    Column("question", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("message_url", Text),
    Column("created_at", UtcMoment, nullable=False),
    Index("taught_answers_guild", "guild_id"),
    Index("taught_answers_approved_by", "approved_by"),
    Index("taught_answers_author", "author_id"),
    sqlite_autoincrement=True,
)

# Forum posts the bot has answered, so none is answered twice (restarts and several processes included).
forum_posts = Table(
    "forum_posts",
    metadata,
    Column("thread_id", Snowflake, primary_key=True, autoincrement=False),
    Column("guild_id", Snowflake, nullable=False),
    Column("forum_id", Snowflake, nullable=False),
    Column("answered_at", UtcMoment, nullable=False),
    Index("forum_posts_guild", "guild_id"),
)
