"""index change log for the in-memory match index

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "index_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_change")),
    )
    op.create_index(op.f("ix_index_change_entity_id"), "index_change", ["entity_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_index_change_entity_id"), table_name="index_change")
    op.drop_table("index_change")
