"""Scale: the compacted ledger and the referral tally.

- `delivery_summary`: one row per (broadcast, chat) for a finished broadcast, instead of one
  per message; `broadcast.compacted_at`, `broadcast.index_counts` (readers per message) and
  `broadcast.ids_dropped_at` (Telegram's message ids dropped: corrections no longer possible).
- `referral_tally`: each inviter's count and when it was reached, seeded from `referral`, so
  /top and a reader's rank never scan all referrals.

Revision ID: 0009
Revises: 0008
Create Date: 2025-03-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the tables, add the columns, seed the tally."""
    op.create_table(
        "delivery_summary",
        sa.Column("broadcast_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("sent", sa.SmallInteger(), nullable=False),
        sa.Column("failed", sa.SmallInteger(), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("messages", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
            name="fk_delivery_summary_broadcast_id_broadcast",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "chat_id", name="pk_delivery_summary"),
    )
    op.create_index("ix_delivery_summary_chat_id", "delivery_summary", ["chat_id"])
    with op.batch_alter_table("broadcast") as batch:
        batch.add_column(sa.Column("compacted_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("index_counts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("ids_dropped_at", UTC_TIME, nullable=True))
    op.create_table(
        "referral_tally",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("reached_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name="pk_referral_tally"),
    )
    op.create_index("ix_referral_tally_count_reached_at", "referral_tally", ["count", "reached_at"])
    op.execute(
        "INSERT INTO referral_tally (chat_id, count, reached_at) "
        "SELECT referrer_chat_id, count(*), max(created_at) FROM referral GROUP BY referrer_chat_id"
    )


def downgrade() -> None:
    """Drop what `upgrade` added."""
    op.drop_index("ix_referral_tally_count_reached_at", table_name="referral_tally")
    op.drop_table("referral_tally")
    with op.batch_alter_table("broadcast") as batch:
        batch.drop_column("ids_dropped_at")
        batch.drop_column("index_counts")
        batch.drop_column("compacted_at")
    op.drop_index("ix_delivery_summary_chat_id", table_name="delivery_summary")
    op.drop_table("delivery_summary")
