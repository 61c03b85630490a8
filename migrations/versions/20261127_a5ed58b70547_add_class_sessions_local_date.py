"""Add the local date of each class session

Revision ID: a5ed58b70547
Revises: 11fc3ec458b8
Create Date: 2026-11-27 22:19:17.445868
"""

from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from flask import current_app

# revision identifiers, used by Alembic.
revision = "a5ed58b70547"
down_revision = "11fc3ec458b8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("local_date", sa.Date(), nullable=True))
    # The day each session falls on in the app's time zone (APP_TIMEZONE).
    zone = ZoneInfo(current_app.config["APP_TIMEZONE"])
    sessions = sa.table(
        "class_sessions", sa.column("id"), sa.column("starts_at"), sa.column("local_date")
    )
    bind = op.get_bind()
    for session_id, starts_at in bind.execute(sa.select(sessions.c.id, sessions.c.starts_at)):
        if isinstance(starts_at, str):  # SQLite hands back text for an untyped column
            starts_at = sa.types.DateTime().result_processor(bind.dialect, None)(starts_at)
        if starts_at.tzinfo is None:
            starts_at = starts_at.replace(tzinfo=UTC)
        bind.execute(
            sessions.update()
            .where(sessions.c.id == session_id)
            .values(local_date=starts_at.astimezone(zone).date())
        )
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.alter_column("local_date", existing_type=sa.Date(), nullable=False)


def downgrade():
    with op.batch_alter_table("class_sessions", schema=None) as batch_op:
        batch_op.drop_column("local_date")
