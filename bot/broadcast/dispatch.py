"""Starting sends: when one message may go to one chat, and which chats are busy until recorded.

A send starts only when the broadcast is running, the chat is not busy (a message of it in
flight or not yet recorded), its spacing allows it (else it is queued in the `LateQueue` with
the time it may go, instead of holding up everyone) and the run's `Flight` gives it a window
slot (at most `window` messages sent but unrecorded) and a pace slot. Then it runs as a task of
its own and hands its ledger entry to the writer; `release` frees the chats after the commit.
"""

from __future__ import annotations

from bot.broadcast.delivery import Deliverer
from bot.broadcast.groups import DeliveryGroup
from bot.broadcast.late import LateQueue, Step
from bot.broadcast.ledger import LedgerEntry
from bot.broadcast.payload import IssuePayload
from bot.delivery.control import Control
from bot.delivery.flight import Flight
from bot.delivery.progress import ProgressTracker
from bot.delivery.spacing import ChatSpacing


class Dispatcher:
    """The sends of one broadcast that are under way."""

    def __init__(
        self,
        *,
        flight: Flight[LedgerEntry],
        spacing: ChatSpacing,
        late: LateQueue,
        control: Control,
        payload: IssuePayload,
        progress: ProgressTracker,
    ) -> None:
        self.flight, self.spacing, self.late, self.control = flight, spacing, late, control
        self.payload, self.progress = payload, progress
        self.deliverer: Deliverer | None = None
        self.busy: dict[int, Step] = {}  # chat → step, from dispatch to commit
        self.sent_late: set[tuple[int, int]] = set()  # (chat, index) sent out of page order

    async def offer(
        self, chat_id: int, group: DeliveryGroup, position: int, *, late: bool = False
    ) -> bool:
        """Start sending the message at `position` of `group`'s plan to `chat_id` if it may go
        now, else queue it; False when the engine stops. `late`: it does not come from a page
        (see `sent_late`)."""
        assert self.deliverer is not None
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
            if await self.flight.take():
                break
        if chat_id in self.busy:  # a group just migrated to this id
            self.flight.window.release()
            return True
        await self.payload.wait_turn(index)
        self.busy[chat_id] = step
        if late:  # a page read earlier may still list it: that page must skip it
            self.sent_late.add((chat_id, index))
        self.progress.at_round(position)
        work = self.deliverer.deliver(chat_id, index, group.zone, group.audience.message_thread_id)
        crashed = LedgerEntry(None, (chat_id,))
        self.flight.launch(work, crashed=crashed, index=index, chat_id=chat_id)
        return True

    def release(self, entries: list[LedgerEntry]) -> None:
        """The entries are committed: free their chats."""
        for entry in entries:
            for chat_id in entry.holds:
                self.busy.pop(chat_id, None)

    def migrated(self, old_id: int, new_id: int) -> None:
        """A group moved: its new id is busy as long as the old one."""
        if old_id in self.busy:
            self.busy[new_id] = self.busy[old_id]
