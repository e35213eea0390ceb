"""Per-chat spacing: one chat never gets two messages less than `gap` seconds apart.

Breadth-first rounds space a chat's messages by the length of a round; this map enforces the
gap when a round is short (few readers) or a message is sent again. It remembers only chats
answered within the last `gap` seconds, oldest first, and drops older ones as it goes, so it
holds at most `rate × gap` entries (plus those in flight) whatever the number of readers.
The time is taken when Telegram *answered*, so the next message to the chat reaches Telegram
at least `gap` after the previous one was accepted, whatever the network's jitter.
"""

from __future__ import annotations

import asyncio
import time

from bot.delivery.pace import Clock, Sleep

CHAT_GAP = 1.0


class ChatSpacing:
    """The chats that were sent to in the last `gap` seconds, with the time of the answer."""

    def __init__(
        self, gap: float = CHAT_GAP, *, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.gap = gap
        self.clock = clock
        self.sleep = sleep
        self._last: dict[int, float] = {}  # insertion order = answer order (re-inserted)

    def __len__(self) -> int:
        return len(self._last)

    def note(self, chat_id: int) -> None:
        """Record that Telegram just answered a message to `chat_id`."""
        self._last.pop(chat_id, None)
        self._last[chat_id] = self.clock()
        self._prune()

    def delay(self, chat_id: int) -> float:
        """Seconds until `chat_id` may get its next message (0 when it may now)."""
        self._prune()
        last = self._last.get(chat_id)
        if last is None:
            return 0.0
        return max(0.0, last + self.gap - self.clock())

    async def wait(self, chat_id: int) -> None:
        """Wait until `chat_id` may get its next message."""
        while (delay := self.delay(chat_id)) > 0:
            await self.sleep(delay)

    def _prune(self) -> None:
        horizon = self.clock() - self.gap
        last = self._last
        while last:
            chat_id = next(iter(last))
            if last[chat_id] > horizon:
                break
            del last[chat_id]
