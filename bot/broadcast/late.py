"""Messages sent out of page order: each waits in a heap until its chat's spacing allows it.

Two kinds of sends do not come from a round's pages: a reader whose previous message was
recorded only after the round's sweep had passed its chat id (the last chats of a round, a
message that needed retries), and a chat that must still wait for its spacing (few readers, so
a round is shorter than a second). Both are queued here with the time they may go, instead of
holding up every other reader; the engine sends them between two chats of a page. The queue
only ever holds messages answered within the last seconds, so it stays small.
"""

from __future__ import annotations

import heapq
import time

from bot.broadcast.pace import Clock


class LateQueue:
    """(chat, message index) pairs, each with the clock time it may be sent."""

    def __init__(self, *, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._heap: list[tuple[float, int, int, int]] = []  # (ready at, seq, chat, index)
        self._seq = 0

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, chat_id: int, index: int, delay: float = 0.0) -> None:
        """Queue message `index` for `chat_id`, to go in `delay` seconds."""
        self._seq += 1
        heapq.heappush(self._heap, (self.clock() + max(0.0, delay), self._seq, chat_id, index))

    def next_in(self) -> float | None:
        """Seconds until the next queued message may go (≤ 0: now), or None when empty."""
        return self._heap[0][0] - self.clock() if self._heap else None

    def pop_due(self) -> dict[int, list[int]]:
        """Take every message whose time has come: {message index: [chat ids]}."""
        due: dict[int, list[int]] = {}
        now = self.clock()
        while self._heap and self._heap[0][0] <= now:
            _, _, chat_id, index = heapq.heappop(self._heap)
            due.setdefault(index, []).append(chat_id)
        return due
