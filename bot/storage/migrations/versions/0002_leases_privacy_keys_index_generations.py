"""Alert leases for several processes, user and server keys on every table, and published index generations."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

ROW_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("claimed_by", sa.Text))
        batch.add_column(sa.Column("lease_expires_at", sa.Text))
    op.create_index("questions_user", "questions", ["user_id"])
    op.create_index("questions_guild", "questions", ["guild_id"])
    op.create_index("feedback_user", "feedback", ["user_id"])
    op.create_index("reminders_created_by", "reminders", ["created_by"])
    op.create_table(
        "index_generations",
        sa.Column("id", ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Text, nullable=False, unique=True),
        sa.Column("published_at", sa.Text, nullable=False),
        sa.Column("published_by", sa.Text, nullable=False),
        sa.Column("manifest_json", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "index_artifacts",
        sa.Column("generation_id", ROW_ID, sa.ForeignKey("index_generations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("generation_id", "name"),
    )


def downgrade() -> None:
    op.drop_table("index_artifacts")
    op.drop_table("index_generations")
    for name, table in (
        ("reminders_created_by", "reminders"),
        ("feedback_user", "feedback"),
        ("questions_guild", "questions"),
        ("questions_user", "questions"),
    ):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("lease_expires_at")
        batch.drop_column("claimed_by")
