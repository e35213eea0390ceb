"""Corrections after sending: the broadcast's snapshot, the `correction` and its ledger.

- `broadcast.snapshot`: what the broadcast sends (the issue's `to_dict()` when it was created).
  Broadcasts that exist already get the issue as it is stored now: that is what they sent,
  unless the issue changed after sending, which nothing recorded before this revision.
- `correction`: one edit-in-place run over every delivered message that changed, with a status,
  counters and a lease like the broadcast; `open_for` (unique) allows one unfinished correction
  per broadcast.
- `correction_edit`: its ledger, one row per (correction, message index, chat).

Revision ID: 0005
Revises: 0004
Create Date: 2025-02-12
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)
_META = ("title", "subtitle", "author", "week", "year", "url", "words", "reading_minutes")


def upgrade() -> None:
    """Add the snapshot (filled for existing broadcasts) and the two correction tables."""
    with op.batch_alter_table("broadcast") as batch:
        batch.add_column(sa.Column("snapshot", sa.JSON(), nullable=True))
    _fill_snapshots()
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("open_for", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("target_hash", sa.String(64), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("edited", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("progress_message_ids", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=True),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.Column("owner", sa.String(96), nullable=True),
        sa.Column("heartbeat_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issue.id"], name="fk_correction_issue_id_issue", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcast.id"],
            name="fk_correction_broadcast_id_broadcast",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_correction"),
        sa.UniqueConstraint("open_for", name="uq_correction_open_for"),
    )
    op.create_index("ix_correction_broadcast_id", "correction", ["broadcast_id"])
    op.create_table(
        "correction_edit",
        sa.Column("correction_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("message_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["correction_id"],
            ["correction.id"],
            name="fk_correction_edit_correction_id_correction",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "correction_id", "message_index", "chat_id", name="pk_correction_edit"
        ),
    )
    op.create_index("ix_correction_edit_chat_id", "correction_edit", ["chat_id"])


def downgrade() -> None:
    """Drop the correction tables and the snapshot."""
    op.drop_index("ix_correction_edit_chat_id", "correction_edit")
    op.drop_table("correction_edit")
    op.drop_index("ix_correction_broadcast_id", "correction")
    op.drop_table("correction")
    with op.batch_alter_table("broadcast") as batch:
        batch.drop_column("snapshot")


def _fill_snapshots() -> None:
    """Give every existing broadcast its issue as stored now, in `Issue.to_dict()` form."""
    bind = op.get_bind()
    meta = sa.MetaData()
    broadcast = sa.Table(
        "broadcast", meta, sa.Column("id", sa.Integer), sa.Column("issue_id", sa.Integer),
        sa.Column("snapshot", sa.JSON),
    )  # fmt: skip
    issue = sa.Table(
        "issue", meta, sa.Column("id", sa.Integer), sa.Column("date", sa.Date),
        sa.Column("warnings", sa.JSON), *(sa.Column(name) for name in _META),
    )  # fmt: skip
    section = sa.Table(
        "issue_section", meta, sa.Column("issue_id", sa.Integer), sa.Column("position"),
        sa.Column("kind"), sa.Column("title"), sa.Column("markdown"),
        sa.Column("messages", sa.JSON),
    )  # fmt: skip
    earnings = sa.Table(
        "earnings_entry", meta, sa.Column("issue_id", sa.Integer), sa.Column("position"),
        sa.Column("date", sa.Date), sa.Column("weekday"), sa.Column("company"),
        sa.Column("timing"),
    )  # fmt: skip
    for row in bind.execute(sa.select(broadcast.c.id, broadcast.c.issue_id)).all():
        record = bind.execute(sa.select(issue).where(issue.c.id == row.issue_id)).first()
        if record is None:
            continue
        sections = bind.execute(
            sa.select(section)
            .where(section.c.issue_id == row.issue_id)
            .order_by(section.c.position)
        ).all()
        rows = bind.execute(
            sa.select(earnings)
            .where(earnings.c.issue_id == row.issue_id)
            .order_by(earnings.c.position)
        ).all()
        snapshot = {
            **{name: getattr(record, name) for name in _META},
            "date": _iso(record.date),
            "sections": [
                {"kind": s.kind, "title": s.title, "markdown": s.markdown, "messages": s.messages}
                for s in sections
            ],
            "earnings": [_earnings_row(e) for e in rows],
            "warnings": list(record.warnings or []),
        }
        bind.execute(broadcast.update().where(broadcast.c.id == row.id).values(snapshot=snapshot))


def _earnings_row(row: sa.Row[*tuple[Any, ...]]) -> dict[str, object]:
    return {"date": _iso(row.date), "weekday": row.weekday, "company": row.company,
            "timing": row.timing}  # fmt: skip


def _iso(value: dt.date | str | None) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()
