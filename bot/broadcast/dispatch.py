"""Starting sends: when one message may go to one chat, and keeping track of it until recorded.

A send starts only when the broadcast is running, the chat is not busy (a message of it in
flight or not yet recorded), its spacing allows it (else it is queued in the `LateQueue` with
the time it may go, instead of holding up everyone), a window slot is free (at most `window`
messages sent but unrecorded) and the pace gives a slot. Then it runs as a task of its own and
hands its ledger entry to the writer; `release` frees the slot and the chat after the commit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from bot.broadcast.control import Control
from bot.broadcast.delivery import Deliverer
from bot.broadcast.groups import DeliveryGroup
from bot.broadcast.late import LateQueue, Step
from bot.broadcast.ledger import Counts, LedgerEntry, LedgerWriter, Window
from bot.broadcast.pace import Pace
from bot.broadcast.payload import IssuePayload
from bot.broadcast.progress import ProgressTracker
from bot.broadcast.spacing import ChatSpacing

log = logging.getLogger(__name__)


class Dispatcher:
    """The sends of one broadcast that are under way."""

    def __init__(
        self,
        *,
        window: int,
        pace: Pace,
        spacing: ChatSpacing,
        late: LateQueue,
        control: Control,
        payload: IssuePayload,
        writer: LedgerWriter,
        progress: ProgressTracker,
    ) -> None:
        self.window = Window(window)
        self.pace, self.spacing, self.late, self.control = pace, spacing, late, control
        self.payload, self.writer, self.progress = payload, writer, progress
        self.deliverer: Deliverer | None = None
        self.busy: dict[int, Step] = {}  # chat → step, from dispatch to commit
        self.sent_late: set[tuple[int, int]] = set()  # (chat, index) sent out of page order
        self.tasks: set[asyncio.Task[None]] = set()

    async def offer(
        self, chat_id: int, group: DeliveryGroup, position: int, *, late: bool = False
    ) -> bool:
        """Start sending the message at `position` of `group`'s plan to `chat_id` if it may go
        now, else queue it; False when the engine stops. `late`: it does not come from a page
        (see `sent_late`)."""
        index = group.plan[position]
        step = Step(group.audience, position)
        while True:
            if not await self.control.wait_running():
                return False
            if chat_id in self.busy or (chat_id, index) in self.sent_late:
                return True  # in flight, or sent since its page was read: the next pass checks
            if (delay := self.spacing.delay(chat_id)) > 0:
                self.late.push(chat_id, step, delay)
                return True
            await self.window.acquire()
            await self.pace.acquire()
            if not self.control.paused and not self.control.stopping:
                break
            self.window.release()  # paused or stopped while waiting: look again
        if chat_id in self.busy:  # a group just migrated to this id
            self.window.release()
            return True
        await self.payload.wait_turn(index)
        self.busy[chat_id] = step
        if late:  # a page read earlier may still list it: that page must skip it
            self.sent_late.add((chat_id, index))
        self.progress.at_round(position)
        task = asyncio.create_task(self._deliver(chat_id, index, group.zone))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return True

    async def _deliver(self, chat_id: int, index: int, zone: dt.tzinfo) -> None:
        assert self.deliverer is not None
        try:
            entry = await self.deliverer.deliver(chat_id, index, zone)
        except Exception:
            log.exception("delivery of message %d to %d crashed", index, chat_id)
            entry = LedgerEntry(None, (chat_id,))
        try:
            self.writer.add(entry)
        except RuntimeError:  # the writer died: free the slot (nothing is recorded)
            self.writer.on_committed([entry], Counts())

    def release(self, entries: list[LedgerEntry]) -> None:
        """The entries are committed: free their window slots and their chats."""
        for entry in entries:
            self.window.release()
            for chat_id in entry.holds:
                self.busy.pop(chat_id, None)

    def migrated(self, old_id: int, new_id: int) -> None:
        """A group moved: its new id is busy as long as the old one."""
        if old_id in self.busy:
            self.busy[new_id] = self.busy[old_id]
