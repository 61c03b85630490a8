"""Add redactions

Revision ID: 56a94d21153b
Revises: 904555e8b703
Create Date: 2026-11-27 23:58:32.291302
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "56a94d21153b"
down_revision = "904555e8b703"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "redactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("essay_id", sa.Integer(), nullable=False),
        sa.Column("source_version_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("redacted_by_id", sa.Integer(), nullable=True),
        sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consent_records.id"],
            name=op.f("fk_redactions_consent_id_consent_records"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["essay_id"],
            ["essays.id"],
            name=op.f("fk_redactions_essay_id_essays"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["redacted_by_id"],
            ["users.id"],
            name=op.f("fk_redactions_redacted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_version_id"],
            ["essay_versions.id"],
            name=op.f("fk_redactions_source_version_id_essay_versions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["essay_versions.id"],
            name=op.f("fk_redactions_version_id_essay_versions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redactions")),
        sa.UniqueConstraint("version_id", name=op.f("uq_redactions_version_id")),
    )
    with op.batch_alter_table("redactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redactions_essay_id"), ["essay_id"], unique=False)


def downgrade():
    with op.batch_alter_table("redactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redactions_essay_id"))

    op.drop_table("redactions")
