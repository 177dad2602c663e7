"""leases (one sender at a time) and service events (status, digest)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "service_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("mailbox", sa.String(length=100), nullable=True),
        sa.Column("holder", sa.String(length=200), nullable=True),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("figures", sa.JSON(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("service_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_events_kind"), ["kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_events_kind"))
        batch_op.drop_index(batch_op.f("ix_service_events_at"))
    op.drop_table("service_events")
    op.drop_table("leases")
