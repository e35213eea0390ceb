"""The paced engine under every run (a broadcast, a correction): one class, the work passed in.

A `PacedEngine` owns what every run does the same way: one global `Pace` (a 429 pauses every
sender), per-chat `ChatSpacing`, the `Flight` of messages under way with its `Window` of
unrecorded ones, the `LedgerWriter` group-committing the run's ledger, the `Control` task that
renews the lease and notices a pause, a cancel or a lost lease, the `Retrier`, the progress
`Snapshot`, and the run loop around it all: `run` starts the writer and the control task,
awaits `work`, and then always waits for the messages in flight and the last commit.

A database outage pauses the run instead of ending it: `control` stops new messages while its
polls fail, and `db` (what `work`, the writer and the subclass use) is the run's database made
patient: each call waits until the database answers again, so the run finishes by itself.

What differs is passed in by the subclass: `work` (which messages go to which chats, in which
order: a broadcast's rounds over delivery groups, a correction's edits of delivered copies),
`commit` (the run's ledger table), `committed` (what a commit means beyond its window slots)
and the unit of work, which each subclass starts through `flight`.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from bot.database import Database
from bot.delivery.control import Control
from bot.delivery.flight import Flight
from bot.delivery.lease import RunRow
from bot.delivery.ledger import LedgerWriter
from bot.delivery.pace import Clock, Pace, Sleep
from bot.delivery.progress import ProgressTracker, Snapshot
from bot.delivery.retry import Retrier
from bot.delivery.spacing import ChatSpacing
from bot.delivery.tuning import EngineSettings

E = TypeVar("E")  # a ledger entry
C = TypeVar("C")  # what a commit returns

Tick = Callable[[Snapshot], Awaitable[None]]


class PacedEngine(ABC, Generic[E, C]):
    """Works one run from wherever its ledger stands to the end (or until stopped)."""

    def __init__(
        self,
        *,
        db: Database,
        row: RunRow,
        owner: str,
        settings: EngineSettings,
        progress: ProgressTracker,
        commit: Callable[..., C],
        noun: str,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        poll_sleep: Sleep | None = None,
        on_tick: Tick | None = None,
    ) -> None:
        self.row, self.settings, self.progress = row, settings, progress
        self.clock, self.sleep, self.on_tick = clock, sleep, on_tick
        # Everything but the status polls waits out an outage (the polls pause the run).
        self.db = db.patient(sleep=sleep, give_up=lambda: self.control.stopping)
        self.pace = Pace(settings.rate, clock=clock, sleep=sleep)
        self.spacing = ChatSpacing(settings.chat_gap, clock=clock, sleep=sleep)
        self.changed = asyncio.Event()  # a commit, a tick, a stop, the writer's end
        self.writer: LedgerWriter[E, C] = LedgerWriter(
            self.db,
            commit=commit,
            on_committed=self._committed,
            sleep=sleep,
            linger=settings.linger,
        )
        self.control = Control(
            db,
            owner,
            heartbeat=row.heartbeat(),
            name=str(row),
            interval=settings.poll_interval,
            sleep=poll_sleep or sleep,
            on_tick=self._tick,
        )
        self.flight: Flight[E] = Flight(
            window=settings.window,
            pace=self.pace,
            control=self.control,
            writer=self.writer,
            noun=noun,
        )
        self.window = self.flight.window
        self.retry = Retrier(
            self.pace,
            self.spacing,
            policy=settings.policy,
            sleep=sleep,
            stopping=lambda: self.control.stopping,
        )

    async def run(self) -> str | None:
        """Work until the run is complete (None) or stopped (the reason: it stays unfinished
        and can be resumed); every message in flight is recorded before it returns."""
        writer_task = asyncio.create_task(self.writer.run())
        writer_task.add_done_callback(lambda _: self.changed.set())
        control_task = asyncio.create_task(self.control.run())
        try:
            await self.work()
        finally:
            control_task.cancel()
            await asyncio.gather(control_task, return_exceptions=True)
            await asyncio.gather(*self.flight.tasks, return_exceptions=True)
            self.writer.close()
            await writer_task
        return self.control.stop_reason

    @abstractmethod
    async def work(self) -> None:
        """Start every message the run still owes (through `flight`); return when none is left
        or `control` is stopping."""

    def committed(self, entries: list[E], counts: C | None) -> None:
        """Entries were committed (`counts`: what `commit` returned; None: the writer failed
        and nothing was written); their window slots are free already."""

    def stop(self, reason: str) -> None:
        """Stop starting messages (those in flight are still recorded)."""
        self.control.stop(reason)
        self.changed.set()

    def snapshot(self) -> Snapshot:
        """The progress right now."""
        return self.progress.snapshot(paused=self.control.paused)

    def _committed(self, entries: list[E], counts: C | None) -> None:
        for _ in entries:
            self.window.release()
        self.committed(entries, counts)
        self.changed.set()

    async def _tick(self) -> None:
        self.changed.set()
        if self.on_tick is not None:
            await self.on_tick(self.snapshot())
