"""Broadcast lease: the sending process (`owner`), its last heartbeat, and the recipient count.

Two processes must never send the same broadcast: a process claims it by writing its owner id
in one conditional UPDATE, keeps `heartbeat_at` fresh while it sends, and another process may
take it over only once the heartbeat is stale (see `storage.broadcast_leases`).

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `owner`, `heartbeat_at` and `recipients` to `broadcast`."""
    with op.batch_alter_table("broadcast") as batch:
        batch.add_column(sa.Column("owner", sa.String(96), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("recipients", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop the lease columns."""
    with op.batch_alter_table("broadcast") as batch:
        batch.drop_column("recipients")
        batch.drop_column("heartbeat_at")
        batch.drop_column("owner")
