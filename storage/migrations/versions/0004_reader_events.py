"""Reader history: `reader_event` (joined, returned, unsubscribed, blocked), seeded from the
subscribers' time stamps.

From now on every change in who reads is written as it happens (`storage.subscribers`). So that
an existing installation has a history from day one, the table is seeded from what the
`subscriber` rows and the delivery ledger know:

- every chat that ever subscribed (`subscribed_at` set) gets a `joined` event at its **last**
  subscription;
- a chat that is unsubscribed now gets an `unsubscribed` event at `unsubscribed_at`, a blocked
  one a `blocked` event at `blocked_at`, each with the last issue it received according to the
  ledger (its newest `sent` row).

What the seed cannot know: earlier rounds of a reader who left and came back (only the last
subscription and the last time of each kind are stored), so every seeded arrival is `joined`,
never `returned`, and an active reader's earlier leave is not seeded; readers who deleted their
data (nothing about them is left); chats that blocked the bot without it noticing yet. Weekly
figures before the upgrade are therefore lower bounds of the real movement; the current numbers
(active, unsubscribed, blocked) are exact.

The seed reads the ledger in its form at this revision (one row per message); it does not call
`storage.deliveries.last_issue_received`, which follows later changes of the ledger's format.

Revision ID: 0004
Revises: 0003
Create Date: 2025-02-17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)

_subscriber = sa.table(
    "subscriber",
    sa.column("chat_id", sa.BigInteger()),
    sa.column("status", sa.String()),
    sa.column("subscribed_at", UTC_TIME),
    sa.column("unsubscribed_at", UTC_TIME),
    sa.column("blocked_at", UTC_TIME),
)
_delivery = sa.table(
    "delivery",
    sa.column("broadcast_id", sa.Integer()),
    sa.column("chat_id", sa.BigInteger()),
    sa.column("status", sa.String()),
    sa.column("created_at", UTC_TIME),
)
_broadcast = sa.table(
    "broadcast", sa.column("id", sa.Integer()), sa.column("issue_id", sa.Integer())
)
_event = sa.table(
    "reader_event",
    sa.column("chat_id", sa.BigInteger()),
    sa.column("kind", sa.String()),
    sa.column("at", UTC_TIME),
    sa.column("last_issue_id", sa.Integer()),
)


def upgrade() -> None:
    """Create `reader_event` with its indexes and seed it from the subscribers."""
    op.create_table(
        "reader_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("last_issue_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["last_issue_id"],
            ["issue.id"],
            name="fk_reader_event_last_issue_id_issue",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reader_event"),
    )
    op.create_index("ix_reader_event_at_kind", "reader_event", ["at", "kind"])
    op.create_index("ix_reader_event_chat_id", "reader_event", ["chat_id"])
    op.create_index("ix_reader_event_last_issue_id_at", "reader_event", ["last_issue_id", "at"])
    _seed()


def _seed() -> None:
    s = _subscriber.c
    was_reader = s.subscribed_at.is_not(None)
    joined = sa.select(s.chat_id, sa.literal("joined"), s.subscribed_at, sa.null()).where(
        was_reader
    )
    op.execute(_event.insert().from_select(["chat_id", "kind", "at", "last_issue_id"], joined))
    d, b = _delivery.c, _broadcast.c
    last_issue = (
        sa.select(b.issue_id)
        .select_from(_delivery.join(_broadcast, b.id == d.broadcast_id))
        .where(d.chat_id == s.chat_id, d.status == "sent")
        .order_by(d.created_at.desc(), d.broadcast_id.desc())
        .limit(1)
        .scalar_subquery()
    )
    for kind, stamp in (("unsubscribed", s.unsubscribed_at), ("blocked", s.blocked_at)):
        left = sa.select(s.chat_id, sa.literal(kind), stamp, last_issue).where(
            was_reader, s.status == kind, stamp.is_not(None)
        )
        columns = ["chat_id", "kind", "at", "last_issue_id"]
        op.execute(_event.insert().from_select(columns, left))


def downgrade() -> None:
    """Drop the reader history."""
    op.drop_table("reader_event")
