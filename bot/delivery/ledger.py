"""The ledger writer of a run: records each answered message promptly, in group commits.

Senders hand over their ledger entry as soon as Telegram answered; one writer task commits
whatever has accumulated (after waiting `linger` seconds for more, at high rates) in one
transaction (`commit(session=, entries=)`, the run's own: a
broadcast's delivery rows with chat moves and counters, a correction's edit rows), then
immediately takes the next batch. So a row is written about one commit after the answer, and
the run's window (messages sent but not yet committed, `flight.Window`) bounds what a hard kill
can lose the record of. A failed commit is retried with backoff; entries are never dropped.
While the database is out of reach the writer keeps its entries and tries again until it
answers (the engine passes a patient `Database`: `bot.database.PatientDatabase`), unless the run
is stopping meanwhile: then the outage ends the writer (what it held is sent again on resume).
`on_committed(entries, counts)` runs after each commit with what `commit` returned (None: the
writer failed and the entries were not written).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from bot.database import Database, is_outage
from bot.delivery.pace import Sleep

log = logging.getLogger(__name__)

COMMIT_BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)

E = TypeVar("E")  # a ledger entry
C = TypeVar("C")  # what a commit returns (the counts of the new rows)

Committed = Callable[[list[E], C | None], None]


class LedgerWriter(Generic[E, C]):
    """A task that group-commits entries with `commit` and reports each commit to
    `on_committed` (the engine frees the window and the chats there)."""

    def __init__(
        self,
        db: Database,
        *,
        commit: Callable[..., C],
        on_committed: Committed[E, C],
        sleep: Sleep = asyncio.sleep,
        linger: float = 0.0,
    ) -> None:
        self.db = db
        self.linger = linger
        self.commit = commit
        self.on_committed = on_committed
        self.sleep = sleep
        self.added = 0
        self.committed = 0
        self.error: BaseException | None = None
        self._pending: list[E] = []
        self._wake = asyncio.Event()
        self._progress = asyncio.Condition()
        self._closing = False

    @property
    def waiting(self) -> int:
        """Entries handed over but not yet committed."""
        return self.added - self.committed

    def add(self, entry: E) -> None:
        """Hand over an entry (never blocks; the engine's window bounds how many wait)."""
        if self.error is not None:
            raise RuntimeError("the ledger writer has failed") from self.error
        self._pending.append(entry)
        self.added += 1
        self._wake.set()

    async def flush(self) -> None:
        """Wait until every entry handed over so far is committed (raise if the writer died)."""
        target = self.added
        async with self._progress:
            await self._progress.wait_for(lambda: self.committed >= target or bool(self.error))
        if self.error is not None and self.committed < target:
            raise RuntimeError("the ledger writer has failed") from self.error

    def close(self) -> None:
        """Let `run` commit what is left and return."""
        self._closing = True
        self._wake.set()

    async def run(self) -> None:
        """Commit batches until closed and empty; a commit that keeps failing ends it."""
        try:
            while True:
                if not self._pending:
                    if self._closing:
                        return
                    await self._wake.wait()
                    self._wake.clear()
                    continue
                if self.linger and not self._closing:
                    await self.sleep(self.linger)  # let a batch gather: one commit, not 20
                batch, self._pending = self._pending, []
                counts = await self._commit(batch)
                self.committed += len(batch)
                self.on_committed(batch, counts)
                async with self._progress:
                    self._progress.notify_all()
        except BaseException as exc:
            self.error = exc
            async with self._progress:
                self._progress.notify_all()
            raise

    async def _commit(self, batch: list[E]) -> C:
        for attempt in range(len(COMMIT_BACKOFF) + 1):
            try:
                result: Any = await self.db.run(self.commit, entries=batch)
                return result
            except Exception as exc:
                if attempt == len(COMMIT_BACKOFF) or is_outage(exc):
                    raise  # an outage a patient database gave up on: the run is stopping
                delay = COMMIT_BACKOFF[attempt]
                log.exception("ledger commit failed; retrying in %.1f s", delay)
                await self.sleep(delay)
        raise AssertionError("unreachable")
