"""The leader: of all instances sharing a database, exactly one runs the schedule.

Every instance runs a `Leadership`. The leader holds the `main` row of `leader_lease`
(storage.leader_leases) and renews it every LEASE_TTL/6 (5 s by default); a follower tries to
claim it as often and succeeds once the heartbeat is LEASE_TTL old (at once when the leader ran
on this host and its process is gone). So a new leader is elected at most LEASE_TTL + LEASE_TTL/6
(35 s) after the old one died. The leader trusts its leadership only until 2/3 of LEASE_TTL after
its last successful renewal: when the database stops answering it steps down by itself before
any other instance could take over, so two leaders never overlap (the instances' clocks must
agree within LEASE_TTL/3: NTP).

Jobs (`bot.runtime.jobs`): a job runs in the leader only, and a job marked `on_election` runs
once each time this instance becomes leader (the broadcast's start-up check: resume, catch up);
`elected` holds those. `jobs` is the renewal job; `release` (at shutdown) gives the role up.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from telegram.ext import CallbackContext

from bot.config import Settings
from bot.database import Database
from bot.deps import deps_of
from bot.runtime.jobs import Job, JobCallback
from bot.runtime.lease import new_owner, owner_is_dead
from bot.runtime.metrics import IS_LEADER
from storage.leader_leases import (
    Leader,
    claim_leadership,
    current_leader,
    release_leadership,
    renew_leadership,
)
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

ROLE = "main"
RENEWALS_PER_TTL = 6
TRUST_SHARE = 2 / 3  # of LEASE_TTL after the last renewal: then the leader steps down by itself
LEADER_JOB = "leader"


class Leadership:
    """This instance's standing: leader or follower, kept up by `step()` every `interval`."""

    def __init__(
        self,
        db: Database,
        *,
        owner: str,
        mode: str,
        ttl: dt.timedelta,
        now: Callable[[], dt.datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db, self.owner, self.mode, self.ttl = db, owner, mode, ttl
        self.now, self.monotonic = now, monotonic
        self.term: int | None = None
        self.elected: list[tuple[str, JobCallback]] = []
        self._trusted_until = float("-inf")
        self._announced = False

    @property
    def interval(self) -> float:
        """Seconds between two renewals (or two claims of a follower)."""
        return self.ttl.total_seconds() / RENEWALS_PER_TTL

    @property
    def is_leader(self) -> bool:
        """Whether this instance leads now (renewed recently enough to be sure)."""
        return self.term is not None and self.monotonic() < self._trusted_until

    async def step(self) -> bool:
        """Renew the lease, or try to claim it; return True when this instance has just
        become leader (run what a new leader runs)."""
        started = self.monotonic()
        try:
            await self._renew_or_claim()
        except Exception:
            log.exception("leader lease: database not reachable")
        else:
            if self.term is not None:
                self._trusted_until = started + self.ttl.total_seconds() * TRUST_SHARE
        leading = self.is_leader
        IS_LEADER.set(1 if leading else 0)
        if not leading and self._announced:
            log.warning("%s is no longer the leader", self.owner)
        elected, self._announced = leading and not self._announced, leading
        return elected

    async def _renew_or_claim(self) -> None:
        if self.term is not None:
            if await self.db.run(renew_leadership, name=ROLE, owner=self.owner):
                return
            self.term = None
        self.term = await self.db.run(self.claim)
        if self.term is not None:
            log.info("%s is the leader now (term %d, %s)", self.owner, self.term, self.mode)

    def claim(self, *, session: Any) -> int | None:
        """Claim the role in `session` (see `storage.leader_leases.claim_leadership`); a
        leader that ran on this host and is gone is replaced at once. Returns the term."""
        holder = current_leader(session=session, name=ROLE)
        take_from = holder.owner if holder and owner_is_dead(holder.owner) else None
        return claim_leadership(
            session=session,
            name=ROLE,
            owner=self.owner,
            mode=self.mode,
            stale_before=self.now() - self.ttl,
            take_from=take_from,
        )

    def accept(self, term: int) -> None:
        """This instance was made leader outside `step` (the start-up guard claimed it); the
        next `step` renews it and announces the election."""
        self.term = term
        self._trusted_until = self.monotonic() + self.ttl.total_seconds() * TRUST_SHARE
        IS_LEADER.set(1)

    def holder(self) -> Leader | None:
        """The lease as stored now (any instance's)."""
        return self.db.run_sync(current_leader, name=ROLE)

    async def release(self) -> None:
        """Give the role up (at shutdown): another instance takes over at its next try."""
        self._trusted_until, self._announced = float("-inf"), False
        IS_LEADER.set(0)
        if self.term is None:
            return
        self.term = None
        try:
            await self.db.run(release_leadership, name=ROLE, owner=self.owner)
            log.info("%s gave up the leadership", self.owner)
        except Exception:
            log.exception("could not release the leader lease")


def new_leadership(settings: Settings, db: Database, mode: str) -> Leadership:
    """This instance's `Leadership` (a follower until its first renewal job claims the role)."""
    return Leadership(db, owner=new_owner(settings.instance), mode=mode, ttl=settings.lease_ttl)


def jobs(settings: Settings) -> list[Job]:
    """The renewal (or claim) every LEASE_TTL/6, in every instance, the first at once."""
    every = settings.lease_ttl.total_seconds() / RENEWALS_PER_TTL
    options = {"max_instances": 1, "coalesce": True}
    return [Job(LEADER_JOB, _tick, every=every, first=0, leader_only=False, options=options)]


async def _tick(context: CallbackContext) -> None:
    leadership = deps_of(context).leadership
    if await leadership.step():
        for name, callback in leadership.elected:
            context.job_queue.run_once(callback, when=0, name=name)  # type: ignore[union-attr]
