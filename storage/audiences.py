"""Who is waiting for a broadcast's message: readers in delivery groups, read in pages.

Readers choose a delivery time, a zone, a format and sections (`subscriber` columns, None for
the defaults). Readers with the same four values form one delivery group (an `Audience`): they
get the same messages at the same moment. `audiences` lists the groups of the active readers;
`pending_chats` pages through one group's readers (by chat id) who have no ledger row for a
message yet but one for the message before it in their plan, so a reader who subscribed while
the broadcast ran never gets an issue from its middle. Each step reads one slice of the group
from the index `ix_subscriber_audience` and the ledger rows of exactly those chats: plain
index scans whose cost is bounded by the slice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from storage.tables import Delivery, Subscriber, SubscriberStatus

MAX_SCAN_STEP = 20_000  # chats per query while skipping a stretch that is already done
_DENSE = 2  # a slice whose chat ids span at most twice its size reads the ledger by range


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
        query = select(Subscriber.chat_id).where(*conditions)
        if after_chat_id is not None:
            query = query.where(Subscriber.chat_id > after_chat_id)
        chats = list(session.scalars(query.order_by(Subscriber.chat_id).limit(step)))
        if not chats:
            break
        found = _waiting(session, broadcast_id, message_index, previous_index, chats)
        pending += found
        after_chat_id = chats[-1]
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
    query = select(Subscriber.chat_id).where(
        *_active(None),
        Subscriber.chat_id.in_(wanted),  # type: ignore[attr-defined]
    )
    active = set(session.scalars(query))
    chats = [c for c in wanted if c in active]
    if not chats:
        return []
    return _waiting(session, broadcast_id, message_index, previous_index, chats)


def _active(audience: Audience | None) -> list[Any]:
    conditions: list[Any] = [Subscriber.status == SubscriberStatus.ACTIVE.value]
    return conditions + (audience.where() if audience is not None else [])


def _waiting(
    session: Session,
    broadcast_id: int,
    message_index: int,
    previous_index: int | None,
    chats: list[int],
) -> list[int]:
    """Those of `chats` (sorted) without a row for the message and, unless `previous_index` is
    None, with one for it. The ledger is read by chat id range for a dense slice (a large
    group), by the chats' ids for a sparse one (a small group spread over all readers)."""
    if chats[-1] - chats[0] <= _DENSE * len(chats):
        within = Delivery.chat_id.between(chats[0], chats[-1])  # type: ignore[attr-defined]
    else:
        within = Delivery.chat_id.in_(chats)  # type: ignore[attr-defined]

    def recorded(index: int) -> set[int]:
        query = select(Delivery.chat_id).where(
            Delivery.broadcast_id == broadcast_id, Delivery.message_index == index, within
        )
        return set(session.scalars(query))

    done = recorded(message_index)
    if previous_index is None:
        return [c for c in chats if c not in done]
    before = recorded(previous_index)
    return [c for c in chats if c not in done and c in before]
