"""链创: institute profiles, challenges (揭榜挂帅) with their history, access grants, applications,
milestones, and the bureau's key missing links per chain and year

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "institute_profile",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("research_fields", sa.JSON(), nullable=False),
        sa.Column("teams", sa.JSON(), nullable=False),
        sa.Column("platforms", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_institute_profile_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_institute_profile")),
    )
    op.create_table(
        "key_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_code", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("segment", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_code"], ["chain.code"], name=op.f("fk_key_link_chain_code_chain")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["user.id"],
            name=op.f("fk_key_link_created_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_link")),
    )
    with op.batch_alter_table("key_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_link_chain_code"), ["chain_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_key_link_year"), ["year"], unique=False)

    op.create_table(
        "challenge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("posted_by_user_id", sa.Integer(), nullable=True),
        sa.Column("chain_code", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("segment", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("problem", sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("current_state", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("expected_result", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("budget_wan", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("duration_months", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("disclosure", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key_link_id", sa.Integer(), nullable=True),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chain_code"], ["chain.code"], name=op.f("fk_challenge_chain_code_chain")
        ),
        sa.ForeignKeyConstraint(
            ["key_link_id"],
            ["key_link.id"],
            name=op.f("fk_challenge_key_link_id_key_link"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"], ["need.id"], name=op.f("fk_challenge_need_id_need"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["enterprise.id"],
            name=op.f("fk_challenge_owner_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["posted_by_user_id"],
            ["user.id"],
            name=op.f("fk_challenge_posted_by_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge")),
    )
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenge_chain_code"), ["chain_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_challenge_key_link_id"), ["key_link_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_challenge_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_challenge_status"), ["status"], unique=False)

    op.create_table(
        "challenge_access",
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("institute_id", sa.Integer(), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_access_challenge_id_challenge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["institute_id"],
            ["enterprise.id"],
            name=op.f("fk_challenge_access_institute_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("challenge_id", "institute_id", name=op.f("pk_challenge_access")),
    )
    op.create_table(
        "challenge_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("institute_id", sa.Integer(), nullable=False),
        sa.Column("approach", sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("budget_wan", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("timeline", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_application_challenge_id_challenge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["institute_id"],
            ["enterprise.id"],
            name=op.f("fk_challenge_application_institute_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_application")),
        sa.UniqueConstraint(
            "challenge_id", "institute_id", name=op.f("uq_challenge_application_challenge_id")
        ),
    )
    with op.batch_alter_table("challenge_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_application_challenge_id"), ["challenge_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_challenge_application_institute_id"), ["institute_id"], unique=False
        )

    op.create_table(
        "challenge_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_event_challenge_id_challenge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_challenge_event_user_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_event")),
    )
    with op.batch_alter_table("challenge_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_event_challenge_id"), ["challenge_id"], unique=False
        )

    op.create_table(
        "challenge_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("deliverable", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("payment_wan", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["challenge_application.id"],
            name=op.f("fk_challenge_milestone_application_id_challenge_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenge.id"],
            name=op.f("fk_challenge_milestone_challenge_id_challenge"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_milestone")),
    )
    with op.batch_alter_table("challenge_milestone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_milestone_challenge_id"), ["challenge_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("challenge_milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_milestone_challenge_id"))

    op.drop_table("challenge_milestone")
    with op.batch_alter_table("challenge_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_event_challenge_id"))

    op.drop_table("challenge_event")
    with op.batch_alter_table("challenge_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_application_institute_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_application_challenge_id"))

    op.drop_table("challenge_application")
    op.drop_table("challenge_access")
    with op.batch_alter_table("challenge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_status"))
        batch_op.drop_index(batch_op.f("ix_challenge_owner_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_key_link_id"))
        batch_op.drop_index(batch_op.f("ix_challenge_chain_code"))

    op.drop_table("challenge")
    with op.batch_alter_table("key_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_link_year"))
        batch_op.drop_index(batch_op.f("ix_key_link_chain_code"))

    op.drop_table("key_link")
    op.drop_table("institute_profile")
