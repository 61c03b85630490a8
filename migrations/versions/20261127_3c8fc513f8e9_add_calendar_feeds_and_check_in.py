"""Add calendar feeds and self check-in

Revision ID: 3c8fc513f8e9
Revises: a5ed58b70547
Create Date: 2026-11-27 22:38:24.863853
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c8fc513f8e9"
down_revision = "a5ed58b70547"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "checkin_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_checkin_attempts_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["class_sessions.id"],
            name=op.f("fk_checkin_attempts_session_id_class_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_attempts")),
    )
    with op.batch_alter_table("checkin_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_checkin_attempts_session_id_participant_id",
            ["session_id", "participant_id"],
            unique=False,
        )

    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkin_secret", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("checkin_opens_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("checkin_closes_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "checkin_late_after_minutes", sa.Integer(), server_default="10", nullable=False
            )
        )
        batch_op.create_check_constraint(
            "checkin_window", "checkin_closes_at IS NULL OR checkin_closes_at > checkin_opens_at"
        )
        batch_op.create_check_constraint(
            "checkin_late_after",
            "checkin_late_after_minutes >= 0 AND checkin_late_after_minutes <= 240",
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("calendar_token_hash", sa.LargeBinary(length=32), nullable=True)
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_users_calendar_token_hash"), ["calendar_token_hash"]
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_calendar_token_hash"), type_="unique")
        batch_op.drop_column("calendar_token_hash")
        batch_op.drop_column("calendar_token")

    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_class_sessions_checkin_late_after"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_class_sessions_checkin_window"), type_="check")
        batch_op.drop_column("checkin_late_after_minutes")
        batch_op.drop_column("checkin_closes_at")
        batch_op.drop_column("checkin_opens_at")
        batch_op.drop_column("checkin_secret")

    with op.batch_alter_table("checkin_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_checkin_attempts_session_id_participant_id")

    op.drop_table("checkin_attempts")
