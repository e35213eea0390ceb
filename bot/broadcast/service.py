"""The running bot's broadcasts: start, pause, resume, status, and what happens at start-up.

One `BroadcastService` lives in the application (`Deps.broadcasts`). It runs each broadcast in the
background like every run (`bot.delivery.service.RunService`: a task of its own, at most one
per broadcast in this process, the lease keeps other processes out; `stop_all` at shutdown
stops them cleanly, the next start resumes them).

Admin commands are in `admin`; when a slot's broadcast starts is `bot.publishing.slot`'s
business. At start-up and every minute (`resume_interrupted`): an
unfinished broadcast whose sender is gone is resumed if its last sign of life (heartbeat, else
creation) is within BROADCAST_GRACE; older ones are paused and the admins told, since a reader
should not get the rest of Monday's issue on Thursday without someone deciding so. A paused
broadcast stays paused until /broadcast resume.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from bot.broadcast import texts
from bot.broadcast.rounds import Engine
from bot.broadcast.runner import BroadcastBusy, run_broadcast
from bot.broadcast.selection import Plan, prepare_broadcast
from bot.delivery.service import RunService
from newsletter.german import titled_label
from storage.broadcasts import set_broadcast_status, unfinished_broadcasts
from storage.issues import get_issue
from storage.tables import Broadcast, BroadcastStatus

log = logging.getLogger(__name__)

Notify = Callable[[str], Awaitable[None]]


class BroadcastService(RunService[Engine]):
    """Broadcasts of one bot process: `BroadcastService(settings, db, *, now=utcnow,
    run=run_broadcast, run_kwargs=None)`."""

    noun = "broadcast"
    title = "Der Versand"
    default_run = run_broadcast

    @property
    def lease_ttl(self) -> dt.timedelta:
        """LEASE_TTL: how old a sender's lease may be before another process takes over."""
        return self.settings.lease_ttl

    # Starting --------------------------------------------------------------------------------

    async def start(
        self,
        trigger: str,
        *,
        issue_id: int | None = None,
        ingested_before: dt.datetime | None = None,
        only_new: bool = False,
        anchor: dt.datetime | None = None,
    ) -> Plan:
        """Create (or find) the broadcast of the newest issue (or `issue_id`) and send it in the
        background; raise `BroadcastError` when there is nothing to send. `only_new`: send only
        if this call created the broadcast (two callers racing start it once); `anchor`: the
        slot it is for (each reader at their time; None: everyone now)."""
        plan = await self.db.run(
            prepare_broadcast,
            trigger=trigger,
            issue_id=issue_id,
            ingested_before=ingested_before,
            anchor=anchor,
        )
        assert plan.broadcast.id is not None
        if plan.created or not only_new:
            self.launch(plan.broadcast.id)
        return plan

    def failed(self, row_id: int, exc: Exception) -> str | None:
        """Another process sending it is no failure; anything else is logged."""
        if isinstance(exc, BroadcastBusy):
            log.info("broadcast %s is sent by another process", row_id)
        else:
            return super().failed(row_id, exc)
        return None

    # Interrupted broadcasts ---------------------------------------------------------------

    async def resume_interrupted(self, notify: Notify) -> list[int]:
        """Resume unfinished broadcasts nobody sends (within the grace), pause older ones;
        return the ids resumed here."""
        resumed: list[int] = []
        for broadcast in await self.db.run(unfinished_broadcasts):
            assert broadcast.id is not None
            if broadcast.status == BroadcastStatus.PAUSED or self.running_here(broadcast.id):
                continue
            if self.lease_held(broadcast):
                continue
            last_sign = broadcast.heartbeat_at or broadcast.created_at
            if self.now() - last_sign <= self.settings.broadcast_grace:
                if self.launch(broadcast.id):  # not while it pauses after a failure
                    resumed.append(broadcast.id)
                continue
            await self.db.run(
                set_broadcast_status,
                broadcast_id=broadcast.id,
                status=BroadcastStatus.PAUSED.value,
                error="zu lange unterbrochen",
            )
            await notify(texts.interrupted(await self.label(broadcast), last_sign))
        return resumed

    async def current(self) -> Broadcast | None:
        """The newest unfinished broadcast, or None."""
        unfinished = await self.db.run(unfinished_broadcasts)
        return unfinished[-1] if unfinished else None

    async def label(self, broadcast: Broadcast) -> str:
        """The label of the broadcast's issue."""
        issue = await self.db.run(get_issue, issue_id=broadcast.issue_id)
        return titled_label(issue) if issue else f"Versand {broadcast.id}"

    async def poke(self, broadcast_id: int) -> None:
        """Make this process's engine of the broadcast re-read its status now."""
        engine = self.runs.engines.get(broadcast_id)
        if engine is not None:
            await engine.control.poll()
