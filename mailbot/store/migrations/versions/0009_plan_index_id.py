"""the plan's covering index in the plan query's order: thread, date, then message id

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# With the id right after (thread, date) the index hands SQLite the messages in the
# order the plan asks for: no sort of every open message in a temporary B-tree.
COLUMNS = ["thread_id", "date", "id", "direction", "counts_as_reply", "kind", "from_email"]
OLD = ["thread_id", "date", "direction", "counts_as_reply", "kind", "from_email"]


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_plan")
        batch_op.create_index("ix_messages_plan", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_plan")
        batch_op.create_index("ix_messages_plan", OLD, unique=False)
