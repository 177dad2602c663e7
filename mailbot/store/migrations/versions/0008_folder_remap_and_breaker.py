"""folder re-map flag and UIDVALIDITY reset breaker

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("folders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remap_started_at", sa.DateTime(timezone=True)))
        batch_op.add_column(
            sa.Column("uidvalidity_resets", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.add_column(sa.Column("breaker_tripped_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("folders", schema=None) as batch_op:
        batch_op.drop_column("breaker_tripped_at")
        batch_op.drop_column("uidvalidity_resets")
        batch_op.drop_column("remap_started_at")
