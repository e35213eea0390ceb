"""Reach: forum topics of group subscriptions, and section readership.

- `subscriber.message_thread_id`: the forum topic a group's subscription is for (NULL: General,
  or no forum); it joins the delivery group's columns, so `ix_subscriber_audience` is made
  again with it before `chat_id`.
- `section_readership`: how often each section of an issue was opened (compact issue's buttons)
  or shared (inline mode): one counter per (issue, section position, kind), no chat ids.

Revision ID: 0011
Revises: 0010
Create Date: 2025-03-17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_AUDIENCE = ["status", "delivery_time", "timezone", "delivery_format", "sections", "chat_id"]
AUDIENCE = [*OLD_AUDIENCE[:-1], "message_thread_id", "chat_id"]


def upgrade() -> None:
    """Add the topic column (and the audience index with it) and the readership counters."""
    op.drop_index("ix_subscriber_audience", table_name="subscriber")
    with op.batch_alter_table("subscriber") as batch:
        batch.add_column(sa.Column("message_thread_id", sa.Integer(), nullable=True))
    op.create_index("ix_subscriber_audience", "subscriber", AUDIENCE)
    op.create_table(
        "section_readership",
        sa.Column("issue_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("section_position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name="fk_section_readership_issue_id_issue",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "issue_id", "section_position", "kind", name="pk_section_readership"
        ),
    )


def downgrade() -> None:
    """Drop what `upgrade` added."""
    op.drop_table("section_readership")
    op.drop_index("ix_subscriber_audience", table_name="subscriber")
    with op.batch_alter_table("subscriber") as batch:
        batch.drop_column("message_thread_id")
    op.create_index("ix_subscriber_audience", "subscriber", OLD_AUDIENCE)
