"""The broadcast engine: breadth-first rounds over readers read in pages, one global pace.

Readers come in delivery groups (`bot.broadcast.groups`): each group has its plan of messages
(the compact message, or the messages of its sections) and the moment it is due (its slot).
A pass takes the groups that are due, slot after slot (earliest first, so a slot's readers are
done before the next slot's start whenever the pace allows), and within a slot sweeps position
1 of every group's plan over its waiting readers (pages of `storage.audiences.pending_chats`,
by chat id, the next page read while this one is sent), then position 2, and so on. Each send
takes a window slot (released when its ledger row is committed: at most `window` messages are
ever sent but unrecorded, which is all a hard kill can repeat), waits for the chat's spacing and
a pace slot, and runs as its own task, so many requests are in flight at once: the machinery of
every paced run (`bot.delivery.engine.PacedEngine`), of which this is the broadcast's `work`.

A reader whose message k was recorded after the sweep of message k+1 had begun (the end of a
round, a retry) is not left for later: it is queued with the time its spacing allows and sent
between two chats of a page once due. A chat that must still wait for its spacing is queued the
same way instead of holding up the others. When a pass is through and nothing is in flight,
another pass checks the ledger. When a pass finds nothing left to send and a later slot is
still to come, the engine waits for it (re-reading the groups every minute: readers change
their settings); the broadcast is done when nothing is left and no slot is to come.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import itertools
import logging
import time
from collections.abc import Awaitable, Callable

from bot.broadcast.delivery import Deliverer, FailureHook, RefusalHook
from bot.broadcast.dispatch import Dispatcher
from bot.broadcast.groups import DeliveryGroup, track
from bot.broadcast.late import LateQueue
from bot.broadcast.ledger import LedgerEntry, commit_entries
from bot.broadcast.payload import IssuePayload
from bot.broadcast.sweep import Sweep
from bot.database import Database
from bot.delivery.engine import PacedEngine, Tick
from bot.delivery.lease import RunRow
from bot.delivery.pace import Clock, Sleep
from bot.delivery.progress import Counts, ProgressTracker
from bot.delivery.transport import RawBot
from bot.delivery.tuning import EngineSettings
from storage.broadcasts import set_broadcast_status
from storage.deliveries import DeliveryRow
from storage.tables import Broadcast, BroadcastStatus, DeliveryStatus
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

_CONTINUING = frozenset({DeliveryStatus.SENT.value, DeliveryStatus.FAILED.value})
REGROUP = 60.0  # seconds: while waiting for a later slot, how often the groups are re-read

Groups = Callable[[], Awaitable[list[DeliveryGroup]]]


class Engine(PacedEngine[LedgerEntry, Counts]):
    """Sends one broadcast from wherever its ledger stands to the end (or until stopped)."""

    def __init__(
        self,
        *,
        db: Database,
        bot: RawBot,
        broadcast_id: int,
        owner: str,
        payload: IssuePayload,
        settings: EngineSettings,
        progress: ProgressTracker,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        on_tick: Tick | None = None,
        on_failed: FailureHook | None = None,
        poll_sleep: Sleep | None = None,
        on_refused: RefusalHook | None = None,
        groups: Groups,
        wall: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        super().__init__(
            db=db,
            row=RunRow(Broadcast, broadcast_id, "broadcast"),
            owner=owner,
            settings=settings,
            progress=progress,
            commit=functools.partial(commit_entries, broadcast_id=broadcast_id),
            noun="delivery",
            clock=clock,
            sleep=sleep,
            poll_sleep=poll_sleep,
            on_tick=on_tick,
        )
        self.broadcast_id, self.payload = broadcast_id, payload
        self.load_groups, self.wall = groups, wall
        self.late = LateQueue(clock=clock)
        self.dispatch = Dispatcher(
            flight=self.flight,
            spacing=self.spacing,
            late=self.late,
            control=self.control,
            payload=payload,
            progress=progress,
        )
        self.deliverer = Deliverer(
            bot,
            payload,
            self.retry,
            broadcast_id=broadcast_id,
            on_migrated=self.dispatch.migrated,
            on_failed=on_failed,
            on_refused=on_refused,
        )
        self.dispatch.deliverer = self.deliverer
        self.sweep = Sweep(self.db, broadcast_id, settings.page_size, self.dispatch, self.control)

    async def work(self) -> None:
        """Send until every waiting reader has every message of their plan and no slot is to
        come (`run` returns None then: the broadcast is complete), or until stopped."""
        while not self.control.stopping:
            found = await self._pass()
            if self.control.stopping:
                break
            await self._drain()
            if released := self.deliverer.release_open():
                await self._record(released)
            if found:
                continue
            if (due := self.next_due()) is None:
                break
            await self._wait_until(due)

    def next_due(self) -> dt.datetime | None:
        """When the next group that is not due yet becomes due (None: none is to come)."""
        now = self.wall()
        groups = self.sweep.groups.values()
        later = [g.due for g in groups if g.due is not None and g.due > now]
        return min(later) if later else None

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
        self.control.stop(reason)

    # A pass -------------------------------------------------------------------------------

    async def _pass(self) -> int:
        """Sweep every due group's plan once, slot by slot, then send what became due; return
        how many sends (or chats found busy) there were."""
        self.sweep.swept = {}
        self.dispatch.sent_late.clear()
        sweep = self.sweep
        sweep.groups = {g.audience: g for g in await self.load_groups()}
        track(self.progress, list(sweep.groups.values()))
        now = self.wall()
        due = [g for g in sweep.groups.values() if g.is_due(now)]  # sorted: earliest slot first
        found = 0
        for _, slot in itertools.groupby(due, key=lambda g: g.due):
            found += await sweep.slot(list(slot))
            if self.control.stopping:
                return found
        while not self.control.stopping:
            found += await sweep.send_due()
            if not self.flight.tasks and not self.writer.waiting and not self.late:
                break
            await self._wait_for_change()
        return found

    # Out of page order ---------------------------------------------------------------------

    async def _wait_until(self, due: dt.datetime) -> None:
        """Wait for the next slot (or a stop); look again at least every `REGROUP` seconds."""
        seconds = min(REGROUP, max(0.0, (due - self.wall()).total_seconds()))
        self.changed.clear()
        waits = [
            asyncio.create_task(self.changed.wait()),
            asyncio.create_task(self.sleep(seconds)),
        ]
        try:
            while not self.control.stopping:
                done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                if waits[1] in done:
                    return
                self.changed.clear()  # a progress tick: keep waiting
                waits[0] = asyncio.create_task(self.changed.wait())
        finally:
            for task in waits:
                task.cancel()

    async def _wait_for_change(self) -> None:
        """Wait for a commit, a stop, or the time of the next queued message."""
        self.changed.clear()
        waits: list[asyncio.Task[object]] = [asyncio.create_task(self.changed.wait())]
        if (delay := self.late.next_in()) is not None:
            waits.append(asyncio.create_task(self.sleep(max(0.0, delay))))
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
        if self.writer.error is not None:
            raise RuntimeError("the ledger writer has failed") from self.writer.error

    async def _drain(self) -> None:
        await asyncio.gather(*self.flight.tasks)
        await self.writer.flush()

    async def _record(self, rows: tuple[DeliveryRow, ...]) -> None:
        """Record rows no send is waiting for (refused readers released at a pass's end); the
        entry takes a window slot like any other, which its commit frees."""
        await self.window.acquire()
        self.writer.add(LedgerEntry(None, (), (), rows))
        await self.writer.flush()

    # After a commit -----------------------------------------------------------------------

    def committed(self, entries: list[LedgerEntry], counts: Counts | None) -> None:
        """A reader whose next message's sweep has begun gets it out of page order; the
        entries' chats are free again; the progress counts the new rows."""
        for entry in entries:
            row = entry.row
            if row is None:
                continue
            if row.status == DeliveryStatus.SKIPPED:
                self.progress.blocked_at(row.message_index)
            if row.status not in _CONTINUING:
                continue
            following = self.sweep.overtaken(self.dispatch.busy.get(row.chat_id))
            if following is not None:
                self.late.push(row.chat_id, following, self.spacing.delay(row.chat_id))
        self.dispatch.release(entries)
        self.progress.add(counts or Counts())
