"""Why 👎: a reason and an optional note on a vote."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.add_column("feedback", sa.Column("reason", sa.Text))
    op.add_column("feedback", sa.Column("note", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("note")
        batch.drop_column("reason")
