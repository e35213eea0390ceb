"""Watchlist and reminder ledger: the companies each reader follows, and one row per reader and
day for the earnings reminder (claimed before sending, marked after).

Revision ID: 0007
Revises: 0006
Create Date: 2025-02-17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create `watchlist_entry` and `reminder`."""
    op.create_table(
        "watchlist_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("company", sa.String(), nullable=False),
        sa.Column("company_folded", sa.String(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_watchlist_entry"),
        sa.UniqueConstraint(
            "chat_id", "company_folded", name="uq_watchlist_entry_chat_id_company_folded"
        ),
    )
    op.create_index("ix_watchlist_entry_company_folded", "watchlist_entry", ["company_folded"])
    op.create_table(
        "reminder",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_at", UTC_TIME, nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("chat_id", "day", name="pk_reminder"),
    )


def downgrade() -> None:
    """Drop both tables (follows and the reminder ledger are lost)."""
    op.drop_table("reminder")
    op.drop_index("ix_watchlist_entry_company_folded", table_name="watchlist_entry")
    op.drop_table("watchlist_entry")
