"""Reader choices: format, sections, delivery time and zone per reader; a broadcast's slot.

- `subscriber.delivery_format`, `sections`, `delivery_time`, `timezone` (all NULL: the defaults)
  and the index `ix_subscriber_audience`, which lets the broadcast read one delivery group's
  readers by chat id.
- `broadcast.anchor_at`: the slot a broadcast is for (NULL: every reader at once).

Revision ID: 0008
Revises: 0007
Create Date: 2025-03-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUDIENCE = ["status", "delivery_time", "timezone", "delivery_format", "sections", "chat_id"]


def upgrade() -> None:
    """Add the reader choices, their index, and the broadcast's slot."""
    with op.batch_alter_table("subscriber") as batch:
        batch.add_column(sa.Column("delivery_format", sa.String(16), nullable=True))
        batch.add_column(sa.Column("sections", sa.String(64), nullable=True))
        batch.add_column(sa.Column("delivery_time", sa.String(8), nullable=True))
        batch.add_column(sa.Column("timezone", sa.String(64), nullable=True))
    op.create_index("ix_subscriber_audience", "subscriber", AUDIENCE)
    with op.batch_alter_table("broadcast") as batch:
        batch.add_column(sa.Column("anchor_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop what `upgrade` added."""
    with op.batch_alter_table("broadcast") as batch:
        batch.drop_column("anchor_at")
    op.drop_index("ix_subscriber_audience", table_name="subscriber")
    with op.batch_alter_table("subscriber") as batch:
        batch.drop_column("timezone")
        batch.drop_column("delivery_time")
        batch.drop_column("sections")
        batch.drop_column("delivery_format")
