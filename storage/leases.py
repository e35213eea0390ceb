"""Leases on a run's row (`storage.tables.RunColumns`: a broadcast, a correction): which
process works on it, claimed in one conditional UPDATE.

`claim_lease` writes the caller's owner id only if the row is unfinished and its lease is free
(`free_lease`: no owner, already the caller's, stale — no heartbeat since `stale_before` — or
held by `take_from`, an owner the caller knows to be dead); of two simultaneous claims exactly
one UPDATE matches. The holder calls `heartbeat_lease` every second or so (it also returns the
status, so a pause or cancel by any process is noticed) and `release_lease` when it stops.
`free_lease` also decides who may take the leader lease (`storage.leader_leases`).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import ColumnElement, Table, or_, select, update
from sqlmodel import Session, SQLModel

from storage.broadcasts import FINAL_STATUSES
from storage.db import rows_matched
from storage.tables import table_of
from storage.tables.timestamps import utcnow


class Lease(NamedTuple):
    """A row's lease as stored: the owner (None: free) and its last heartbeat."""

    owner: str | None
    heartbeat_at: dt.datetime | None


def free_lease(
    table: Table, owner: str, stale_before: dt.datetime, take_from: str | None = None
) -> ColumnElement[bool]:
    """The condition under which `owner` may take the lease of a row of `table`: it is free,
    already `owner`'s, stale, or held by `take_from`."""
    free = or_(
        table.c.owner.is_(None),
        table.c.owner == owner,
        table.c.heartbeat_at.is_(None),
        table.c.heartbeat_at < stale_before,
    )
    if take_from is not None:
        free = or_(free, table.c.owner == take_from)
    return free


def lease_of(*, session: Session, model: type[SQLModel], row_id: int) -> Lease | None:
    """The row's lease, or None when the row does not exist."""
    table = table_of(model)
    row = session.execute(
        select(table.c.owner, table.c.heartbeat_at).where(table.c.id == row_id)
    ).first()
    return None if row is None else Lease(row.owner, row.heartbeat_at)


def claim_lease(
    *,
    session: Session,
    model: type[SQLModel],
    row_id: int,
    owner: str,
    stale_before: dt.datetime,
    take_from: str | None = None,
) -> bool:
    """Make `owner` the holder of the row's lease; return whether it holds it now."""
    table = table_of(model)
    free = free_lease(table, owner, stale_before, take_from)
    result = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.status.not_in(FINAL_STATUSES), free)
        .values(owner=owner, heartbeat_at=utcnow())
    )
    expire_loaded(session, model, row_id)
    return rows_matched(result) == 1


def heartbeat_lease(
    *, session: Session, model: type[SQLModel], row_id: int, owner: str
) -> str | None:
    """Refresh the lease and return the row's status; None when `owner` lost the lease."""
    table = table_of(model)
    result = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.owner == owner)
        .values(heartbeat_at=utcnow())
    )
    if rows_matched(result) != 1:
        return None
    return session.scalar(select(table.c.status).where(table.c.id == row_id))


def release_lease(*, session: Session, model: type[SQLModel], row_id: int, owner: str) -> bool:
    """Give the lease up (the status stays); return False when `owner` did not hold it."""
    table = table_of(model)
    result = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.owner == owner)
        .values(owner=None, heartbeat_at=utcnow())
    )
    expire_loaded(session, model, row_id)
    return rows_matched(result) == 1


def expire_loaded(session: Session, model: type[SQLModel], row_id: int) -> None:
    """Make a loaded object of the row re-read what an UPDATE changed (other objects stay)."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, model) and getattr(obj, "id", None) == row_id:
            session.expire(obj)
