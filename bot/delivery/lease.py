"""Which process works on a run: the lease on the run's row, claimed, renewed and released.

A run's row (a `broadcast`, a `correction`: `storage.tables.RunColumns`) carries the lease.
`claim` makes this process its holder if the lease is free, stale (older than `ttl`) or held by
a process of this host that no longer runs (`bot.runtime.lease.owner_is_dead`: a killed
`doppelbot broadcast --now` is taken over at once); `held` claims it around a run (or raises
the run's "busy" error) and releases it in every case. The engine's `Control` renews it every
second through `RunRow.heartbeat`, which also reads the run's status.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.database import Database
from bot.runtime.lease import LEASE_TTL, owner_is_dead, stale_before
from storage.leases import claim_lease, heartbeat_lease, lease_of, release_lease
from storage.tables import RunColumns

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunRow:
    """The row of one run: its table's model (`Broadcast`, `Correction`), its id, and the
    noun the log calls it by ("broadcast")."""

    model: type[RunColumns]
    id: int
    noun: str

    def __str__(self) -> str:
        return f"{self.noun} {self.id}"

    def heartbeat(self) -> Callable[..., str | None]:
        """`heartbeat(session=, owner=)`: renew the lease, return the status (None: lost)."""
        return functools.partial(heartbeat_lease, model=self.model, row_id=self.id)


async def claim(
    db: Database, model: type[RunColumns], row_id: int, owner: str, ttl: dt.timedelta = LEASE_TTL
) -> bool:
    """Try to become the run's holder; return whether this process holds the lease."""
    lease = await db.run(lease_of, model=model, row_id=row_id)
    if lease is None:
        return False
    take_from = lease.owner if owner_is_dead(lease.owner) else None
    return await db.run(
        claim_lease,
        model=model,
        row_id=row_id,
        owner=owner,
        stale_before=stale_before(ttl=ttl),
        take_from=take_from,
    )


@asynccontextmanager
async def held(
    db: Database, row: RunRow, owner: str, *, ttl: dt.timedelta, busy: Exception
) -> AsyncIterator[None]:
    """Hold the run's lease for the `async with` block (raise `busy` when another live process
    holds it); release it afterwards, whatever happened."""
    if not await claim(db, row.model, row.id, owner, ttl):
        raise busy
    try:
        yield
    finally:
        try:
            await db.run(release_lease, model=row.model, row_id=row.id, owner=owner)
        except Exception:
            log.exception("could not release %s", row)
