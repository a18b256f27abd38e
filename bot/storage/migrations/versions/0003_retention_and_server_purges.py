"""Retention: votes whose voter can be forgotten, counts of pruned questions per day, and scheduled server purges.

A vote's voter id becomes optional, so the vote outlives it: the feedback table gets its own row id and
"one vote per person and answer" becomes a unique index (NULLs are distinct, so anonymous votes never clash).
The table is rebuilt (copy, drop, rename) because both dialects can then do it the same way.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")
FEEDBACK_COLUMNS = "question_id, user_id, vote, voted_at"


def _feedback_table(name: str, *, anonymous_votes: bool) -> None:
    columns = [
        sa.Column("question_id", ROW_ID, sa.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.BigInteger, nullable=anonymous_votes),
        sa.Column("vote", sa.Integer, nullable=False),
        sa.Column("voted_at", sa.Text, nullable=False),
        sa.CheckConstraint("vote IN (-1, 1)", name="feedback_vote"),
    ]
    if anonymous_votes:
        op.create_table(
            name, sa.Column("id", ROW_ID, primary_key=True, autoincrement=True), *columns, sqlite_autoincrement=True
        )
    else:
        op.create_table(name, *columns, sa.PrimaryKeyConstraint("question_id", "user_id"))


def _rebuild_feedback(*, anonymous_votes: bool) -> None:
    _feedback_table("feedback_rebuilt", anonymous_votes=anonymous_votes)
    keep = "" if anonymous_votes else " WHERE user_id IS NOT NULL"  # going back: anonymous votes cannot be kept
    op.execute(f"INSERT INTO feedback_rebuilt ({FEEDBACK_COLUMNS}) SELECT {FEEDBACK_COLUMNS} FROM feedback{keep}")
    op.drop_index("feedback_user", table_name="feedback")
    op.drop_table("feedback")
    op.rename_table("feedback_rebuilt", "feedback")
    op.create_index("feedback_user", "feedback", ["user_id"])
    if anonymous_votes:
        op.create_index("feedback_question_user", "feedback", ["question_id", "user_id"], unique=True)


def upgrade() -> None:
    _rebuild_feedback(anonymous_votes=True)
    op.create_table(
        "question_log_totals",
        sa.Column("day", sa.Text, primary_key=True),
        sa.Column("questions", sa.Integer, nullable=False),
        sa.Column("abstained", sa.Integer, nullable=False),
        sa.Column("upvotes", sa.Integer, nullable=False),
        sa.Column("downvotes", sa.Integer, nullable=False),
    )
    op.create_table(
        "guild_purges",
        sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("removed_at", sa.Text, nullable=False),
        sa.Column("purge_after", sa.Text, nullable=False),
    )
    op.create_index("guild_purges_due", "guild_purges", ["purge_after"])


def downgrade() -> None:
    op.drop_index("guild_purges_due", table_name="guild_purges")
    op.drop_table("guild_purges")
    op.drop_table("question_log_totals")
    op.drop_index("feedback_question_user", table_name="feedback")
    _rebuild_feedback(anonymous_votes=False)
