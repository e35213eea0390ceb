"""Long runs of this process (a broadcast, a correction): at most one task per id, and while
one runs, its engine, so that `stop_all` (at shutdown) can stop them cleanly.

A run does not go through `Application.create_task`, which `Application.stop` would wait for: a
broadcast can take an hour. The lease in the database keeps other processes out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, Protocol, TypeVar


class Stoppable(Protocol):
    """What an engine offers `stop_all`."""

    def stop(self, reason: str) -> None:
        """Stop starting new work; what is in flight is still recorded."""


E = TypeVar("E", bound=Stoppable)
KeepEngine = Callable[[Any], None]


class BackgroundRuns(Generic[E]):
    """The runs of one kind in this process, by id."""

    def __init__(self) -> None:
        self.tasks: dict[int, asyncio.Task[Any]] = {}
        self.engines: dict[int, E] = {}

    def start(self, key: int, run: Callable[[KeepEngine], Awaitable[Any]]) -> bool:
        """Start `run(keep_engine)` in the background unless run `key` runs here already;
        `keep_engine(engine)` makes its engine stoppable until the run ends."""
        if self.running(key):
            return False

        async def background() -> Any:
            try:
                return await run(lambda engine: self.engines.__setitem__(key, engine))
            finally:
                self.engines.pop(key, None)

        self.tasks[key] = asyncio.create_task(background())
        return True

    def running(self, key: int) -> bool:
        """Whether run `key` runs in this process."""
        task = self.tasks.get(key)
        return task is not None and not task.done()

    async def stop_all(self, reason: str) -> None:
        """Stop every run and wait until their records are written."""
        for engine in list(self.engines.values()):
            engine.stop(reason)
        if self.tasks:
            await asyncio.gather(*self.tasks.values(), return_exceptions=True)
