"""Add sign-in failures

Revision ID: d96be4380e4e
Revises: 56a94d21153b
Create Date: 2026-11-28 00:42:18.740161
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d96be4380e4e"
down_revision = "56a94d21153b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sign_in_failures_email_hash_failed_at", ["email_hash", "failed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sign_in_failures_failed_at"), ["failed_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_failed_at"))
        batch_op.drop_index("ix_sign_in_failures_email_hash_failed_at")

    op.drop_table("sign_in_failures")
