"""Pause, resume and stop, across processes: the engine's view of its run's status.

Every `interval` seconds the control task refreshes the lease and reads the status from the
database (`heartbeat(session=, owner=)`: the run's row, see `lease.RunRow`), so a pause given to
any instance (or a status set by hand) reaches the working process within a second or so.
Paused: no new messages start (those in flight finish). Stopped (cancelled, lease lost,
shutdown): the engine drains and returns; the run stays unfinished and is resumed later.
`on_tick` runs after every poll (progress edits).
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

MAX_POLL_FAILURES = 10  # ≈ 10 s without a database: stop before the lease could pass on
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
        """Refresh the lease, read the status, and act on it."""
        try:
            status = await self.db.run(self.heartbeat, owner=self.owner)
        except Exception:
            self._failures += 1
            log.exception("%s: heartbeat failed (%d in a row)", self.name, self._failures)
            if self._failures >= MAX_POLL_FAILURES:
                self.stop("Datenbank nicht erreichbar")
            return
        self._failures = 0
        self.polls += 1
        self.apply(status)
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
