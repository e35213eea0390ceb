"""Initial schema: subscribers, referrals, issues with sections and earnings, broadcasts, ledger.

Revision ID: 0001
Revises:
Create Date: 2025-02-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table of the first release."""
    op.create_table(
        "subscriber",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("first_name", sa.String(128), nullable=True),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("language_code", sa.String(16), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("referral_code", sa.String(32), nullable=False),
        sa.Column("referred_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("subscribed_at", UTC_TIME, nullable=True),
        sa.Column("unsubscribed_at", UTC_TIME, nullable=True),
        sa.Column("blocked_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("chat_id", name="pk_subscriber"),
        sa.UniqueConstraint("referral_code", name="uq_subscriber_referral_code"),
    )
    op.create_index("ix_subscriber_status_chat_id", "subscriber", ["status", "chat_id"])
    op.create_index("ix_subscriber_referred_by", "subscriber", ["referred_by"])

    op.create_table(
        "referral",
        sa.Column("referred_chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("referrer_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("referred_chat_id", name="pk_referral"),
    )
    op.create_index("ix_referral_referrer_chat_id", "referral", ["referrer_chat_id"])

    op.create_table(
        "issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("subtitle", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("week", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("words", sa.Integer(), nullable=True),
        sa.Column("reading_minutes", sa.Integer(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("ingested_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("approved_at", UTC_TIME, nullable=True),
        sa.Column("approved_by", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_issue"),
        sa.UniqueConstraint("key", name="uq_issue_key"),
    )
    op.create_index("ix_issue_date", "issue", ["date"])

    op.create_table(
        "issue_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("messages", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name="fk_issue_section_issue_id_issue", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_issue_section"),
        sa.UniqueConstraint("issue_id", "position", name="uq_issue_section_issue_id_position"),
    )

    op.create_table(
        "earnings_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("weekday", sa.String(32), nullable=False),
        sa.Column("company", sa.String(), nullable=False),
        sa.Column("company_folded", sa.String(), nullable=False),
        sa.Column("timing", sa.String(8), nullable=True),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name="fk_earnings_entry_issue_id_issue", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_earnings_entry"),
        sa.UniqueConstraint("issue_id", "position", name="uq_earnings_entry_issue_id_position"),
    )
    op.create_index("ix_earnings_entry_company_folded", "earnings_entry", ["company_folded"])

    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("total_messages", sa.Integer(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("blocked", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("progress_message_ids", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=True),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name="fk_broadcast_issue_id_issue", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_broadcast"),
        sa.UniqueConstraint("issue_id", name="uq_broadcast_issue_id"),
    )

    op.create_table(
        "delivery",
        sa.Column("broadcast_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("message_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
            name="fk_delivery_broadcast_id_broadcast",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "message_index", "chat_id", name="pk_delivery"),
    )
    op.create_index("ix_delivery_chat_id", "delivery", ["chat_id"])


def downgrade() -> None:
    """Drop every table (all data is lost)."""
    for table in (
        "delivery",
        "broadcast",
        "earnings_entry",
        "issue_section",
        "issue",
        "referral",
        "subscriber",
    ):
        op.drop_table(table)
