"""Sends under way: the window of unrecorded messages, the pace, and a task per message.

Before a message starts (a send, an edit) it takes a slot of the `Window` — at most `size`
messages are ever sent but not yet recorded in the ledger, which is all a hard kill can repeat
— and a slot of the run's one `Pace`; a run paused or stopped meanwhile gives the window slot
back and looks again (`Flight.take`). Then it runs as a task of its own, so many requests are in
flight at once, and hands its ledger entry to the writer; the slot comes back when the entry is
committed (the engine releases it). Work that crashes hands over the entry its caller gave for
that case (no row: the message goes out again when the run resumes).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, Generic, TypeVar

from bot.delivery.control import Control
from bot.delivery.ledger import LedgerWriter
from bot.delivery.pace import Pace

log = logging.getLogger(__name__)

E = TypeVar("E")


class Window:
    """At most `size` messages sent but not yet recorded in the ledger.

    A send takes a slot before it starts, and the slot comes back when its ledger entry is
    committed. Requests in flight plus entries waiting for the writer never exceed `size`, so
    a hard kill (kill -9) can send at most `size` messages again after the restart.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0
        self.peak = 0
        self._free = asyncio.Semaphore(size)

    async def acquire(self) -> None:
        """Wait for a free slot."""
        await self._free.acquire()
        self.taken += 1
        self.peak = max(self.peak, self.taken)

    def release(self) -> None:
        """Give a slot back (its entry was committed, or nothing was sent)."""
        self.taken -= 1
        self._free.release()


class Flight(Generic[E]):
    """The messages of one run that are under way; `noun` names one in the log ("delivery")."""

    def __init__(
        self,
        *,
        window: int,
        pace: Pace,
        control: Control,
        writer: LedgerWriter[E, Any],
        noun: str,
    ) -> None:
        self.window = Window(window)
        self.pace, self.control, self.writer, self.noun = pace, control, writer, noun
        self.tasks: set[asyncio.Task[None]] = set()

    async def take(self) -> bool:
        """Take a window slot and a pace slot; False when the run was paused or stopped while
        waiting (the window slot is given back: look again)."""
        await self.window.acquire()
        await self.pace.acquire()
        if not self.control.paused and not self.control.stopping:
            return True
        self.window.release()
        return False

    def launch(self, work: Awaitable[E], *, crashed: E, index: int, chat_id: int) -> None:
        """Run `work` (message `index` to `chat_id`, its slots taken) as a task of its own and
        hand its ledger entry to the writer; `crashed` is the entry when the work raises."""
        task = asyncio.create_task(self._record(work, crashed, index, chat_id))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _record(self, work: Awaitable[E], crashed: E, index: int, chat_id: int) -> None:
        try:
            entry = await work
        except Exception:
            log.exception("%s of message %d to chat %d crashed", self.noun, index, chat_id)
            entry = crashed
        try:
            self.writer.add(entry)
        except RuntimeError:  # the writer died: free the slot (nothing is recorded)
            self.writer.on_committed([entry], None)
