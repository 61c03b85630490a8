"""Add account tokens, archiving and erasure, display names and level corrections

Revision ID: bca2bebb0cd7
Revises: eb1117f089c7
Create Date: 2026-11-27 21:47:51.329708
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "bca2bebb0cd7"
down_revision = "eb1117f089c7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "invitation",
                "password_reset",
                name="purpose",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_account_tokens_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
    )
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "level_assessment_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["level_assessments.id"],
            name=op.f("fk_level_assessment_changes_assessment_id_level_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_level_assessment_changes_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_level_assessment_changes")),
    )
    with op.batch_alter_table("level_assessment_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_level_assessment_changes_assessment_id"), ["assessment_id"], unique=False
        )

    with op.batch_alter_table("level_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("voided_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_level_assessments_voided_by_id_users"),
            "users",
            ["voided_by_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column("legal_name", existing_type=sa.BLOB(), nullable=True)
        batch_op.alter_column("legal_name_hash", existing_type=sa.BLOB(), nullable=True)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.String(length=100), nullable=True))
        batch_op.alter_column("email", existing_type=sa.BLOB(), nullable=True)
        batch_op.alter_column("email_hash", existing_type=sa.BLOB(), nullable=True)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("email_hash", existing_type=sa.BLOB(), nullable=False)
        batch_op.alter_column("email", existing_type=sa.BLOB(), nullable=False)
        batch_op.drop_column("display_name")

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.alter_column("legal_name_hash", existing_type=sa.BLOB(), nullable=False)
        batch_op.alter_column("legal_name", existing_type=sa.BLOB(), nullable=False)
        batch_op.drop_column("erased_at")
        batch_op.drop_column("archived_at")

    with op.batch_alter_table("level_assessments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_level_assessments_voided_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("voided_by_id")
        batch_op.drop_column("voided_at")

    with op.batch_alter_table("level_assessment_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_level_assessment_changes_assessment_id"))

    op.drop_table("level_assessment_changes")
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_tokens_user_id"))

    op.drop_table("account_tokens")
