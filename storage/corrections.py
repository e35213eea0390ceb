"""Corrections: editing a sent issue in place, and their ledger of edited messages.

A broadcast has at most one unfinished correction: `open_for` holds the broadcast id until the
correction is final and is unique, so of two admins pressing the button at once one creates it
and the other finds it (`open_correction`). The ledger (`correction_edit`) has one row per
(correction, message index, chat), written once, so a resumed correction edits nothing twice.
States and counters work like the broadcast's; a correction that completes replaces the
broadcast's snapshot with what it corrected to, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import select, update
from sqlmodel import Session, col

from storage.broadcasts import FINAL_STATUSES
from storage.db import insert_ignoring_conflicts
from storage.deliveries import ERROR_CHARS
from storage.leases import heartbeat_lease
from storage.tables import Broadcast, BroadcastStatus, Correction, CorrectionEdit, EditStatus
from storage.tables.base import table_of
from storage.tables.timestamps import utcnow

_EDIT_STATUSES = frozenset(s.value for s in EditStatus)


class EditRow(NamedTuple):
    """One correction ledger entry to record; `error` is cut to 200 characters."""

    correction_id: int
    chat_id: int
    message_index: int
    status: str
    error: str | None = None


def open_correction(
    *, session: Session, broadcast: Broadcast, target: dict[str, Any], target_hash: str
) -> tuple[Correction, bool]:
    """Return `(correction, created)`: a new correction of the broadcast to `target`, or the
    broadcast's unfinished one (whatever its target) when there is one already."""
    assert broadcast.id is not None
    values = {
        "issue_id": broadcast.issue_id,
        "broadcast_id": broadcast.id,
        "open_for": broadcast.id,
        "status": BroadcastStatus.SCHEDULED.value,
        "target": target,
        "target_hash": target_hash,
        "edited": 0,
        "unchanged": 0,
        "failed": 0,
        "skipped": 0,
        "progress_message_ids": {},
        "created_at": utcnow(),
    }
    table = table_of(Correction)
    insert = insert_ignoring_conflicts(session, table).values(values).returning(table.c.id)
    created = session.execute(insert).first() is not None
    correction = open_correction_of(session=session, broadcast_id=broadcast.id)
    assert correction is not None
    return correction, created


def open_correction_of(*, session: Session, broadcast_id: int) -> Correction | None:
    """Return the broadcast's unfinished correction, or None."""
    return session.scalars(
        select(Correction).where(col(Correction.open_for) == broadcast_id)
    ).first()


def get_correction(*, session: Session, correction_id: int) -> Correction | None:
    """Return the correction, or None."""
    return session.get(Correction, correction_id)


def unfinished_corrections(*, session: Session) -> list[Correction]:
    """Return corrections that are scheduled, running or paused, oldest first."""
    query = select(Correction).where(Correction.open_for.is_not(None))  # type: ignore[union-attr]
    return list(session.scalars(query.order_by(col(Correction.id))))


def start_correction(*, session: Session, correction_id: int, expected: int) -> None:
    """Mark a scheduled correction running (stamping `started_at`) and note, the first time,
    how many delivered messages it has to edit."""
    correction = session.get(Correction, correction_id)
    if correction is None or correction.status in FINAL_STATUSES:
        return
    if correction.status == BroadcastStatus.SCHEDULED:
        correction.status = BroadcastStatus.RUNNING.value
    if correction.started_at is None:
        correction.started_at = utcnow()
    if correction.expected is None:
        correction.expected = expected
    session.flush()


def finish_correction(*, session: Session, correction_id: int, owner: str) -> Correction | None:
    """Complete the correction if `owner` still holds it: status done, the broadcast's snapshot
    becomes the corrected content. Return it (None: the lease was lost)."""
    lease = heartbeat_lease(session=session, model=Correction, row_id=correction_id, owner=owner)
    if lease is None:
        return None
    correction = session.get(Correction, correction_id)
    assert correction is not None
    session.refresh(correction)
    correction.status = BroadcastStatus.DONE.value
    correction.finished_at = utcnow()
    correction.open_for = None
    session.execute(
        update(Broadcast)
        .where(col(Broadcast.id) == correction.broadcast_id)
        .values(snapshot=correction.target)
    )
    session.flush()
    return correction


def record_edits(*, session: Session, rows: Iterable[EditRow]) -> dict[str, int]:
    """Insert ledger rows in one batch, ignoring those already recorded; add the new ones to
    the corrections' counters and return them by status."""
    now = utcnow()
    values = []
    for row in rows:
        if row.status not in _EDIT_STATUSES:
            raise ValueError(f"unknown edit status {row.status!r}")
        error = row.error[:ERROR_CHARS] if row.error else None
        values.append({**row._asdict(), "error": error, "created_at": now})
    if not values:
        return {}
    table = table_of(CorrectionEdit)
    insert = insert_ignoring_conflicts(session, table).returning(
        table.c.correction_id, table.c.status
    )
    new: dict[tuple[int, str], int] = {}
    for correction_id, status in session.execute(insert, values).all():
        new[(correction_id, status)] = new.get((correction_id, status), 0) + 1
    for (correction_id, status), count in new.items():
        column = getattr(Correction, status)
        session.execute(
            update(Correction)
            .where(col(Correction.id) == correction_id)
            .values({status: column + count})
        )
    counts: dict[str, int] = {}
    for (_, status), count in new.items():
        counts[status] = counts.get(status, 0) + count
    return counts


def edited_chats(
    *, session: Session, correction_id: int, message_index: int, chat_ids: Iterable[int]
) -> set[int]:
    """Those of `chat_ids` that have a ledger row for the message (edited or given up)."""
    wanted = sorted(set(chat_ids))
    if not wanted:
        return set()
    query = select(col(CorrectionEdit.chat_id)).where(
        col(CorrectionEdit.correction_id) == correction_id,
        col(CorrectionEdit.message_index) == message_index,
        CorrectionEdit.chat_id.between(wanted[0], wanted[-1]),  # type: ignore[attr-defined]
    )
    return set(session.scalars(query)) & set(wanted)
