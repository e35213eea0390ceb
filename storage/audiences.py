"""Who is waiting for a broadcast's message: readers in delivery groups, read in pages.

Readers choose a delivery time, a zone, a format and sections (`subscriber` columns, None for
the defaults); a group's subscription may be for a forum topic (`message_thread_id`). Chats with
the same five values form one delivery group (an `Audience`): they get the same messages at the
same moment, into the same topic. `audiences` lists the groups of the active readers;
`pending_chats` pages through one group's readers (by chat id) who have no ledger row for a
message yet but one for the message before it in their plan, so a reader who subscribed while
the broadcast ran never gets an issue from its middle. Each step reads one slice of the group
(by chat id, from `ix_subscriber_audience`), then which of those chats have a ledger row for
the message, in one of two ways whose cost is bounded by the slice, whatever the ledger's
statistics say (a running broadcast's rows are always newer than them):

- the message's rows in the slice's chat id range, when there are at most `RANGE_FACTOR`
  times as many as chats in the slice (a slice of a large group; one range of the primary
  key, no plan can read more);
- else a lookup per chat in the primary key (a small group spread over all readers): a
  correlated scalar subquery, which PostgreSQL cannot turn into a join that reads the whole
  message's ledger. (A list of the chat ids, `chat_id IN (…)`, did exactly that whenever the
  statistics did not know the broadcast yet: 0.3 s a page at a million readers.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, literal, select
from sqlmodel import Session, col

from storage.tables import Delivery, Subscriber, SubscriberStatus

MAX_SCAN_STEP = 20_000  # chats per query while skipping a stretch that is already done
RANGE_FACTOR = 4  # a slice reads its id range of the ledger when no more rows are in it


class Audience(NamedTuple):
    """One delivery group: the four choice columns and the forum topic as stored (None: the
    default; no topic)."""

    delivery_time: str | None = None
    timezone: str | None = None
    delivery_format: str | None = None
    sections: str | None = None
    message_thread_id: int | None = None

    def where(self) -> list[ColumnElement[bool]]:
        """The group's condition on `subscriber` (NULL-safe: None matches the default)."""
        return [
            column.is_(None) if value is None else column == value
            for column, value in zip(_AUDIENCE, self, strict=True)
        ]


_AUDIENCE = (
    col(Subscriber.delivery_time),
    col(Subscriber.timezone),
    col(Subscriber.delivery_format),
    col(Subscriber.sections),
    col(Subscriber.message_thread_id),
)


def audiences(*, session: Session) -> list[tuple[Audience, int]]:
    """Every delivery group of the active chats, with how many chats it has."""
    query = (
        select(*_AUDIENCE, func.count())
        .where(col(Subscriber.status) == SubscriberStatus.ACTIVE.value)
        .group_by(*_AUDIENCE)
    )
    return [(Audience(*row[:-1]), row[-1]) for row in session.execute(query)]


def has_readers_at(*, session: Session, delivery_time: str) -> bool:
    """Whether some active reader chose `delivery_time` ("now" for "sofort")."""
    query = select(col(Subscriber.chat_id)).where(
        col(Subscriber.status) == SubscriberStatus.ACTIVE.value,
        col(Subscriber.delivery_time) == delivery_time,
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
        query = select(col(Subscriber.chat_id)).where(*conditions)
        if after_chat_id is not None:
            query = query.where(col(Subscriber.chat_id) > after_chat_id)
        chats = list(session.scalars(query.order_by(col(Subscriber.chat_id)).limit(step)))
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
    query = select(col(Subscriber.chat_id)).where(
        *_active(None),
        col(Subscriber.chat_id).in_(wanted),
    )
    chats = list(session.scalars(query.order_by(col(Subscriber.chat_id))))
    if not chats:
        return []
    return _waiting(session, broadcast_id, message_index, previous_index, chats)


def _active(audience: Audience | None) -> list[Any]:
    conditions: list[Any] = [col(Subscriber.status) == SubscriberStatus.ACTIVE.value]
    return conditions + (audience.where() if audience is not None else [])


def _waiting(
    session: Session,
    broadcast_id: int,
    message_index: int,
    previous_index: int | None,
    chats: list[int],
) -> list[int]:
    """Those of `chats` (sorted) without a row for the message and, unless `previous_index` is
    None, with one for it."""
    done = _recorded(session, broadcast_id, message_index, chats)
    waiting = [c for c in chats if c not in done]
    if previous_index is None or not waiting:
        return waiting
    before = _recorded(session, broadcast_id, previous_index, waiting)
    return [c for c in waiting if c in before]


def _recorded(session: Session, broadcast_id: int, index: int, chats: list[int]) -> set[int]:
    """Those of `chats` (sorted) with a ledger row for message `index` (see the module
    docstring: the rows of their id range if few, else a lookup per chat)."""
    of_message = (col(Delivery.broadcast_id) == broadcast_id, col(Delivery.message_index) == index)
    cap = RANGE_FACTOR * len(chats)
    in_range = list(
        session.scalars(
            select(col(Delivery.chat_id))
            .where(*of_message, col(Delivery.chat_id).between(chats[0], chats[-1]))
            .order_by(col(Delivery.chat_id))
            .limit(cap + 1)
        )
    )
    if len(in_range) <= cap:
        return set(in_range).intersection(chats)
    lookup = (
        select(literal(1))
        .where(*of_message, col(Delivery.chat_id) == Subscriber.chat_id)
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(col(Subscriber.chat_id), lookup).where(col(Subscriber.chat_id).in_(chats))
    )
    return {chat_id for chat_id, found in rows if found is not None}
