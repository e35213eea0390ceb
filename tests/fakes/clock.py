"""A fake monotonic clock for tests: time moves only when told, and sleeping moves it."""

from __future__ import annotations

import asyncio


class FakeClock:
    """Callable like `time.monotonic`; `sleep` advances the time instead of waiting.

    Pass `clock=clock` and `sleep=clock.sleep` to code that takes them; `slept` lists every
    requested sleep, in order.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the time forward by `seconds`."""
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        """Record the sleep, advance the time, and yield to the event loop once."""
        self.slept.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)
