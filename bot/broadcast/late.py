"""Messages sent out of page order: each waits in a heap until its chat's spacing allows it.

Two kinds of sends do not come from a round's pages: a reader whose previous message was
recorded only after the round's sweep had passed its chat id (the last chats of a round, a
message that needed retries), and a chat that must still wait for its spacing (few readers, so
a round is shorter than a second). Both are queued here with the time they may go, instead of
holding up every other reader; the engine sends them between two chats of a page. The queue
only ever holds messages answered within the last seconds, so it stays small.

A queued send is a chat and a `Step`: which delivery group (its `Audience`) and which position
of that group's plan (see `bot.broadcast.groups`).
"""

from __future__ import annotations

import heapq
import time
from typing import NamedTuple

from bot.delivery.pace import Clock
from storage.audiences import Audience


class Step(NamedTuple):
    """A position in a delivery group's plan of messages."""

    audience: Audience
    position: int


class LateQueue:
    """(chat, step) pairs, each with the clock time it may be sent."""

    def __init__(self, *, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._heap: list[tuple[float, int, int, Step]] = []  # (ready at, seq, chat, step)
        self._seq = 0

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, chat_id: int, step: Step, delay: float = 0.0) -> None:
        """Queue `step` for `chat_id`, to go in `delay` seconds."""
        self._seq += 1
        heapq.heappush(self._heap, (self.clock() + max(0.0, delay), self._seq, chat_id, step))

    def next_in(self) -> float | None:
        """Seconds until the next queued message may go (≤ 0: now), or None when empty."""
        return self._heap[0][0] - self.clock() if self._heap else None

    def pop_due(self) -> dict[Step, list[int]]:
        """Take every message whose time has come: {step: [chat ids]}."""
        due: dict[Step, list[int]] = {}
        now = self.clock()
        while self._heap and self._heap[0][0] <= now:
            _, _, chat_id, step = heapq.heappop(self._heap)
            due.setdefault(step, []).append(chat_id)
        return due
