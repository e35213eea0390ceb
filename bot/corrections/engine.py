"""The correction engine: rounds over the changed messages, their delivered copies read in pages.

For each changed message (by index) the copies Telegram accepted are read from the delivery
ledger page by page (`storage.deliveries.delivered_messages`, by chat id); those the correction
ledger already has are left out, so a resumed correction edits nothing twice. Each edit waits
for its chat's spacing, then goes through the machinery of every paced run
(`bot.delivery.engine.PacedEngine`): a window slot (released when its ledger row is committed:
at most `window` edits are ever made but unrecorded, which is all a hard kill can repeat), a
slot of the one global `Pace`, a task of its own, a group-committed ledger (`commit_edits`:
the `correction_edit` table), and the `Control` task that renews the lease every second and
notices a pause, a cancel or a lost lease.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot.corrections.editor import Editor, FailureHook
from bot.corrections.edits import EditPayload
from bot.database import Database
from bot.delivery.engine import PacedEngine, Tick
from bot.delivery.lease import RunRow
from bot.delivery.pace import Clock, Sleep
from bot.delivery.progress import Counts, ProgressTracker
from bot.delivery.transport import RawBot
from bot.delivery.tuning import EngineSettings
from storage.corrections import EditRow, edited_chats, record_edits
from storage.deliveries import DeliveredMessage, delivered_messages
from storage.tables import Correction, EditStatus

UNKNOWN_ID = "Nachrichten-ID unbekannt (vor der Speicherung der IDs gesendet)"


@dataclass(slots=True)
class EditCounts:
    """Ledger rows by status (those of earlier runs included)."""

    edited: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0

    def add(self, counts: dict[str, int]) -> Counts:
        """Add the new rows of one commit; return them as the progress counts them."""
        new = EditCounts(**{status.value: counts.get(status.value, 0) for status in EditStatus})
        for status in EditStatus:
            setattr(self, status.value, getattr(self, status.value) + getattr(new, status.value))
        return new.progress()

    def progress(self) -> Counts:
        """The rows as the progress counts them: done (edited or unchanged), skipped (as
        `blocked`), failed."""
        return Counts(self.edited + self.unchanged, self.skipped, self.failed)


def commit_edits(*, session: Session, entries: Sequence[EditRow | None]) -> dict[str, int]:
    """Write a batch of ledger rows (None: nothing to record) in the caller's transaction."""
    return record_edits(session=session, rows=[row for row in entries if row is not None])


class CorrectionEngine(PacedEngine[EditRow | None, dict[str, int]]):
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
        on_tick: Tick | None = None,
        on_failed: FailureHook | None = None,
        zone_of: Callable[[str | None], dt.tzinfo | None] = lambda name: None,
    ) -> None:
        progress = ProgressTracker(
            messages=1, recipients=expected, base=counts.progress(), clock=clock
        )
        super().__init__(
            db=db,
            row=RunRow(Correction, correction_id, "correction"),
            owner=owner,
            settings=settings,
            progress=progress,
            commit=commit_edits,
            noun="edit",
            clock=clock,
            sleep=sleep,
            poll_sleep=poll_sleep,
            on_tick=on_tick,
        )
        self.broadcast_id, self.payload = broadcast_id, payload
        self.zone_of = zone_of  # a chat's stored zone → the zone its earnings times are in
        self.correction_id, self.counts = correction_id, counts
        self.editor = Editor(
            bot, payload, self.retry, correction_id=correction_id, on_failed=on_failed
        )

    async def work(self) -> None:
        """Edit until every delivered copy of every changed message has a ledger row (`run`
        returns None then: the correction is complete), or until stopped."""
        for index in self.payload.indexes:
            if not await self._round(index):
                break

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
            if item.telegram_message_id is None:  # nothing Telegram would know: record it
                await self.window.acquire()
                self.writer.add(self._unknown(item))
                return True
            if await self.flight.take():
                break
        work = self._edit(item)
        self.flight.launch(work, crashed=None, index=item.message_index, chat_id=item.chat_id)
        return True

    def _unknown(self, item: DeliveredMessage) -> EditRow:
        status = EditStatus.SKIPPED.value
        return EditRow(self.correction_id, item.chat_id, item.message_index, status, UNKNOWN_ID)

    async def _edit(self, item: DeliveredMessage) -> EditRow | None:
        assert item.telegram_message_id is not None
        zone = self.zone_of(item.timezone)
        return await self.editor.edit(
            item.chat_id, item.message_index, item.telegram_message_id, zone
        )

    def committed(self, entries: list[EditRow | None], counts: dict[str, int] | None) -> None:
        """Count the new rows (the window slots are free already)."""
        if counts:
            self.progress.add(self.counts.add(counts))
