"""customer profiles

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "profile_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), server_default="", nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("challenger", sa.Text(), nullable=True),
        sa.Column("challenger_source", sa.String(length=30), nullable=True),
        sa.Column("challenger_hits", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("customer_id", "email", "field"),
    )
    with op.batch_alter_table("profile_facts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profile_facts_customer_id"), ["customer_id"], unique=False
        )

    with op.batch_alter_table("customer_addresses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birthday", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("phone", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("whatsapp", sa.String(length=40), server_default="", nullable=False)
        )

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("subdivision", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("languages", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("tier", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("stage", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("website", sa.String(length=300), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("phone", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("notes", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("first_purchase", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("last_order", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("order_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("profiled_through", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("profiled_through")
        batch_op.drop_column("order_count")
        batch_op.drop_column("last_order")
        batch_op.drop_column("first_purchase")
        batch_op.drop_column("notes")
        batch_op.drop_column("phone")
        batch_op.drop_column("website")
        batch_op.drop_column("stage")
        batch_op.drop_column("tier")
        batch_op.drop_column("languages")
        batch_op.drop_column("timezone")
        batch_op.drop_column("subdivision")
        batch_op.drop_column("country")

    with op.batch_alter_table("customer_addresses", schema=None) as batch_op:
        batch_op.drop_column("whatsapp")
        batch_op.drop_column("phone")
        batch_op.drop_column("birthday")

    with op.batch_alter_table("profile_facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_facts_customer_id"))

    op.drop_table("profile_facts")
