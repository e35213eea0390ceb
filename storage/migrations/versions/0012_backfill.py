"""Backfill: what `doppelbot backfill` knows about each page of the publication's site.

- `backfill_page`: one row per post (`post:<slug>`) or document (robots.txt, a sitemap, an
  archive page): the conditional-GET validators, the last outcome and why, the issue a post is
  stored as, and a document's text (for a 304 answer).

Revision ID: 0012
Revises: 0011
Create Date: 2025-03-17
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create `backfill_page`."""
    op.create_table(
        "backfill_page",
        sa.Column("key", sa.String(2048), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("etag", sa.String(512), nullable=True),
        sa.Column("last_modified", sa.String(128), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.String(500), nullable=True),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("checked_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_backfill_page"),
    )


def downgrade() -> None:
    """Drop `backfill_page`."""
    op.drop_table("backfill_page")
