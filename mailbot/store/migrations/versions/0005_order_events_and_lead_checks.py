"""order events and lead checks

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "lead_checks",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("verdict", sa.String(length=12), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("details", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("email"),
    )
    with op.batch_alter_table("lead_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lead_checks_domain"), ["domain"], unique=False)
        batch_op.create_index(batch_op.f("ix_lead_checks_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "order_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ref", sa.String(length=100), server_default="", nullable=False),
        sa.Column("tracking", sa.String(length=200), server_default="", nullable=False),
        sa.Column("product", sa.String(length=200), server_default="", nullable=False),
        sa.Column("contact", sa.String(length=320), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "kind", "ref", "at"),
    )
    with op.batch_alter_table("order_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_events_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_order_events_customer_id"), ["customer_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("order_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_events_customer_id"))
        batch_op.drop_index(batch_op.f("ix_order_events_at"))

    op.drop_table("order_events")
    with op.batch_alter_table("lead_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lead_checks_expires_at"))
        batch_op.drop_index(batch_op.f("ix_lead_checks_domain"))

    op.drop_table("lead_checks")
