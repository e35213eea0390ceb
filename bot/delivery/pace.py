"""One global sending rate for a whole run (a broadcast, a correction), and the pause a 429
imposes on everyone.

`Pace` hands out send slots `1/rate` seconds apart. Requests overlap freely (many are in flight
at once); only their starts are paced, so the rate holds whatever the latency. A short idle
stretch may be made up by a burst of at most `burst` slots. `pause(seconds)` (Telegram's
`retry_after`) stops every caller until the pause is over. `give_way()` lets a message outside
the run (a reply to a reader while a paid broadcast runs) take the next slot, so that the two
together stay within Telegram's limit. Clock and sleep are injected.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

Clock = Callable[[], float]
Sleep = Callable[[float], Coroutine[Any, Any, object]]

# Waits shorter than this are not slept (an event loop's timers are not that fine): at most
# `rate * SLACK` messages go out early, which Telegram's one-second window absorbs.
SLACK = 0.002
BURST_SECONDS = 0.1


class Pace:
    """Slots at `rate` per second, shared by every sender of one run."""

    def __init__(self, rate: float, *, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep):
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self.rate = rate
        self.interval = 1.0 / rate
        self.burst = max(1.0, rate * BURST_SECONDS) * self.interval  # seconds of slots
        self.clock = clock
        self.sleep = sleep
        self._next = clock()
        self._resume_at = float("-inf")
        self.pauses = 0

    @property
    def paused_until(self) -> float | None:
        """The clock time a 429 pause ends, or None when there is none."""
        return self._resume_at if self._resume_at > self.clock() else None

    async def acquire(self) -> None:
        """Wait for the next slot (and for the end of any 429 pause)."""
        while True:
            now = self.clock()
            if now < self._resume_at:
                await self.sleep(self._resume_at - now)
                continue
            slot = max(self._next, now - self.burst)
            self._next = slot + self.interval
            if slot - now > SLACK:
                await self.sleep(slot - now)
                if self.clock() < self._resume_at:  # a 429 arrived meanwhile: wait it out
                    continue
            return

    def give_way(self) -> None:
        """A message outside this run goes now: the run's next slot moves back one interval
        (the reply is not delayed, and no 429 follows from the two together)."""
        self._next = max(self._next, self.clock() - self.burst) + self.interval

    def pause(self, seconds: float) -> None:
        """Stop all sending for `seconds` from now (a 429's `retry_after`)."""
        until = self.clock() + max(0.0, seconds)
        if until > self._resume_at:
            self._resume_at = until
            self.pauses += 1
