"""What every run of a paced engine takes and reports: its options, what the admins see while it
works and when it ends, the caller's hooks, and its `RunResult`.

A run function (`run_broadcast`, `run_correction`) takes the settings, the database, its hooks
and the `RunOptions` (resolved once: `RunSetup.of`). It builds its engine and its texts;
`Reporting` does the rest the same way for both: `tick` (about once a second) shows the
progress text in the admins' progress message and sends the error notices queued meanwhile
(`failed` queues one per kind of error); `end` completes the run (`complete`: marks it done if
this process still holds the lease and returns the final report, or None when the lease was
lost) and shows the final report, or why it stopped; then the caller's `tick` hook gets the
last snapshot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypedDict, TypeVar

from telegram.request import BaseRequest

from bot.config import Settings
from bot.delivery.control import LEASE_LOST
from bot.delivery.engine import PacedEngine
from bot.delivery.notices import AdminNotices
from bot.delivery.pace import Clock, Sleep
from bot.delivery.progress import Snapshot
from bot.delivery.transport import BroadcastBot, sender_bot
from bot.delivery.tuning import EngineSettings
from bot.runtime.containment import optional
from bot.runtime.lease import new_owner

EngineT = TypeVar("EngineT")


class RunOptions(TypedDict, total=False):
    """The optional keyword arguments of every run function: `owner` (default: a new owner id
    of this process), `request` replaces the HTTP layer (tests pass a fake), `engine_settings`
    (default: those for the settings' rate), `clock`/`sleep` time the run, `poll_sleep` is the
    wait between two status polls (default: `sleep`)."""

    owner: str | None
    request: BaseRequest | None
    engine_settings: EngineSettings | None
    clock: Clock
    sleep: Sleep
    poll_sleep: Sleep | None


@dataclass(frozen=True, slots=True)
class RunSetup:
    """`RunOptions` with their defaults filled in."""

    owner: str
    request: BaseRequest | None
    tuning: EngineSettings
    clock: Clock
    sleep: Sleep
    poll_sleep: Sleep

    @classmethod
    def of(cls, settings: Settings, options: RunOptions, *, instance: str | None) -> RunSetup:
        """The options of one run; a new owner id names `instance` (None: the host)."""
        sleep = options.get("sleep") or asyncio.sleep
        return cls(
            owner=options.get("owner") or new_owner(instance),
            request=options.get("request"),
            tuning=options.get("engine_settings") or EngineSettings.for_rate(settings.rate),
            clock=options.get("clock") or time.monotonic,
            sleep=sleep,
            poll_sleep=options.get("poll_sleep") or sleep,
        )

    def bot(self, settings: Settings) -> BroadcastBot:
        """The run's own Bot, with a connection for every message the window lets fly."""
        return sender_bot(settings, connections=self.tuning.window, request=self.request)


@dataclass(frozen=True, slots=True)
class RunResult:
    """How a run ended: `complete`, or the reason it stopped; the engine's window figures.
    `row_id` is the broadcast's (or the correction's) id."""

    row_id: int
    complete: bool
    stop_reason: str | None
    window: int
    peak_unrecorded: int


@dataclass(slots=True)
class RunHooks(Generic[EngineT]):
    """Optional callbacks: `engine` once the engine exists (to stop it), `tick` with every
    progress snapshot (about once a second)."""

    engine: Callable[[EngineT], None] | None = None
    tick: Callable[[Snapshot], None] | None = None


class Reporting:
    """The admins' notices and the caller's hooks of one run, with the run's texts."""

    def __init__(
        self,
        notices: AdminNotices,
        hooks: RunHooks[Any],
        *,
        progress: Callable[[Snapshot], str],
        failure: Callable[[int, int, str], str],
    ) -> None:
        self.notices, self.hooks = notices, hooks
        self.progress_text, self.failure_text = progress, failure

    async def tick(self, snapshot: Snapshot) -> None:
        """Show the progress (at most every few seconds) and send the queued error notices;
        optional: whatever fails here is logged, the run goes on."""
        await optional("progress report", self._tick(snapshot))

    async def _tick(self, snapshot: Snapshot) -> None:
        if self.hooks.tick is not None:
            self.hooks.tick(snapshot)
        await self.notices.progress(self.progress_text(snapshot))
        await self.notices.flush_errors()

    def failed(self, index: int, chat_id: int, error: str) -> None:
        """Message `index` failed for `chat_id`: the admins hear of each kind of error once."""
        self.notices.failure(error, self.failure_text(index, chat_id, error))

    async def end(
        self,
        engine: PacedEngine[Any, Any],
        reason: str | None,
        *,
        complete: Callable[[], Awaitable[str | None]],
        stopped: Callable[[str], str],
    ) -> RunResult:
        """After `engine.run()` returned `reason`: complete the run or show why it stopped."""
        notices = self.notices
        await notices.flush_errors()
        if reason is None:
            report = await complete()
            if report is None:
                reason = LEASE_LOST
            else:
                await notices.progress(report, force=True)
                await notices.tell(report)
        if reason is not None:
            await notices.progress(stopped(reason), force=True)
        if self.hooks.tick is not None:
            self.hooks.tick(engine.snapshot())
        window = engine.window
        return RunResult(engine.row.id, reason is None, reason, window.size, window.peak)
