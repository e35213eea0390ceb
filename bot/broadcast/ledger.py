"""The ledger writer: records each answered message promptly, in group commits.

Senders hand over a `LedgerEntry` as soon as Telegram answered; one writer task commits whatever
has accumulated in one transaction (chat moves first, then the rows, blocked marks and the
broadcast's counters), then immediately takes the next batch. So a row is written about one
commit after the answer, and the engine's window (messages sent but not yet committed, see
`rounds.Window`) bounds what a hard kill can lose the record of. A failed commit is retried
with backoff; entries are never dropped.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bot.broadcast.pace import Sleep
from bot.database import Database
from storage.broadcasts import add_broadcast_counts
from storage.chats import migrate_chat
from storage.deliveries import DeliveryRow, record_deliveries
from storage.subscribers import mark_blocked
from storage.tables import DeliveryStatus

log = logging.getLogger(__name__)

COMMIT_BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What one delivery produced: a ledger row, chat moves that happened on the way, and the
    chats (`holds`) the engine keeps busy until the entry is committed."""

    row: DeliveryRow | None
    holds: tuple[int, ...]
    migrations: tuple[tuple[int, int], ...] = ()
    also: tuple[DeliveryRow, ...] = ()  # rows of other chats recorded with it (`refusals`)


@dataclass(frozen=True, slots=True)
class Counts:
    """New ledger rows of one commit, by outcome (rows recorded before are not counted)."""

    sent: int = 0
    blocked: int = 0
    failed: int = 0


def commit_entries(
    *, session: Session, broadcast_id: int, entries: Sequence[LedgerEntry]
) -> Counts:
    """Write a batch in the caller's transaction; return the counts of the new rows."""
    for entry in entries:
        for old_id, new_id in entry.migrations:
            migrate_chat(session=session, old_id=old_id, new_id=new_id)
    by_status: dict[str, list[DeliveryRow]] = {}
    for entry in entries:
        for row in (entry.row, *entry.also):
            if row is not None:
                by_status.setdefault(row.status, []).append(row)
    new = {
        status: record_deliveries(session=session, rows=rows) for status, rows in by_status.items()
    }
    for row in by_status.get(DeliveryStatus.SKIPPED.value, ()):
        mark_blocked(session=session, chat_id=row.chat_id)
    counts = Counts(
        sent=new.get(DeliveryStatus.SENT.value, 0),
        blocked=new.get(DeliveryStatus.SKIPPED.value, 0),
        failed=new.get(DeliveryStatus.FAILED.value, 0),
    )
    if counts != Counts():
        add_broadcast_counts(
            session=session,
            broadcast_id=broadcast_id,
            sent=counts.sent,
            blocked=counts.blocked,
            failed=counts.failed,
        )
    return counts


class LedgerWriter:
    """A task that group-commits entries; `on_committed(entries, counts)` runs after each
    commit (the engine frees the window and the chats there)."""

    def __init__(
        self,
        db: Database,
        broadcast_id: int,
        *,
        on_committed: Callable[[list[LedgerEntry], Counts], None],
        sleep: Sleep = asyncio.sleep,
        commit: Callable[..., Any] | None = None,
    ) -> None:
        self.db = db
        self.broadcast_id = broadcast_id
        self.on_committed = on_committed
        self.sleep = sleep
        # `commit(session=, entries=)` writes one batch (a correction passes its own ledger's).
        self.commit = commit or functools.partial(commit_entries, broadcast_id=broadcast_id)
        self.added = 0
        self.committed = 0
        self.error: BaseException | None = None
        self._pending: list[LedgerEntry] = []
        self._wake = asyncio.Event()
        self._progress = asyncio.Condition()
        self._closing = False

    @property
    def waiting(self) -> int:
        """Entries handed over but not yet committed."""
        return self.added - self.committed

    def add(self, entry: LedgerEntry) -> None:
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

    async def _commit(self, batch: list[LedgerEntry]) -> Counts:
        for attempt in range(len(COMMIT_BACKOFF) + 1):
            try:
                return await self.db.run(self.commit, entries=batch)
            except Exception:
                if attempt == len(COMMIT_BACKOFF):
                    raise
                delay = COMMIT_BACKOFF[attempt]
                log.exception("ledger commit failed; retrying in %.1f s", delay)
                await self.sleep(delay)
        raise AssertionError("unreachable")


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
