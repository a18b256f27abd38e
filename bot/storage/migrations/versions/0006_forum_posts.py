"""Forum posts the bot answered: one row per thread, so a post is never answered twice."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "forum_posts",
        sa.Column("thread_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("guild_id", sa.BigInteger, nullable=False),
        sa.Column("forum_id", sa.BigInteger, nullable=False),
        sa.Column("answered_at", sa.Text, nullable=False),
    )
    op.create_index("forum_posts_guild", "forum_posts", ["guild_id"])


def downgrade() -> None:
    op.drop_index("forum_posts_guild", table_name="forum_posts")
    op.drop_table("forum_posts")
