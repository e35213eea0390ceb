"""The delivery ledger: what was sent to whom, and who is still waiting for a message.

One row per (broadcast, message index, chat) under a unique key, written when Telegram has
answered; writing a row twice is ignored, so a resumed broadcast may re-record in-flight rows.
Chats waiting for a message are read in pages by chat id (keyset pagination), never all at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.compaction import summary_pairs
from storage.db import insert_ignoring_conflicts
from storage.tables import Broadcast, Delivery, DeliveryStatus, DeliverySummary, Subscriber
from storage.tables.base import table_of
from storage.tables.timestamps import utcnow

ERROR_CHARS = 200
MAX_SCAN_STEP = 20_000  # chats per query while skipping a stretch that is already done
_STATUSES = frozenset(s.value for s in DeliveryStatus)


class DeliveryRow(NamedTuple):
    """One ledger entry to record; `error` is cut to 200 characters."""

    broadcast_id: int
    chat_id: int
    message_index: int
    status: str
    telegram_message_id: int | None = None
    error: str | None = None


def record_deliveries(*, session: Session, rows: Iterable[DeliveryRow]) -> int:
    """Insert ledger rows in one batch, ignoring those already recorded; return how many are new.

    Raises `ValueError` on an unknown status (`sent`, `failed`, `skipped`).
    """
    now = utcnow()
    values = []
    for row in rows:
        if row.status not in _STATUSES:
            raise ValueError(f"unknown delivery status {row.status!r}")
        values.append(
            {
                "broadcast_id": row.broadcast_id,
                "chat_id": row.chat_id,
                "message_index": row.message_index,
                "status": str(row.status),
                "telegram_message_id": row.telegram_message_id,
                "error": row.error[:ERROR_CHARS] if row.error else None,
                "created_at": now,
            }
        )
    if not values:
        return 0
    insert = insert_ignoring_conflicts(session, table_of(Delivery)).returning(col(Delivery.chat_id))
    return len(session.execute(insert, values).all())


def delivery_counts(
    *, session: Session, broadcast_id: int, message_index: int | None = None
) -> dict[str, int]:
    """Return the ledger's rows per status (`sent`, `failed`, `skipped`, all present), also for
    a compacted ledger: per message only `sent` is kept (`broadcast.index_counts`); in all, the
    summaries' counts (`skipped`: the readers found blocked)."""
    counts = dict.fromkeys(sorted(_STATUSES), 0)
    broadcast = session.get(Broadcast, broadcast_id)
    if message_index is not None and broadcast is not None and broadcast.index_counts is not None:
        counts[DeliveryStatus.SENT.value] = broadcast.index_counts.get(str(message_index), 0)
        return counts
    query = select(col(Delivery.status), func.count()).where(
        col(Delivery.broadcast_id) == broadcast_id
    )
    if message_index is not None:
        query = query.where(col(Delivery.message_index) == message_index)
    for status, count in session.execute(query.group_by(Delivery.status)):
        counts[status] = count
    if message_index is None:
        summed = session.execute(
            select(
                func.coalesce(func.sum(DeliverySummary.sent), 0),
                func.coalesce(func.sum(DeliverySummary.failed), 0),
                func.count().filter(col(DeliverySummary.blocked)),
            ).where(col(DeliverySummary.broadcast_id) == broadcast_id)
        ).one()
        counts[DeliveryStatus.SENT.value] += int(summed[0])
        counts[DeliveryStatus.FAILED.value] += int(summed[1])
        counts[DeliveryStatus.SKIPPED.value] += int(summed[2])
    return counts


def message_received(*, session: Session, broadcast_id: int, message_index: int) -> bool:
    """Whether some reader got message `message_index` of the broadcast: a `sent` ledger row
    (the first one found: no count over the message's rows, which are a million at a million
    readers), or, for a compacted ledger, a reader counted in `broadcast.index_counts`."""
    broadcast = session.get(Broadcast, broadcast_id)
    if broadcast is not None and broadcast.index_counts is not None:
        return broadcast.index_counts.get(str(message_index), 0) > 0
    query = select(col(Delivery.chat_id)).where(
        col(Delivery.broadcast_id) == broadcast_id,
        col(Delivery.message_index) == message_index,
        col(Delivery.status) == DeliveryStatus.SENT.value,
    )
    first = query.order_by(col(Delivery.chat_id)).limit(1)  # the key's order: a plain index scan
    return session.scalars(first).first() is not None


