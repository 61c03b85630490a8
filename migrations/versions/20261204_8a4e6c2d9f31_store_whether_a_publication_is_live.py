"""Store whether a publication is live

Revision ID: 8a4e6c2d9f31
Revises: 3f1c2a9d7b10
Create Date: 2026-12-04 18:00:00.000000

"Is this publication live" was worked out on every public read from consent history (a
correlated NOT EXISTS on consent_records per row). It becomes publications.live, kept by
the services in the transaction that publishes, withdraws, takes down or erases, and
backfilled here by that same rule: not taken down, consent given for the web and not
withdrawn. The gallery's partial index moves from "withdrawn_at IS NULL" to "live".
publications has no append-only triggers, so batch mode may copy it on SQLite.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8a4e6c2d9f31"
down_revision = "3f1c2a9d7b10"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE publications SET live = true
WHERE withdrawn_at IS NULL AND EXISTS (
    SELECT 1 FROM consent_records AS given
    WHERE given.id = publications.consent_id
      AND given.kind = 'given'
      AND given.scope_web = true
      AND NOT EXISTS (
          SELECT 1 FROM consent_records AS withdrawal
          WHERE withdrawal.withdraws_id = given.id AND withdrawal.kind = 'withdrawn'
      )
)
"""


def upgrade():
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("live", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch_op.drop_index("ix_publications_live_published_at")
    op.execute(BACKFILL)
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_publications_live_not_withdrawn"), "NOT live OR withdrawn_at IS NULL"
        )
        batch_op.create_index(
            "ix_publications_live_published_at",
            ["published_at", "id"],
            unique=False,
            sqlite_where=sa.text("live = 1"),
            postgresql_where=sa.text("live"),
        )


def downgrade():
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index("ix_publications_live_published_at")
        batch_op.drop_constraint(op.f("ck_publications_live_not_withdrawn"), type_="check")
        batch_op.drop_column("live")
        batch_op.create_index(
            "ix_publications_live_published_at",
            ["published_at", "id"],
            unique=False,
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        )
