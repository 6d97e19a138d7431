"""hardening (issue 12): sessions that end, one login throttle, reviewed firm changes, named locks

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _upgrade_sessions_and_reviews()
    _upgrade_named_locks()


def downgrade() -> None:
    _downgrade_named_locks()
    _downgrade_sessions_and_reviews()


# Sessions that end (user.session_version), one throttle for the deployment (login_failure) and
# review of an approved firm's identity changes (enterprise_change).


def _upgrade_sessions_and_reviews() -> None:
    with op.batch_alter_table("user") as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure") as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failure_key"), ["key"], unique=False)
    op.create_table(
        "enterprise_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("proposed_by_user_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_enterprise_change_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_user_id"],
            ["user.id"],
            name=op.f("fk_enterprise_change_proposed_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["user.id"],
            name=op.f("fk_enterprise_change_decided_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise_change")),
    )
    with op.batch_alter_table("enterprise_change") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enterprise_change_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_enterprise_change_status"), ["status"], unique=False)


def _downgrade_sessions_and_reviews() -> None:
    op.drop_table("enterprise_change")
    op.drop_table("login_failure")
    with op.batch_alter_table("user") as batch_op:
        batch_op.drop_column("session_version")


# Races answer 409, never 500: named locks (service.core.locks) serialise the check-then-insert of
# firm names (fuzzy, so no unique index can hold it) and usernames.


def _upgrade_named_locks() -> None:
    op.create_table(
        "named_lock",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_named_lock")),
    )


def _downgrade_named_locks() -> None:
    op.drop_table("named_lock")
