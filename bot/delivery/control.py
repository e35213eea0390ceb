"""Pause, resume and stop, across processes: the engine's view of its run's status.

Every `interval` seconds the control task refreshes the lease and reads the status from the
database (`heartbeat(session=, owner=)`: the run's row, see `lease.RunRow`), so a pause given to
any instance (or a status set by hand) reaches the working process within a second or so.
Paused: no new messages start (those in flight finish). Stopped (cancelled, lease lost,
shutdown): the engine drains and returns; the run stays unfinished and is resumed later.
`on_tick` runs after every poll (progress edits).

A poll that fails (the database is gone: a restart, a failover, the network) pauses the run
like an admin's pause: the lease cannot be renewed, so no new message may start until a poll
succeeds again and finds the lease still this process's (then the run goes on by itself) or
taken over by another (`LEASE_LOST`: this one stops). So two processes never send at once,
however long the outage; what was in flight waits in the ledger writer (`down` is true
meanwhile).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.database import Database
from bot.delivery.pace import Sleep
from bot.runtime.lease import HEARTBEAT
from storage.tables import BroadcastStatus

log = logging.getLogger(__name__)

LEASE_LOST = "ein anderer Prozess hat den Versand übernommen"


class Control:
    """The run's status as the working process sees it; `name` names the run in the log."""

    def __init__(
        self,
        db: Database,
        owner: str,
        *,
        heartbeat: Callable[..., str | None],
        name: str,
        interval: float = HEARTBEAT,
        sleep: Sleep = asyncio.sleep,
        on_tick: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.db = db
        self.owner = owner
        self.heartbeat = heartbeat
        self.name = name
        self.interval = interval
        self.sleep = sleep
        self.on_tick = on_tick
        self.stop_reason: str | None = None
        self._running = asyncio.Event()
        self._running.set()
        self._failures = 0
        self.polls = 0

    @property
    def down(self) -> bool:
        """Whether the last poll failed (the database did not answer)."""
        return self._failures > 0

    @property
    def stopping(self) -> bool:
        """Whether the engine must stop dispatching."""
        return self.stop_reason is not None

    @property
    def paused(self) -> bool:
        """Whether the run is paused (and not stopping)."""
        return not self._running.is_set() and not self.stopping

    def stop(self, reason: str) -> None:
        """Stop dispatching (shutdown, cancel, lost lease); the first reason is kept."""
        if self.stop_reason is None:
            self.stop_reason = reason
            log.info("%s stops: %s", self.name, reason)
        self._running.set()

    async def wait_running(self) -> bool:
        """Wait while paused; return False when the engine must stop."""
        if not self._running.is_set():
            await self._running.wait()
        return not self.stopping

    async def run(self) -> None:
        """Poll until stopped."""
        while not self.stopping:
            await self.sleep(self.interval)
            if self.stopping:
                return
            await self.poll()

    async def poll(self) -> None:
        """Refresh the lease, read the status, and act on it (a failure pauses)."""
        try:
            status = await self.db.run(self.heartbeat, owner=self.owner)
        except Exception as exc:
            self._failures += 1
            if not self.stopping:
                self._running.clear()  # the lease is not renewed: nothing new starts
            if self._failures == 1:
                log.warning(
                    "%s paused: heartbeat failed (%s); it goes on when the database answers",
                    self.name,
                    type(exc).__name__,
                )
        else:
            if self._failures:
                log.info("%s: the database answers again", self.name)
            self._failures = 0
            self.apply(status)
        self.polls += 1  # failed ones too
        if self.on_tick is not None and not self.stopping:
            try:
                await self.on_tick()
            except Exception:
                log.exception("progress update failed")

    def apply(self, status: str | None) -> None:
        """React to the status read from the database (None: the lease is gone)."""
        if status is None:
            self.stop(LEASE_LOST)
            return
        if status == BroadcastStatus.PAUSED:
            self._running.clear()
        elif status in (BroadcastStatus.RUNNING, BroadcastStatus.SCHEDULED):
            self._running.set()
        else:  # done or cancelled elsewhere
            self.stop(f"Status {status}")
