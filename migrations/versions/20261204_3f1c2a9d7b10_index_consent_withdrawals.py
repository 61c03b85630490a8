"""Index consent withdrawals by the consent they withdraw

Revision ID: 3f1c2a9d7b10
Revises: d96be4380e4e
Create Date: 2026-12-04 17:45:00.000000

Every test of "is this consent withdrawn" (each live publication in the gallery, feed,
sitemap and the dashboard's counts) looks up withdrawals by withdraws_id; without an index
that is a scan of consent_records per row. A plain CREATE INDEX, not batch mode: on SQLite
batch mode would copy the append-only table and lose its triggers.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "3f1c2a9d7b10"
down_revision = "d96be4380e4e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_consent_records_withdraws_id", "consent_records", ["withdraws_id"], unique=False
    )


def downgrade():
    op.drop_index("ix_consent_records_withdraws_id", table_name="consent_records")
