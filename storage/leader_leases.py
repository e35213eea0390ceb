"""The leader lease: which instance runs the schedule, claimed in one conditional UPDATE.

Like a run's lease (`storage.leases`), but for a role (`name`, e.g. `main`): `claim_leadership`
makes the caller the leader if the role is free, already the caller's, stale (no heartbeat
since `stale_before`) or held by `take_from` (an owner the caller knows to be dead), as
`storage.leases.free_lease` decides. Of two simultaneous claims the database lets exactly one
UPDATE match. The leader calls `renew_leadership` every few seconds; when that finds another
owner, leadership is lost. Every change of leader increments `term`.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import case, select, update
from sqlmodel import Session

from storage.db import insert_ignoring_conflicts, rows_matched
from storage.leases import free_lease
from storage.tables import LeaderLease, table_of
from storage.tables.timestamps import utcnow


class Leader(NamedTuple):
    """A role's lease as stored: owner (None: free), its mode, term and times."""

    owner: str | None
    mode: str | None
    term: int
    elected_at: dt.datetime | None
    heartbeat_at: dt.datetime | None


def claim_leadership(
    *,
    session: Session,
    name: str,
    owner: str,
    mode: str,
    stale_before: dt.datetime,
    take_from: str | None = None,
) -> int | None:
    """Make `owner` the leader of role `name`; return its term, or None when another live
    instance leads. Atomic: of two instances claiming at once, one wins."""
    table = table_of(LeaderLease)
    session.execute(insert_ignoring_conflicts(session, table).values(name=name, owner=None, term=0))
    free = free_lease(table, owner, stale_before, take_from)
    now = utcnow()
    same = table.c.owner == owner
    result = session.execute(
        update(table)
        .where(table.c.name == name, free)
        .values(
            owner=owner,
            mode=mode,
            heartbeat_at=now,
            term=case((same, table.c.term), else_=table.c.term + 1),
            elected_at=case((same, table.c.elected_at), else_=now),
        )
    )
    if rows_matched(result) != 1:
        return None
    return session.scalar(select(table.c.term).where(table.c.name == name))


def renew_leadership(*, session: Session, name: str, owner: str) -> bool:
    """Refresh the leader's heartbeat; False when `owner` no longer leads."""
    table = table_of(LeaderLease)
    result = session.execute(
        update(table)
        .where(table.c.name == name, table.c.owner == owner)
        .values(heartbeat_at=utcnow())
    )
    return rows_matched(result) == 1


def release_leadership(*, session: Session, name: str, owner: str) -> bool:
    """Give the role up (another instance may take it at once); False when not held."""
    table = table_of(LeaderLease)
    result = session.execute(
        update(table).where(table.c.name == name, table.c.owner == owner).values(owner=None)
    )
    return rows_matched(result) == 1


def current_leader(*, session: Session, name: str) -> Leader | None:
    """The role's lease, or None when nobody ever claimed it."""
    table = table_of(LeaderLease)
    row = session.execute(
        select(
            table.c.owner, table.c.mode, table.c.term, table.c.elected_at, table.c.heartbeat_at
        ).where(table.c.name == name)
    ).first()
    return None if row is None else Leader(*row)
