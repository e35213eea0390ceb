"""Operations: the leader lease (one instance runs the schedule) and the webhook's seen updates.

`leader_lease` holds one row per role (`main`): the instance that leads, its mode, a term that
grows with every change of leader, and its heartbeat (see `storage.leader_leases`).
`webhook_update` remembers each update_id a webhook delivered, so that Telegram's retry of a
delivery is processed once, on whichever instance it lands (see `storage.webhook_updates`).

Revision ID: 0006
Revises: 0005
Create Date: 2025-03-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create `leader_lease` and `webhook_update`."""
    op.create_table(
        "leader_lease",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("owner", sa.String(96), nullable=True),
        sa.Column("mode", sa.String(16), nullable=True),
        sa.Column("term", sa.Integer(), nullable=False),
        sa.Column("elected_at", UTC_TIME, nullable=True),
        sa.Column("heartbeat_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("name", name="pk_leader_lease"),
    )
    op.create_table(
        "webhook_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("received_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("update_id", name="pk_webhook_update"),
    )
    op.create_index("ix_webhook_update_received_at", "webhook_update", ["received_at"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index("ix_webhook_update_received_at", table_name="webhook_update")
    op.drop_table("webhook_update")
    op.drop_table("leader_lease")
