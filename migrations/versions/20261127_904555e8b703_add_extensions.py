"""Add extensions

Revision ID: 904555e8b703
Revises: 3c8fc513f8e9
Create Date: 2026-11-27 23:22:41.048993
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "904555e8b703"
down_revision = "3c8fc513f8e9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["users.id"],
            name=op.f("fk_extensions_granted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_extensions_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["prompt_id"],
            ["writing_prompts.id"],
            name=op.f("fk_extensions_prompt_id_writing_prompts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extensions")),
        sa.UniqueConstraint(
            "prompt_id", "participant_id", name=op.f("uq_extensions_prompt_id_participant_id")
        ),
    )
    with op.batch_alter_table("extensions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extensions_participant_id"), ["participant_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extensions_participant_id"))

    op.drop_table("extensions")
