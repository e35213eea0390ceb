"""Pause, resume and stop, across processes: the engine's view of the broadcast's status.

Every `interval` seconds the control task refreshes the lease and reads the status from the
database, so `/broadcast pause` given to any instance (or a status set by hand) reaches the
sending process within a second or so. Paused: no new sends start (those in flight finish).
Stopped (cancelled, lease lost, shutdown): the engine drains and returns; the broadcast stays
unfinished and is resumed later. `on_tick` runs after every poll (progress edits).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable

from bot.broadcast.pace import Sleep
from bot.database import Database
from bot.runtime.lease import HEARTBEAT
from storage.broadcast_leases import heartbeat_broadcast
from storage.broadcasts import set_broadcast_status
from storage.tables import BroadcastStatus

log = logging.getLogger(__name__)

MAX_POLL_FAILURES = 10  # ≈ 10 s without a database: stop before the lease could pass on
LEASE_LOST = "ein anderer Prozess hat den Versand übernommen"


class Control:
    """The broadcast's status as the sending process sees it."""

    def __init__(
        self,
        db: Database,
        broadcast_id: int,
        owner: str,
        *,
        interval: float = HEARTBEAT,
        sleep: Sleep = asyncio.sleep,
        on_tick: Callable[[], Awaitable[None]] | None = None,
        heartbeat: Callable[..., str | None] | None = None,
    ) -> None:
        self.db = db
        self.broadcast_id = broadcast_id
        self.owner = owner
        self.interval = interval
        self.sleep = sleep
        self.on_tick = on_tick
        self.stop_reason: str | None = None
        self._running = asyncio.Event()
        self._running.set()
        self._failures = 0
        self.polls = 0
        # `heartbeat(session=, owner=)` refreshes the lease and returns the status (a
        # correction passes its own); by default the broadcast's.
        self.heartbeat = heartbeat or functools.partial(
            heartbeat_broadcast, broadcast_id=broadcast_id
        )

    @property
    def stopping(self) -> bool:
        """Whether the engine must stop dispatching."""
        return self.stop_reason is not None

    @property
    def paused(self) -> bool:
        """Whether the broadcast is paused (and not stopping)."""
        return not self._running.is_set() and not self.stopping

    def stop(self, reason: str) -> None:
        """Stop dispatching (shutdown, cancel, lost lease); the first reason is kept."""
        if self.stop_reason is None:
            self.stop_reason = reason
            log.info("broadcast %s stops: %s", self.broadcast_id, reason)
        self._running.set()

    async def pause(self, reason: str) -> None:
        """Pause the broadcast for every process (status `paused`, `reason` as its last
        error; /broadcast resume continues it) and stop this engine."""
        try:
            await self.db.run(
                set_broadcast_status,
                broadcast_id=self.broadcast_id,
                status=BroadcastStatus.PAUSED.value,
                error=reason,
            )
        except Exception:
            log.exception("could not pause broadcast %s", self.broadcast_id)
        self.stop(reason)

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
            log.exception("broadcast heartbeat failed (%d in a row)", self._failures)
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
