"""The correction engine: rounds over the changed messages, their delivered copies read in pages.

For each changed message (by index) the copies Telegram accepted are read from the delivery
ledger page by page (`storage.deliveries.delivered_messages`, by chat id); those the correction
ledger already has are left out, so a resumed correction edits nothing twice. Each edit waits
for its chat's spacing (a chat never gets two edits within a second), takes a window slot
(released when its ledger row is committed: at most `window` edits are ever made but
unrecorded, which is all a hard kill can repeat) and a slot of the one global `Pace`, and runs
as its own task, so many requests are in flight. The `Control` task renews the lease every
second and notices a pause, a cancel or a lost lease.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot.broadcast.control import Control
from bot.broadcast.ledger import LedgerWriter, Window
from bot.broadcast.pace import Clock, Pace, Sleep
from bot.broadcast.payload import RawBot
from bot.broadcast.progress import ProgressTracker, Snapshot
from bot.broadcast.spacing import ChatSpacing
from bot.broadcast.tuning import EngineSettings
from bot.corrections.editor import Editor, FailureHook
from bot.corrections.edits import EditPayload
from bot.database import Database
from storage.corrections import EditRow, edited_chats, record_edits
from storage.deliveries import DeliveredMessage, delivered_messages
from storage.leases import heartbeat_lease
from storage.tables import Correction, EditStatus

log = logging.getLogger(__name__)

UNKNOWN_ID = "Nachrichten-ID unbekannt (vor der Speicherung der IDs gesendet)"


@dataclass(slots=True)
class EditCounts:
    """Ledger rows by status (those of earlier runs included)."""

    edited: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0

    def add(self, counts: dict[str, int]) -> None:
        """Add the new rows of one commit."""
        for status in EditStatus:
            setattr(self, status.value, getattr(self, status.value) + counts.get(status.value, 0))


def commit_edits(*, session: Session, entries: Sequence[EditRow | None]) -> dict[str, int]:
    """Write a batch of ledger rows (None: nothing to record) in the caller's transaction."""
    return record_edits(session=session, rows=[row for row in entries if row is not None])


class CorrectionEngine:
    """Edits one correction's messages from wherever its ledger stands to the end."""

    def __init__(
        self,
        *,
        db: Database,
        bot: RawBot,
        correction_id: int,
        broadcast_id: int,
        owner: str,
        payload: EditPayload,
        settings: EngineSettings,
        counts: EditCounts,
        expected: int,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        poll_sleep: Sleep | None = None,
        on_tick: Callable[[Snapshot], Awaitable[None]] | None = None,
        on_failed: FailureHook | None = None,
        zone_of: Callable[[str | None], dt.tzinfo | None] = lambda name: None,
    ) -> None:
        self.db, self.broadcast_id, self.payload = db, broadcast_id, payload
        self.zone_of = zone_of  # a chat's stored zone → the zone its earnings times are in
        self.correction_id, self.settings, self.counts = correction_id, settings, counts
        self.on_tick = on_tick
        self.pace = Pace(settings.rate, clock=clock, sleep=sleep)
        self.spacing = ChatSpacing(settings.chat_gap, clock=clock, sleep=sleep)
        self.window = Window(settings.window)
        self.progress = ProgressTracker(messages=1, recipients=expected, clock=clock)
        self._sync_progress()
        self.writer = LedgerWriter(
            db, correction_id, on_committed=self._committed, sleep=sleep, commit=commit_edits
        )
        heartbeat = functools.partial(heartbeat_lease, model=Correction, row_id=correction_id)
        self.control = Control(
            db,
            correction_id,
            owner,
            interval=settings.poll_interval,
            sleep=poll_sleep or sleep,
            on_tick=self._tick,
            heartbeat=heartbeat,
        )
        self.editor = Editor(
            bot,
            payload,
            self.pace,
            self.spacing,
            correction_id=correction_id,
            policy=settings.policy,
            sleep=sleep,
            stopping=lambda: self.control.stopping,
            on_failed=on_failed,
        )
        self.tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> str | None:
        """Edit until every delivered copy of every changed message has a ledger row; return
        None when complete, else why it stopped (it stays unfinished and can be resumed)."""
        writer_task = asyncio.create_task(self.writer.run())
        control_task = asyncio.create_task(self.control.run())
        try:
            for index in self.payload.indexes:
                if not await self._round(index):
                    break
        finally:
            control_task.cancel()
            await asyncio.gather(control_task, return_exceptions=True)
            await asyncio.gather(*self.tasks, return_exceptions=True)
            self.writer.close()
            await writer_task
        return self.control.stop_reason

    def stop(self, reason: str) -> None:
        """Stop starting edits (those in flight are still recorded)."""
        self.control.stop(reason)

    def snapshot(self) -> Snapshot:
        """The progress right now (`blocked` counts the skipped)."""
        return self.progress.snapshot(paused=self.control.paused)

    async def _round(self, index: int) -> bool:
        """Edit message `index` in every chat that has it; False when the engine stops."""
        after: int | None = None
        while True:
            page = await self.db.run(
                delivered_messages,
                broadcast_id=self.broadcast_id,
                message_indexes=[index],
                after_chat_id=after,
                limit=self.settings.page_size,
            )
            if not page:
                return not self.control.stopping
            after = page[-1].chat_id
            done = await self.db.run(
                edited_chats,
                correction_id=self.correction_id,
                message_index=index,
                chat_ids=[item.chat_id for item in page],
            )
            for item in page:
                if item.chat_id not in done and not await self._offer(item):
                    return False

    async def _offer(self, item: DeliveredMessage) -> bool:
        """Start the edit of one delivered copy once it may go; False when the engine stops."""
        while True:
            await self.spacing.wait(item.chat_id)
            if not await self.control.wait_running():
                return False
            await self.window.acquire()
            if item.telegram_message_id is None:  # nothing Telegram would know: record it
                self.writer.add(self._unknown(item))
                return True
            await self.pace.acquire()
            if not self.control.paused and not self.control.stopping:
                break
            self.window.release()
        task = asyncio.create_task(self._edit(item))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True

    def _unknown(self, item: DeliveredMessage) -> EditRow:
        status = EditStatus.SKIPPED.value
        return EditRow(self.correction_id, item.chat_id, item.message_index, status, UNKNOWN_ID)

    async def _edit(self, item: DeliveredMessage) -> None:
        assert item.telegram_message_id is not None
        row: EditRow | None
        try:
            zone = self.zone_of(item.timezone)
            row = await self.editor.edit(
                item.chat_id, item.message_index, item.telegram_message_id, zone
            )
        except Exception:
            log.exception("edit of message %d in %d crashed", item.message_index, item.chat_id)
            row = None
        try:
            self.writer.add(row)  # type: ignore[arg-type]
        except RuntimeError:  # the writer died: free the slot (nothing is recorded)
            self.window.release()

    def _committed(self, entries: list, counts: dict[str, int]) -> None:  # type: ignore[type-arg]
        for _ in entries:
            self.window.release()
        self.counts.add(counts)
        self._sync_progress()

    def _sync_progress(self) -> None:
        counts = self.counts
        tracker = self.progress
        tracker.sent = counts.edited + counts.unchanged
        tracker.blocked, tracker.failed = counts.skipped, counts.failed

    async def _tick(self) -> None:
        if self.on_tick is not None:
            await self.on_tick(self.snapshot())