def last_issue_received(*, session: Session, chat_id: int) -> int | None:
    """Return the id of the issue the chat last received a message of, or None.

    "Received" means a `sent` ledger row, or a compacted summary with messages sent; the newest
    broadcast decides. This is the one place that reads a reader's delivery history.
    """
    live = (
        select(col(Delivery.broadcast_id))
        .where(col(Delivery.chat_id) == chat_id, col(Delivery.status) == DeliveryStatus.SENT.value)
        .order_by(Delivery.broadcast_id.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    compacted = (
        select(col(DeliverySummary.broadcast_id))
        .where(col(DeliverySummary.chat_id) == chat_id, col(DeliverySummary.sent) > 0)
        .order_by(DeliverySummary.broadcast_id.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    newest = max(
        (b for b in (session.scalar(live), session.scalar(compacted)) if b is not None),
        default=None,
    )
    if newest is None:
        return None
    return session.scalar(select(col(Broadcast.issue_id)).where(col(Broadcast.id) == newest))


class DeliveredMessage(NamedTuple):
    """A message Telegram accepted: where it is, which message of the issue, and its id there
    (None for rows recorded before message ids were kept)."""

    chat_id: int
    message_index: int
    telegram_message_id: int | None
    timezone: str | None = None  # the chat's own zone (its earnings times), None: TIMEZONE


def delivered_messages(
    *,
    session: Session,
    broadcast_id: int,
    message_indexes: Iterable[int],
    after_chat_id: int | None = None,
    limit: int = 500,
) -> list[DeliveredMessage]:
    """Return the next page of delivered messages of `message_indexes`: every one of up to
    `limit` chats (by chat id, after `after_chat_id`), ordered by chat id, then message index.

    THE one reader of Telegram's message ids in the ledger (a correction edits them), from the
    ledger rows and, once compacted, the summaries' "index:id" pairs (both while compaction
    runs). Pass the last chat id of a page as `after_chat_id` to get the next one; an empty
    list means there are no more.
    """
    indexes = sorted(set(message_indexes))
    if not indexes:
        return []
    while True:
        live, live_end = _live_messages(session, broadcast_id, indexes, after_chat_id, limit)
        compacted, compacted_end = _compacted_messages(
            session, broadcast_id, set(indexes), after_chat_id, limit
        )
        ends = [end for end in (live_end, compacted_end) if end is not None]
        boundary = min(ends) if ends else None  # read up to here in both sources
        found = sorted(
            (m for m in live + compacted if boundary is None or m.chat_id <= boundary),
            key=lambda m: (m.chat_id, m.message_index),
        )
        if found or boundary is None:
            return found
        after_chat_id = boundary  # nothing in this stretch: look further


def _live_messages(
    session: Session, broadcast_id: int, indexes: list[int], after: int | None, limit: int
) -> tuple[list[DeliveredMessage], int | None]:
    """Up to `limit` chats' delivered messages from the ledger rows, and the last chat id read
    when there may be more (None: none left)."""
    sent = (
        col(Delivery.broadcast_id) == broadcast_id,
        col(Delivery.status) == DeliveryStatus.SENT.value,
        col(Delivery.message_index).in_(indexes),
    )
    chats = select(col(Delivery.chat_id)).where(*sent).distinct()
    if after is not None:
        chats = chats.where(col(Delivery.chat_id) > after)
    page = list(session.scalars(chats.order_by(col(Delivery.chat_id)).limit(limit)))
    if not page:
        return [], None
    rows = session.execute(
        select(
            col(Delivery.chat_id),
            col(Delivery.message_index),
            col(Delivery.telegram_message_id),
            col(Subscriber.timezone),
        )
        .outerjoin(Subscriber, Subscriber.chat_id == Delivery.chat_id)  # type: ignore[arg-type]
        .where(*sent, Delivery.chat_id.between(page[0], page[-1]))  # type: ignore[attr-defined]
        .order_by(col(Delivery.chat_id), col(Delivery.message_index))
    )
    return [DeliveredMessage(*row) for row in rows], page[-1] if len(page) == limit else None


def _compacted_messages(
    session: Session, broadcast_id: int, indexes: set[int], after: int | None, limit: int
) -> tuple[list[DeliveredMessage], int | None]:
    """The same from up to `limit` summaries (compacted ledger)."""
    query = (
        select(
            col(DeliverySummary.chat_id), col(DeliverySummary.messages), col(Subscriber.timezone)
        )
        .outerjoin(Subscriber, Subscriber.chat_id == DeliverySummary.chat_id)  # type: ignore[arg-type]
        .where(
            col(DeliverySummary.broadcast_id) == broadcast_id,
            DeliverySummary.messages.is_not(None),  # type: ignore[union-attr]
        )
        .order_by(col(DeliverySummary.chat_id))
        .limit(limit)
    )
    if after is not None:
        query = query.where(col(DeliverySummary.chat_id) > after)
    found, rows, last = [], 0, None
    for chat_id, messages, zone in session.execute(query):
        rows, last = rows + 1, chat_id
        for index, message_id in summary_pairs(messages).items():
            if index in indexes:
                found.append(DeliveredMessage(chat_id, index, message_id, zone))
    return found, last if rows == limit else None
