"""Ledger compaction: a finished broadcast's rows (one per reader and message) become one row
per reader (`delivery_summary`), and after a while lose Telegram's message ids.

What stays needed after a broadcast: who got the issue and how it went (`sent`, `failed`,
`blocked`: statistics and "the last issue a reader got"), how many readers got each message
(`broadcast.index_counts`: a correction's size), and, while a correction still makes sense
(`CORRECTION_WINDOW` after the broadcast finished), the message ids a correction edits
("index:id" pairs). Compaction works page by page over chat ids, each page one transaction
that inserts the summaries and deletes the rows (a repeat after a crash inserts nothing twice).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlmodel import Session, col

from storage.db import insert_ignoring_conflicts
from storage.tables import (
    Broadcast,
    BroadcastStatus,
    Delivery,
    DeliveryStatus,
    DeliverySummary,
    table_of,
)
from storage.tables.timestamps import utcnow

CORRECTION_WINDOW = dt.timedelta(days=28)
PAGE_CHATS = 5_000


def broadcasts_to_compact(*, session: Session) -> list[int]:
    """Finished broadcasts whose ledger is not compacted yet."""
    query = select(col(Broadcast.id)).where(
        col(Broadcast.status) == BroadcastStatus.DONE.value,
        col(Broadcast.compacted_at).is_(None),
    )
    return list(session.scalars(query.order_by(col(Broadcast.id))))


def start_compaction(*, session: Session, broadcast_id: int) -> dict[str, int]:
    """Note how many readers got each message (`sent` rows per index) before any row is
    compacted, once (a compaction resumed after a crash keeps the first count); return it."""
    broadcast = session.get(Broadcast, broadcast_id)
    assert broadcast is not None
    if broadcast.index_counts is not None:
        return broadcast.index_counts
    query = (
        select(col(Delivery.message_index), func.count())
        .where(
            col(Delivery.broadcast_id) == broadcast_id,
            col(Delivery.status) == DeliveryStatus.SENT.value,
        )
        .group_by(col(Delivery.message_index))
    )
    counts = {str(index): count for index, count in session.execute(query)}
    broadcast.index_counts = counts
    session.flush()
    return counts


def compact_page(
    *, session: Session, broadcast_id: int, after_chat_id: int | None = None
) -> int | None:
    """Compact the ledger rows of the next `PAGE_CHATS` chats after `after_chat_id`; return the
    last chat id done, or None when no rows are left."""
    chats = select(col(Delivery.chat_id)).where(col(Delivery.broadcast_id) == broadcast_id)
    if after_chat_id is not None:
        chats = chats.where(col(Delivery.chat_id) > after_chat_id)
    page = list(session.scalars(chats.distinct().order_by(col(Delivery.chat_id)).limit(PAGE_CHATS)))
    if not page:
        return None
    within = col(Delivery.chat_id).between(page[0], page[-1])
    rows = session.execute(
        select(
            col(Delivery.chat_id),
            col(Delivery.message_index),
            col(Delivery.status),
            col(Delivery.telegram_message_id),
        )
        .where(col(Delivery.broadcast_id) == broadcast_id, within)
        .order_by(col(Delivery.chat_id), col(Delivery.message_index))
    )
    summaries: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"sent": 0, "failed": 0, "blocked": False, "pairs": []}
    )
    for chat_id, index, status, message_id in rows:
        summary = summaries[chat_id]
        if status == DeliveryStatus.SENT:
            summary["sent"] += 1
            if message_id is not None:
                summary["pairs"].append(f"{index}:{message_id}")
        elif status == DeliveryStatus.FAILED:
            summary["failed"] += 1
        else:
            summary["blocked"] = True
    values = [
        {"broadcast_id": broadcast_id, "chat_id": chat_id, "sent": s["sent"],
         "failed": s["failed"], "blocked": s["blocked"], "messages": ",".join(s["pairs"]) or None}
        for chat_id, s in summaries.items()
    ]  # fmt: skip
    session.execute(insert_ignoring_conflicts(session, table_of(DeliverySummary)), values)
    session.execute(delete(Delivery).where(col(Delivery.broadcast_id) == broadcast_id, within))
    return page[-1]


def mark_compacted(*, session: Session, broadcast_id: int) -> None:
    """Note that the broadcast's ledger is compacted."""
    session.execute(
        update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(compacted_at=utcnow())
    )


def drop_old_message_ids(*, session: Session, now: dt.datetime) -> list[int]:
    """Forget the message ids of broadcasts finished more than `CORRECTION_WINDOW` ago (no
    correction edits them any more); return those broadcasts."""
    query = select(col(Broadcast.id)).where(
        col(Broadcast.compacted_at).is_not(None),
        col(Broadcast.ids_dropped_at).is_(None),
        col(Broadcast.finished_at) < now - CORRECTION_WINDOW,
    )
    dropped = list(session.scalars(query))
    for broadcast_id in dropped:
        session.execute(
            update(DeliverySummary)
            .where(col(DeliverySummary.broadcast_id) == broadcast_id)
            .values(messages=None)
        )
        session.execute(
            update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(ids_dropped_at=now)
        )
    return dropped  # type: ignore[return-value]


def summary_pairs(messages: str | None) -> dict[int, int]:
    """The "index:id" pairs of a summary row as {message index: Telegram message id}."""
    pairs: dict[int, int] = {}
    for pair in (messages or "").split(","):
        if ":" in pair:
            index, message_id = pair.split(":", 1)
            pairs[int(index)] = int(message_id)
    return pairs
