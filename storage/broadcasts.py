"""Broadcasts: one per issue (the unique `issue_id` makes a second one impossible).

States: scheduled → running ⇄ paused → done, or cancelled at any point; `done` and `cancelled`
are final. Counters are added atomically in the database, so several workers may report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session, col

from storage.db import insert_ignoring_conflicts
from storage.issues import NEWEST_FIRST
from storage.progress_messages import remember_progress_message
from storage.tables import Broadcast, BroadcastStatus, BroadcastTrigger, IssueRecord, table_of
from storage.tables.timestamps import utcnow

FINAL_STATUSES = frozenset({BroadcastStatus.DONE.value, BroadcastStatus.CANCELLED.value})
_STATUSES = frozenset(s.value for s in BroadcastStatus)
_TRIGGERS = frozenset(t.value for t in BroadcastTrigger)


def get_or_create_broadcast(
    *,
    session: Session,
    issue_id: int,
    total_messages: int,
    trigger: str,
    snapshot: dict[str, Any] | None = None,
    anchor: dt.datetime | None = None,
) -> tuple[Broadcast, bool]:
    """Return `(broadcast, created)` for the issue; an existing one is returned unchanged.

    `snapshot` is what the broadcast sends (the issue's `to_dict()`), kept with a new broadcast;
    `anchor` the slot it is for (None: every reader at once).
    Safe against a concurrent creator: the database's unique key decides who wins.
    """
    if trigger not in _TRIGGERS:
        raise ValueError(f"unknown broadcast trigger {trigger!r}")
    values = {
        "issue_id": issue_id,
        "status": BroadcastStatus.SCHEDULED.value,
        "trigger": str(trigger),
        "total_messages": total_messages,
        "sent": 0,
        "blocked": 0,
        "failed": 0,
        "progress_message_ids": {},
        "created_at": utcnow(),
        "snapshot": snapshot,
        "anchor_at": anchor,
    }
    table = table_of(Broadcast)
    insert = insert_ignoring_conflicts(session, table).values(values).returning(table.c.id)
    created = session.execute(insert).first() is not None
    broadcast = broadcast_for_issue(session=session, issue_id=issue_id)
    assert broadcast is not None
    return broadcast, created


def has_started(broadcast: Broadcast | None) -> bool:
    """Whether readers may have got something of the broadcast (it started at some point)."""
    if broadcast is None:
        return False
    return broadcast.status != BroadcastStatus.SCHEDULED.value or broadcast.started_at is not None


def get_broadcast(*, session: Session, broadcast_id: int) -> Broadcast | None:
    """Return the broadcast, or None."""
    return session.get(Broadcast, broadcast_id)


def broadcast_for_issue(*, session: Session, issue_id: int) -> Broadcast | None:
    """Return the issue's broadcast, or None when it was never started."""
    return session.scalars(select(Broadcast).where(col(Broadcast.issue_id) == issue_id)).first()


def unfinished_broadcasts(*, session: Session) -> list[Broadcast]:
    """Return broadcasts that are scheduled, running or paused (to resume at start-up)."""
    query = select(Broadcast).where(Broadcast.status.not_in(FINAL_STATUSES))  # type: ignore[attr-defined]
    return list(session.scalars(query.order_by(col(Broadcast.id))))


def set_broadcast_status(
    *, session: Session, broadcast_id: int, status: str, error: str | None = None
) -> bool:
    """Move the broadcast to `status`; return False if it is missing or already final.

    `running` stamps `started_at` the first time, a final state stamps `finished_at`; `error`
    (if given) becomes `last_error`.
    """
    if status not in _STATUSES:
        raise ValueError(f"unknown broadcast status {status!r}")
    broadcast = session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.status in FINAL_STATUSES:
        return False
    now = utcnow()
    broadcast.status = str(status)
    if status == BroadcastStatus.RUNNING and broadcast.started_at is None:
        broadcast.started_at = now
    if status in FINAL_STATUSES:
        broadcast.finished_at = now
    if error is not None:
        broadcast.last_error = error
    session.flush()
    return True


def add_broadcast_counts(
    *, session: Session, broadcast_id: int, sent: int = 0, blocked: int = 0, failed: int = 0
) -> None:
    """Add to the broadcast's counters in one atomic UPDATE."""
    session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == broadcast_id)
        .values(
            sent=Broadcast.sent + sent,
            blocked=Broadcast.blocked + blocked,
            failed=Broadcast.failed + failed,
        )
    )


def set_progress_message(
    *, session: Session, broadcast_id: int, admin_chat_id: int, message_id: int
) -> None:
    """Remember which message shows the broadcast's progress in an admin's chat."""
    remember_progress_message(
        session=session,
        model=Broadcast,
        row_id=broadcast_id,
        admin_chat_id=admin_chat_id,
        message_id=message_id,
    )


def latest_broadcast(*, session: Session) -> Broadcast | None:
    """Return the most recently created broadcast, or None when there was none."""
    return session.scalars(select(Broadcast).order_by(Broadcast.id.desc()).limit(1)).first()  # type: ignore[union-attr]


def newest_issue(
    *, session: Session, ingested_before: dt.datetime | None = None
) -> IssueRecord | None:
    """Return the newest issue (by date, then id) that was ingested by `ingested_before`.

    This is the issue a broadcast is about: if it already has a broadcast, there is nothing new
    to send (an older issue that was never sent is never sent late).
    """
    query = select(IssueRecord)
    if ingested_before is not None:
        query = query.where(col(IssueRecord.ingested_at) <= ingested_before)
    return session.scalars(query.order_by(*NEWEST_FIRST).limit(1)).first()


def recent_broadcasts(*, session: Session, limit: int = 5) -> list[tuple[Broadcast, IssueRecord]]:
    """Return the last `limit` broadcasts that have started, with their issues, newest first."""
    query = (
        select(Broadcast, IssueRecord)
        .join(IssueRecord, IssueRecord.id == Broadcast.issue_id)  # type: ignore[arg-type]
        .where(Broadcast.started_at.is_not(None))  # type: ignore[union-attr]
        .order_by(Broadcast.started_at.desc(), Broadcast.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return [(broadcast, issue) for broadcast, issue in session.execute(query)]
