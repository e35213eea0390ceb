"""The broadcast engine: breadth-first rounds over readers read in pages, one global pace.

Readers come in delivery groups (`bot.broadcast.groups`): each group has its plan of messages
(the compact message, or the messages of its sections) and the moment it is due (its slot).
A pass takes the groups that are due, slot after slot (earliest first, so a slot's readers are
done before the next slot's start whenever the pace allows), and within a slot sweeps position
1 of every group's plan over its waiting readers (pages of `storage.audiences.pending_chats`,
by chat id, the next page read while this one is sent), then position 2, and so on. Each send
takes a window slot (released when its ledger row is committed: at most `window` messages are
ever sent but unrecorded, which is all a hard kill can repeat), waits for the chat's spacing and
a pace slot, and runs as its own task, so many requests are in flight at once.

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
import itertools
import logging
import time
from collections.abc import Awaitable, Callable

from bot.broadcast.control import Control
from bot.broadcast.delivery import Deliverer, FailureHook, RefusalHook
from bot.broadcast.dispatch import Dispatcher
from bot.broadcast.groups import DeliveryGroup
from bot.broadcast.late import LateQueue
from bot.broadcast.ledger import Counts, LedgerEntry, LedgerWriter
from bot.broadcast.pace import Clock, Pace, Sleep
from bot.broadcast.payload import IssuePayload, RawBot
from bot.broadcast.progress import ProgressTracker, Snapshot
from bot.broadcast.spacing import ChatSpacing
from bot.broadcast.sweep import Sweep
from bot.broadcast.tuning import EngineSettings
from bot.database import Database
from storage.deliveries import DeliveryRow
from storage.tables import DeliveryStatus
from storage.tables.timestamps import utcnow

log = logging.getLogger(__name__)

_CONTINUING = frozenset({DeliveryStatus.SENT.value, DeliveryStatus.FAILED.value})
REGROUP = 60.0  # seconds: while waiting for a later slot, how often the groups are re-read

Groups = Callable[[], Awaitable[list[DeliveryGroup]]]


class Engine:
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
        on_tick: Callable[[Snapshot], Awaitable[None]] | None = None,
        on_failed: FailureHook | None = None,
        poll_sleep: Sleep | None = None,
        on_refused: RefusalHook | None = None,
        groups: Groups,
        wall: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db, self.broadcast_id, self.payload = db, broadcast_id, payload
        self.load_groups, self.wall = groups, wall
        self.settings, self.progress, self.clock, self.sleep = settings, progress, clock, sleep
        self.on_tick = on_tick
        self.pace = Pace(settings.rate, clock=clock, sleep=sleep)
        self.spacing = ChatSpacing(settings.chat_gap, clock=clock, sleep=sleep)
        self.late = LateQueue(clock=clock)
        self._changed = asyncio.Event()
        self.writer = LedgerWriter(db, broadcast_id, on_committed=self._committed, sleep=sleep)
        poll = poll_sleep or sleep
        self.control = Control(db, broadcast_id, owner, interval=settings.poll_interval, sleep=poll)
        self.control.on_tick = self._tick
        self.dispatch = Dispatcher(
            window=settings.window,
            pace=self.pace,
            spacing=self.spacing,
            late=self.late,
            control=self.control,
            payload=payload,
            writer=self.writer,
            progress=progress,
        )
        self.deliverer = Deliverer(
            bot,
            payload,
            self.pace,
            self.spacing,
            broadcast_id=broadcast_id,
            policy=settings.policy,
            sleep=sleep,
            stopping=lambda: self.control.stopping,
            on_migrated=self.dispatch.migrated,
            on_failed=on_failed,
            on_refused=on_refused,
        )
        self.dispatch.deliverer = self.deliverer
        self.sweep = Sweep(db, broadcast_id, settings.page_size, self.dispatch, self.control)
        self._writer_task: asyncio.Task[None] | None = None

    async def run(self) -> str | None:
        """Send until every waiting reader has every message of their plan and no slot is to
        come; return None when the broadcast is complete, else why it stopped (it stays
        unfinished and can be resumed)."""
        self._writer_task = asyncio.create_task(self.writer.run())
        self._writer_task.add_done_callback(lambda _: self._changed.set())
        control_task = asyncio.create_task(self.control.run())
        try:
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
        finally:
            control_task.cancel()
            await asyncio.gather(control_task, return_exceptions=True)
            await asyncio.gather(*self.dispatch.tasks, return_exceptions=True)
            self.writer.close()
            await self._writer_task
        return self.control.stop_reason

    def next_due(self) -> dt.datetime | None:
        """When the next group that is not due yet becomes due (None: none is to come)."""
        now = self.wall()
        groups = self.sweep.groups.values()
        later = [g.due for g in groups if g.due is not None and g.due > now]
        return min(later) if later else None

    def stop(self, reason: str) -> None:
        """Stop dispatching (messages in flight are still recorded)."""
        self.control.stop(reason)
        self._changed.set()

    def snapshot(self) -> Snapshot:
        """The progress right now."""
        return self.progress.snapshot(paused=self.control.paused)

    # A pass -------------------------------------------------------------------------------

    async def _pass(self) -> int:
        """Sweep every due group's plan once, slot by slot, then send what became due; return
        how many sends (or chats found busy) there were."""
        self.sweep.swept = {}
        self.dispatch.sent_late.clear()
        sweep = self.sweep
        sweep.groups = {g.audience: g for g in await self.load_groups()}
        self.progress.plan(list(sweep.groups.values()))
        now = self.wall()
        due = [g for g in sweep.groups.values() if g.is_due(now)]  # sorted: earliest slot first
        found = 0
        for _, slot in itertools.groupby(due, key=lambda g: g.due):
            found += await sweep.slot(list(slot))
            if self.control.stopping:
                return found
        while not self.control.stopping:
            found += await sweep.send_due()
            if not self.dispatch.tasks and not self.writer.waiting and not self.late:
                break
            await self._wait_for_change()
        return found

    # Out of page order ---------------------------------------------------------------------

    async def _wait_until(self, due: dt.datetime) -> None:
        """Wait for the next slot (or a stop); look again at least every `REGROUP` seconds."""
        seconds = min(REGROUP, max(0.0, (due - self.wall()).total_seconds()))
        self._changed.clear()
        waits = [
            asyncio.create_task(self._changed.wait()),
            asyncio.create_task(self.sleep(seconds)),
        ]
        try:
            while not self.control.stopping:
                done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                if waits[1] in done:
                    return
                self._changed.clear()  # a progress tick: keep waiting
                waits[0] = asyncio.create_task(self._changed.wait())
        finally:
            for task in waits:
                task.cancel()

    async def _wait_for_change(self) -> None:
        """Wait for a commit, a stop, or the time of the next queued message."""
        self._changed.clear()
        waits = [asyncio.create_task(self._changed.wait())]
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
        await asyncio.gather(*self.dispatch.tasks)
        await self.writer.flush()

    async def _record(self, rows: tuple[DeliveryRow, ...]) -> None:
        """Record rows no send is waiting for (refused readers released at a pass's end); the
        entry takes a window slot like any other, which its commit frees."""
        await self.dispatch.window.acquire()
        self.writer.add(LedgerEntry(None, (), (), rows))
        await self.writer.flush()

    # Callbacks ----------------------------------------------------------------------------

    def _committed(self, entries: list[LedgerEntry], counts: Counts) -> None:
        for entry in entries:
            row = entry.row
            if row is None or row.status not in _CONTINUING:
                continue
            following = self.sweep.overtaken(self.dispatch.busy.get(row.chat_id))
            if following is not None:
                self.late.push(row.chat_id, following, self.spacing.delay(row.chat_id))
        self.dispatch.release(entries)
        self.progress.add(entries, counts)
        self._changed.set()

    async def _tick(self) -> None:
        self._changed.set()
        if self.on_tick is not None:
            await self.on_tick(self.snapshot())
