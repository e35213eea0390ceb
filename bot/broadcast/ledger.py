"""The broadcast's ledger: what one delivery produced, and how a batch of it is committed.

Senders hand over a `LedgerEntry` as soon as Telegram answered; the run's writer
(`bot.delivery.ledger.LedgerWriter`) commits what has accumulated with `commit_entries`, in one
transaction: chat moves first, then the rows, blocked marks and the broadcast's counters. Only
new rows are counted (`Counts`), so an entry recorded again after a restart counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot.delivery.progress import Counts
from storage.broadcasts import add_broadcast_counts
from storage.chats import migrate_chat
from storage.deliveries import DeliveryRow, record_deliveries
from storage.subscribers import mark_blocked
from storage.tables import DeliveryStatus


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What one delivery produced: a ledger row, chat moves that happened on the way, and the
    chats (`holds`) the engine keeps busy until the entry is committed."""

    row: DeliveryRow | None
    holds: tuple[int, ...]
    migrations: tuple[tuple[int, int], ...] = ()
    also: tuple[DeliveryRow, ...] = ()  # rows of other chats recorded with it (`refusals`)


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
