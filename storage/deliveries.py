"""The delivery ledger: what was sent to whom, and who is still waiting for a message.

One row per (broadcast, message index, chat) under a unique key, written when Telegram has
answered; writing a row twice is ignored, so a resumed broadcast may re-record in-flight rows.
Chats waiting for a message are read in pages by chat id (keyset pagination), never all at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session

from storage.db import insert_ignoring_conflicts
from storage.tables import Broadcast, Delivery, DeliveryStatus, Subscriber
from storage.timestamps import utcnow

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
    insert = insert_ignoring_conflicts(session, Delivery.__table__).returning(Delivery.chat_id)
    return len(session.execute(insert, values).all())


def delivery_counts(
    *, session: Session, broadcast_id: int, message_index: int | None = None
) -> dict[str, int]:
    """Return the ledger's rows per status (`sent`, `failed`, `skipped`, all present)."""
    query = select(Delivery.status, func.count()).where(Delivery.broadcast_id == broadcast_id)
    if message_index is not None:
        query = query.where(Delivery.message_index == message_index)
    counts = dict.fromkeys(sorted(_STATUSES), 0)
    for status, count in session.execute(query.group_by(Delivery.status)):
        counts[status] = count
    return counts


def last_issue_received(*, session: Session, chat_id: int) -> int | None:
    """Return the id of the issue the chat last received a message of, or None.

    "Received" means a `sent` ledger row; the newest such row decides. This is the one place
    that reads a reader's delivery history: when the ledger's storage changes, only this
    function follows.
    """
    query = (
        select(Broadcast.issue_id)
        .join(Delivery, Delivery.broadcast_id == Broadcast.id)  # type: ignore[arg-type]
        .where(Delivery.chat_id == chat_id, Delivery.status == DeliveryStatus.SENT.value)
        .order_by(Delivery.created_at.desc(), Delivery.broadcast_id.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    return session.scalar(query)


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

    THE one reader of Telegram's message ids in the ledger (a correction edits them): when the
    ledger changes shape, only this function needs to follow. Pass the last chat id of a page as
    `after_chat_id` to get the next one; an empty list means there are no more.
    """
    indexes = sorted(set(message_indexes))
    if not indexes:
        return []
    sent = (
        Delivery.broadcast_id == broadcast_id,
        Delivery.status == DeliveryStatus.SENT.value,
        Delivery.message_index.in_(indexes),  # type: ignore[attr-defined]
    )
    chats = select(Delivery.chat_id).where(*sent).distinct()
    if after_chat_id is not None:
        chats = chats.where(Delivery.chat_id > after_chat_id)
    page = list(session.scalars(chats.order_by(Delivery.chat_id).limit(limit)))
    if not page:
        return []
    rows = session.execute(
        select(
            Delivery.chat_id,
            Delivery.message_index,
            Delivery.telegram_message_id,
            Subscriber.timezone,
        )
        .outerjoin(Subscriber, Subscriber.chat_id == Delivery.chat_id)  # type: ignore[arg-type]
        .where(*sent, Delivery.chat_id.between(page[0], page[-1]))  # type: ignore[attr-defined]
        .order_by(Delivery.chat_id, Delivery.message_index)
    )
    return [DeliveredMessage(*row) for row in rows]
