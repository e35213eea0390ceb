"""Who sends a broadcast: a lease (owner + heartbeat) claimed in one conditional UPDATE.

Two processes (several bot instances on one PostgreSQL) must never send the same broadcast.
`claim_broadcast` writes the caller's owner id only if the broadcast is unfinished and its lease
is free, already the caller's, stale (no heartbeat since `stale_before`) or held by `take_from`
(an owner the caller knows to be dead). The database decides between two simultaneous claims:
exactly one UPDATE matches. The holder calls `heartbeat_broadcast` every second or so, which
also tells it the current status (pause/resume/cancel made by any process), and
`release_broadcast` when it stops.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session

from storage.db import rows_matched
from storage.leases import (
    Lease,
    claim_lease,
    expire_loaded,
    heartbeat_lease,
    lease_of,
    release_lease,
)
from storage.tables import Broadcast, BroadcastStatus, table_of


def claim_broadcast(
    *,
    session: Session,
    broadcast_id: int,
    owner: str,
    stale_before: dt.datetime,
    take_from: str | None = None,
) -> bool:
    """Make `owner` the sender of the broadcast; return whether it now holds the lease.

    Succeeds when the broadcast is unfinished and its lease is free, already `owner`'s, has had
    no heartbeat since `stale_before`, or belongs to `take_from`. Atomic: of two processes
    claiming at once, one wins.
    """
    return claim_lease(
        session=session,
        model=Broadcast,
        row_id=broadcast_id,
        owner=owner,
        stale_before=stale_before,
        take_from=take_from,
    )


def heartbeat_broadcast(*, session: Session, broadcast_id: int, owner: str) -> str | None:
    """Refresh the lease and return the broadcast's status; None when `owner` lost the lease."""
    return heartbeat_lease(session=session, model=Broadcast, row_id=broadcast_id, owner=owner)


def release_broadcast(*, session: Session, broadcast_id: int, owner: str) -> bool:
    """Give the lease up (the status stays); return False when `owner` did not hold it."""
    return release_lease(session=session, model=Broadcast, row_id=broadcast_id, owner=owner)


def broadcast_lease(*, session: Session, broadcast_id: int) -> Lease | None:
    """Return the broadcast's lease, or None when the broadcast does not exist."""
    return lease_of(session=session, model=Broadcast, row_id=broadcast_id)


def set_recipients(*, session: Session, broadcast_id: int, recipients: int) -> None:
    """Note how many readers the broadcast started with (only the first time)."""
    table = table_of(Broadcast)
    session.execute(
        update(table)
        .where(table.c.id == broadcast_id, table.c.recipients.is_(None))
        .values(recipients=recipients)
    )
    _expire(session, broadcast_id)


def pause_or_resume(*, session: Session, broadcast_id: int, pause: bool) -> bool:
    """Pause a running (or scheduled) broadcast, or resume a paused one, for every process.

    Return whether the status changed; the process holding the lease notices it at its next
    heartbeat.
    """
    table = table_of(Broadcast)
    before: tuple[str, ...]
    if pause:
        before = (BroadcastStatus.RUNNING.value, BroadcastStatus.SCHEDULED.value)
        after = BroadcastStatus.PAUSED.value
    else:
        before, after = (BroadcastStatus.PAUSED.value,), BroadcastStatus.RUNNING.value
    result = session.execute(
        update(table)
        .where(table.c.id == broadcast_id, table.c.status.in_(before))
        .values(status=after)
    )
    _expire(session, broadcast_id)
    return rows_matched(result) == 1


def _expire(session: Session, broadcast_id: int) -> None:
    """Make a loaded `Broadcast` re-read what the UPDATE changed (other objects stay)."""
    expire_loaded(session, Broadcast, broadcast_id)
