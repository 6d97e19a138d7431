"""match.score_key: what a pairing's stored score was computed from (both records, the engine)

A pairing's score is computed once and shown everywhere from the row; the key tells when either
side or the engine's configuration changed since, so the score is computed again.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows stored before have no key: each is scored again the first time it is read.
    with op.batch_alter_table("match") as batch:
        batch.add_column(
            sa.Column(
                "score_key",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("match") as batch:
        batch.drop_column("score_key")
