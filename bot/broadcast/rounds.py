"""The broadcast engine: breadth-first rounds over readers read in pages, one global pace.

A pass sweeps message 1 over every waiting reader (pages of `storage.deliveries.pending_chats`,
by chat id, the next page read while this one is sent), then message 2, and so on. Each send
takes a window slot (released when its ledger row is committed: at most `window` messages are
ever sent but unrecorded, which is all a hard kill can repeat), waits for the chat's spacing and
a pace slot, and runs as its own task, so many requests are in flight at once.

A reader whose message k was recorded after the sweep of message k+1 had begun (the end of a
round, a retry) is not left for later: it is queued with the time its spacing allows and sent
between two chats of a page once due. A chat that must still wait for its spacing is queued the
same way instead of holding up the others. When a pass is through and nothing is in flight,
another pass checks the ledger; the broadcast is done when a pass finds nothing left to send.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from bot.broadcast.control import Control
from bot.broadcast.delivery import Deliverer, FailureHook, RefusalHook
from bot.broadcast.dispatch import Dispatcher
from bot.broadcast.late import LateQueue
from bot.broadcast.ledger import Counts, LedgerEntry, LedgerWriter
from bot.broadcast.pace import Clock, Pace, Sleep
from bot.broadcast.payload import IssuePayload, RawBot
from bot.broadcast.progress import ProgressTracker, Snapshot
from bot.broadcast.spacing import ChatSpacing
from bot.broadcast.tuning import EngineSettings
from bot.database import Database
from storage.deliveries import DeliveryRow, pending_chats, still_pending
from storage.tables import DeliveryStatus

log = logging.getLogger(__name__)

_CONTINUING = frozenset({DeliveryStatus.SENT.value, DeliveryStatus.FAILED.value})


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
    ) -> None:
        self.db, self.broadcast_id, self.payload = db, broadcast_id, payload
        self.settings, self.progress, self.clock, self.sleep = settings, progress, clock, sleep
        self.on_tick = on_tick
        self.pace = Pace(settings.rate, clock=clock, sleep=sleep)
        self.spacing = ChatSpacing(settings.chat_gap, clock=clock, sleep=sleep)
        self.late = LateQueue(clock=clock)
        self.sweeping = -1  # the message swept in this pass (those before it were swept too)
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
        self._writer_task: asyncio.Task[None] | None = None

    async def run(self) -> str | None:
        """Send until every waiting reader has every message; return None when the broadcast
        is complete, else why it stopped (it stays unfinished and can be resumed)."""
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
                if found == 0:
                    break
        finally:
            control_task.cancel()
            await asyncio.gather(control_task, return_exceptions=True)
            await asyncio.gather(*self.dispatch.tasks, return_exceptions=True)
            self.writer.close()
            await self._writer_task
        return self.control.stop_reason

    def stop(self, reason: str) -> None:
        """Stop dispatching (messages in flight are still recorded)."""
        self.control.stop(reason)
        self._changed.set()

    def snapshot(self) -> Snapshot:
        """The progress right now."""
        return self.progress.snapshot(paused=self.control.paused)

    # A pass -------------------------------------------------------------------------------

    async def _pass(self) -> int:
        """Sweep every message once, then send what became due; return how many sends (or
        chats found busy) there were."""
        self.sweeping = -1
        self.dispatch.sent_late.clear()
        found = 0
        for index in range(len(self.payload)):
            self.sweeping = index
            page = self._fetch(index, None)
            while chats := await page:
                page = self._fetch(index, chats[-1])
                for chat_id in chats:
                    found += await self._send_due()
                    if not await self.dispatch.offer(chat_id, index):
                        page.cancel()
                        return found
                    found += 1
            if self.control.stopping:
                return found
        while not self.control.stopping:
            found += await self._send_due()
            if not self.dispatch.tasks and not self.writer.waiting and not self.late:
                break
            await self._wait_for_change()
        return found

    def _fetch(self, index: int, after: int | None) -> asyncio.Task[list[int]]:
        task = asyncio.create_task(
            self.db.run(
                pending_chats,
                broadcast_id=self.broadcast_id,
                message_index=index,
                after_chat_id=after,
                limit=self.settings.page_size,
            )
        )
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return task

    # Out of page order ---------------------------------------------------------------------

    async def _send_due(self) -> int:
        """Send queued messages whose time has come (those the ledger still expects)."""
        due = self.late.pop_due()
        sent = 0
        for index, chats in sorted(due.items()):
            waiting = await self.db.run(
                still_pending, broadcast_id=self.broadcast_id, message_index=index, chat_ids=chats
            )
            for chat_id in waiting:
                if not await self.dispatch.offer(chat_id, index, late=True):
                    return sent
                sent += 1
        return sent

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
        self.dispatch.release(entries)
        last = len(self.payload) - 1
        for entry in entries:
            row = entry.row
            if row is None or row.status not in _CONTINUING or row.message_index >= last:
                continue
            if row.message_index + 1 <= self.sweeping:
                self.late.push(row.chat_id, row.message_index + 1, self.spacing.delay(row.chat_id))
        self.progress.add(entries, counts)
        self._changed.set()

    async def _tick(self) -> None:
        self._changed.set()
        if self.on_tick is not None:
            await self.on_tick(self.snapshot())
