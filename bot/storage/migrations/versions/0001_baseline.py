"""The tables of the first SQLite releases: question log, feedback, reminders, alerts, server reminder settings.

Databases made before these migrations existed already hold some or all of them (recorded in their own
`schema_version` table): the tables that exist are kept as they are, the missing ones created, and that
table dropped, so such a file continues here in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def _create_missing(existing: set[str]) -> None:
    if "questions" not in existing:
        op.create_table(
            "questions",
            sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
            sa.Column("asked_at", sa.Text, nullable=False),
            sa.Column("source", sa.Text, nullable=False),
            sa.Column("user_id", sa.BigInteger),
            sa.Column("guild_id", sa.BigInteger),
            sa.Column("channel_id", sa.BigInteger),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer", sa.Text, nullable=False),
            sa.Column("abstained", sa.Boolean, nullable=False),
            sa.Column("citations_json", sa.Text, nullable=False),
            sa.Column("index_version", sa.Text, nullable=False),
            sa.Column("latency_ms", sa.Float, nullable=False),
            sqlite_autoincrement=True,
        )
        op.create_index("questions_asked_at", "questions", ["asked_at"])
    if "feedback" not in existing:
        op.create_table(
            "feedback",
            sa.Column("question_id", ROW_ID, sa.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
            sa.Column("user_id", sa.BigInteger, nullable=False),
            sa.Column("vote", sa.Integer, nullable=False),
            sa.Column("voted_at", sa.Text, nullable=False),
            sa.PrimaryKeyConstraint("question_id", "user_id"),
            sa.CheckConstraint("vote IN (-1, 1)", name="feedback_vote"),
        )
    if "reminders" not in existing:
        op.create_table(
            "reminders",
            sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
            sa.Column("guild_id", sa.BigInteger, nullable=False),
            sa.Column("channel_id", sa.BigInteger, nullable=False),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("deadline", sa.Text, nullable=False),
            sa.Column("zone", sa.Text, nullable=False),
            sa.Column("date_only", sa.Boolean, nullable=False),
            sa.Column("lead_times", sa.Text, nullable=False),
            sa.Column("created_by", sa.BigInteger, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
            sa.Column("status", sa.Text, nullable=False, server_default="active"),
            sa.Column("pinned_message_id", sa.BigInteger),
            sa.Column("mention_role_id", sa.BigInteger),
            sa.Column("source_title", sa.Text),
            sa.Column("source_url", sa.Text),
            sa.Column("source_chunk_id", sa.Text),
            sa.Column("source_quote", sa.Text),
            sa.Column("status_reason", sa.Text),
            sa.Column("flag_reason", sa.Text),
            sa.CheckConstraint("status IN ('active', 'closed', 'cancelled', 'disabled')", name="reminders_status"),
            sqlite_autoincrement=True,
        )
        op.create_index("reminders_guild_status", "reminders", ["guild_id", "status"])
    if "alerts" not in existing:
        op.create_table(
            "alerts",
            sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
            sa.Column("reminder_id", ROW_ID, sa.ForeignKey("reminders.id"), nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("lead_seconds", sa.Integer, nullable=False),
            sa.Column("due_at", sa.Text, nullable=False),
            sa.Column("status", sa.Text, nullable=False, server_default="planned"),
            sa.Column("nonce", sa.Text, nullable=False, server_default=""),
            sa.Column("claimed_at", sa.Text),
            sa.Column("finished_at", sa.Text),
            sa.Column("sent_message_id", sa.BigInteger),
            sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
            sa.Column("last_error", sa.Text),
            sa.CheckConstraint("kind IN ('lead', 'close')", name="alerts_kind"),
            sa.CheckConstraint(
                "status IN ('planned', 'claimed', 'sent', 'late', 'missed', 'cancelled', 'disabled')",
                name="alerts_status",
            ),
            sqlite_autoincrement=True,
        )
        op.create_index("alerts_status_due", "alerts", ["status", "due_at"])
        op.create_index("alerts_reminder", "alerts", ["reminder_id"])
    if "reminder_guild_config" not in existing:
        op.create_table(
            "reminder_guild_config",
            sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("lead_times", sa.Text),
            sa.Column("moderator_role_ids", sa.Text, nullable=False, server_default=""),
            sa.Column("announcement_role_id", sa.BigInteger),
        )


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    _create_missing(existing)
    if "schema_version" in existing:
        op.drop_table("schema_version")  # the pre-Alembic version record; alembic_version replaces it


def downgrade() -> None:
    for table in ("reminder_guild_config", "alerts", "reminders", "feedback", "questions"):
        op.drop_table(table)
