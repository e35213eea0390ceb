"""Who is waiting for a broadcast's message: readers in delivery groups, read in pages.

Readers choose a delivery time, a zone, a format and sections (`subscriber` columns, None for
the defaults). Readers with the same four values form one delivery group (an `Audience`): they
get the same messages at the same moment. `audiences` lists the groups of the active readers;
`pending_chats` pages through one group's readers (by chat id) who have no ledger row for a
message yet but one for the message before it in their plan, so a reader who subscribed while
the broadcast ran never gets an issue from its middle. Each step reads one slice of the group
(by chat id, from `ix_subscriber_audience`) and, in the same query, looks up each of its
chats in the ledger's primary key: a correlated subquery per chat (`_recorded`), which the
planner cannot turn into a scan of the whole message's ledger. So a step costs the same with
a thousand readers as with a million, whatever the ledger's statistics say (a running
broadcast's rows are always newer than its statistics: with a list of chat ids PostgreSQL read
every row of the message for each page, 0.3 s a page at a million readers).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Row, ScalarSelect, Select, func, literal, select
from sqlmodel import Session

from storage.tables import Delivery, Subscriber, SubscriberStatus

MAX_SCAN_STEP = 20_000  # chats per query while skipping a stretch that is already done


class Audience(NamedTuple):
    """One delivery group: the four choice columns as stored (None: the default)."""

    delivery_time: str | None = None
    timezone: str | None = None
    delivery_format: str | None = None
    sections: str | None = None

    def where(self) -> list[ColumnElement[bool]]:
        """The group's condition on `subscriber` (NULL-safe: None matches the default)."""
        columns = (
            Subscriber.delivery_time,
            Subscriber.timezone,
            Subscriber.delivery_format,
            Subscriber.sections,
        )
        return [
            column.is_(None) if value is None else column == value  # type: ignore[union-attr]
            for column, value in zip(columns, self, strict=True)
        ]


def audiences(*, session: Session) -> list[tuple[Audience, int]]:
    """Every delivery group of the active readers, with how many readers it has."""
    query = (
        select(
            Subscriber.delivery_time,
            Subscriber.timezone,
            Subscriber.delivery_format,
            Subscriber.sections,
            func.count(),
        )
        .where(Subscriber.status == SubscriberStatus.ACTIVE.value)
        .group_by(
            Subscriber.delivery_time,
            Subscriber.timezone,
            Subscriber.delivery_format,
            Subscriber.sections,
        )
    )
    return [(Audience(*row[:4]), row[4]) for row in session.execute(query)]


def has_readers_at(*, session: Session, delivery_time: str) -> bool:
    """Whether some active reader chose `delivery_time` ("now" for "sofort")."""
    query = select(Subscriber.chat_id).where(
        Subscriber.status == SubscriberStatus.ACTIVE.value,
        Subscriber.delivery_time == delivery_time,
    )
    return session.scalars(query.limit(1)).first() is not None


def pending_chats(
    *,
    session: Session,
    broadcast_id: int,
    message_index: int,
    previous_index: int | None = None,
    audience: Audience | None = None,
    after_chat_id: int | None = None,
    limit: int = 500,
) -> list[int]:
    """Return the next page of active chats (of `audience`, else all), by chat id, that have no
    ledger row for `message_index` and (unless `previous_index` is None) one for
    `previous_index`. Pass a page's last chat id as `after_chat_id` for the next page; an empty
    list means the round is done for the group."""
    pending: list[int] = []
    step = limit
    conditions = _active(audience)
    while len(pending) < limit:
        query = _probed(broadcast_id, message_index, previous_index).where(*conditions)
        if after_chat_id is not None:
            query = query.where(Subscriber.chat_id > after_chat_id)
        rows = session.execute(query.order_by(Subscriber.chat_id).limit(step)).all()
        if not rows:
            break
        found = [row[0] for row in rows if _waits(row, previous_index)]
        pending += found
        after_chat_id = rows[-1][0]
        if not found:  # a stretch handled before a restart: skip ahead in bigger slices
            step = min(step * 2, MAX_SCAN_STEP)
    return pending[:limit]


def still_pending(
    *,
    session: Session,
    broadcast_id: int,
    message_index: int,
    chat_ids: Iterable[int],
    previous_index: int | None = None,
) -> list[int]:
    """Those of `chat_ids` that are active, have no row for `message_index` and (unless
    `previous_index` is None) one for `previous_index`; sorted. For the few chats a broadcast
    sends to out of page order (a message answered after its round's page was read)."""
    wanted = sorted(set(chat_ids))
    if not wanted:
        return []
    query = _probed(broadcast_id, message_index, previous_index).where(
        *_active(None),
        Subscriber.chat_id.in_(wanted),  # type: ignore[attr-defined]
    )
    rows = session.execute(query.order_by(Subscriber.chat_id))
    return [row[0] for row in rows if _waits(row, previous_index)]


def _active(audience: Audience | None) -> list[Any]:
    conditions: list[Any] = [Subscriber.status == SubscriberStatus.ACTIVE.value]
    return conditions + (audience.where() if audience is not None else [])


def _probed(broadcast_id: int, message_index: int, previous_index: int | None) -> Select:
    """Readers' chat ids, each with whether it has a row for `message_index` and (unless
    `previous_index` is None) for `previous_index`."""
    columns: list[Any] = [Subscriber.chat_id, _recorded(broadcast_id, message_index)]
    if previous_index is not None:
        columns.append(_recorded(broadcast_id, previous_index))
    return select(*columns)


def _recorded(broadcast_id: int, index: int) -> ScalarSelect:
    """1 when the outer query's reader has a ledger row for message `index`, else NULL: one
    lookup in the primary key per reader. (A scalar subquery with LIMIT is never turned into a
    join, so no plan reads the message's whole ledger; PostgreSQL evaluates it after ORDER BY
    … LIMIT, for the rows returned only.)"""
    return (
        select(literal(1))
        .where(
            Delivery.broadcast_id == broadcast_id,
            Delivery.message_index == index,
            Delivery.chat_id == Subscriber.chat_id,
        )
        .limit(1)
        .scalar_subquery()
    )


def _waits(row: Row, previous_index: int | None) -> bool:
    """Whether a `_probed` row's reader waits: no row for the message, one for the previous."""
    return row[1] is None and (previous_index is None or row[2] is not None)
