"""Answers moderators taught the bot: one row per entry of the curated document."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "taught_answers",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("guild_id", sa.BigInteger),
        sa.Column("approved_by", sa.BigInteger),
        sa.Column("author_id", sa.BigInteger),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("message_url", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("taught_answers_guild", "taught_answers", ["guild_id"])
    op.create_index("taught_answers_approved_by", "taught_answers", ["approved_by"])
    op.create_index("taught_answers_author", "taught_answers", ["author_id"])


def downgrade() -> None:
    op.drop_index("taught_answers_author", table_name="taught_answers")
    op.drop_index("taught_answers_approved_by", table_name="taught_answers")
    op.drop_index("taught_answers_guild", table_name="taught_answers")
    op.drop_table("taught_answers")
