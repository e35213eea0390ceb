"""Intake: feed polling state, the review of an issue, told-once notices, the channel as a chat.

- `feed_state`: the conditional-GET validators and item digests of FEED_URL, and whether the
  feed is failing (the admins were told once).
- `issue.blocking`, `held_at`, `held_by`, `reviewed_hash`, `reviewed_snapshot`: problems that
  hold an issue until an admin approves it, an admin's explicit hold, and the content the admins
  last previewed (its hash, and the issue as JSON, to tell them what changed since).
- `notice`: keys of notices the admins got once (a slot that passed without a broadcast, …).
- `subscriber.kind`: `private` for readers, `channel` for CHANNEL_ID, which the broadcast
  ledger records like a reader.

Revision ID: 0003
Revises: 0002
Create Date: 2025-02-17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create `feed_state` and `notice`; add the review columns and `subscriber.kind`."""
    op.create_table(
        "feed_state",
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("etag", sa.String(512), nullable=True),
        sa.Column("last_modified", sa.String(128), nullable=True),
        sa.Column("item_digests", sa.JSON(), nullable=False),
        sa.Column("polled_at", UTC_TIME, nullable=True),
        sa.Column("succeeded_at", UTC_TIME, nullable=True),
        sa.Column("failing_since", UTC_TIME, nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
        sa.PrimaryKeyConstraint("url", name="pk_feed_state"),
    )
    op.create_table(
        "notice",
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_notice"),
    )
    with op.batch_alter_table("issue") as batch:
        batch.add_column(sa.Column("blocking", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("held_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("held_by", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("reviewed_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("reviewed_snapshot", sa.JSON(), nullable=True))
    with op.batch_alter_table("issue") as batch:
        batch.alter_column("blocking", server_default=None)
    # Issues stored before this revision were handled by hand: count them as reviewed.
    op.execute("UPDATE issue SET reviewed_hash = content_hash")
    with op.batch_alter_table("subscriber") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="private"))
    with op.batch_alter_table("subscriber") as batch:
        batch.alter_column("kind", server_default=None)


def downgrade() -> None:
    """Drop what `upgrade` added."""
    with op.batch_alter_table("subscriber") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("issue") as batch:
        batch.drop_column("reviewed_snapshot")
        batch.drop_column("reviewed_hash")
        batch.drop_column("held_by")
        batch.drop_column("held_at")
        batch.drop_column("blocking")
    op.drop_table("notice")
    op.drop_table("feed_state")
