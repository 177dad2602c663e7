"""reply classification, suppressions, bounces, absences

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bounce_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bounce_message_id", sa.Integer(), nullable=False),
        sa.Column("our_message_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bounce_message_id"],
            ["messages.id"],
        ),
        sa.ForeignKeyConstraint(
            ["our_message_id"],
            ["messages.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bounce_message_id", "address"),
    )
    with op.batch_alter_table("bounce_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bounce_events_address"), ["address"], unique=False)

    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_message_id", sa.Integer(), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_message_id"],
            ["messages.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("suppressions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suppressions_address"), ["address"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_suppressions_customer_id"), ["customer_id"], unique=False
        )

    with op.batch_alter_table("customer_addresses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), server_default="active", nullable=False)
        )
        batch_op.add_column(
            sa.Column("status_reason", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("absent_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("absent_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("absence_certain", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("absence_message_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("absence_ended_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("needs_review", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_foreign_key(
            "fk_customer_addresses_absence_message", "messages", ["absence_message_id"], ["id"]
        )

    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("counts_as_reply", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("classification", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("delivery_status", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("enclosed_headers", sa.Text(), server_default="", nullable=False)
        )

    # Mail stored before classification existed: count inbound as replies, as before.
    op.execute("UPDATE messages SET counts_as_reply = (direction = 'in')")


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_column("enclosed_headers")
        batch_op.drop_column("delivery_status")
        batch_op.drop_column("classification")
        batch_op.drop_column("counts_as_reply")
        batch_op.drop_column("kind")

    with op.batch_alter_table("customer_addresses", schema=None) as batch_op:
        batch_op.drop_constraint("fk_customer_addresses_absence_message", type_="foreignkey")
        batch_op.drop_column("needs_review")
        batch_op.drop_column("absence_ended_at")
        batch_op.drop_column("absence_message_id")
        batch_op.drop_column("absence_certain")
        batch_op.drop_column("absent_until")
        batch_op.drop_column("absent_since")
        batch_op.drop_column("status_reason")
        batch_op.drop_column("status")

    with op.batch_alter_table("suppressions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suppressions_customer_id"))
        batch_op.drop_index(batch_op.f("ix_suppressions_address"))

    op.drop_table("suppressions")
    with op.batch_alter_table("bounce_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bounce_events_address"))

    op.drop_table("bounce_events")
