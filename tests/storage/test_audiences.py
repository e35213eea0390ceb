"""Delivery groups of readers and the readers of one group still waiting for a message, on
SQLite and PostgreSQL."""

from __future__ import annotations

import random

from sqlalchemy import update
from sqlmodel import Session

from storage.audiences import Audience, audiences, has_readers_at, pending_chats, still_pending
from storage.broadcasts import get_or_create_broadcast
from storage.deliveries import DeliveryRow, record_deliveries
from storage.issues import store_issue
from storage.tables import Subscriber
from tests.storage.factories import issue
from tests.storage.test_deliveries import add_subscribers, new_broadcast_id

COMPACT = Audience(delivery_format="compact")
NOON = Audience(delivery_time="12:00", timezone="Europe/Vienna")


def choose(session: Session, chat_ids, **columns) -> None:
    session.execute(
        update(Subscriber).where(Subscriber.chat_id.in_(list(chat_ids))).values(**columns)
    )


def test_active_readers_fall_into_groups_by_their_choices(session: Session) -> None:
    add_subscribers(session, range(1, 11))
    add_subscribers(session, [11], status="unsubscribed")
    choose(session, [2, 3, 11], delivery_format="compact")
    choose(session, [4], delivery_time="12:00", timezone="Europe/Vienna")
    assert dict(audiences(session=session)) == {Audience(): 7, COMPACT: 2, NOON: 1}


def test_a_group_pages_through_its_own_readers_only(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, range(1, 21))
    choose(session, [3, 7, 15, 19], delivery_format="compact")
    record_deliveries(session=session, rows=[DeliveryRow(broadcast_id, 7, 7, "sent")])
    pages, after = [], None
    while page := pending_chats(
        session=session, broadcast_id=broadcast_id, message_index=7, audience=COMPACT,
        after_chat_id=after, limit=2,
    ):  # fmt: skip
        pages.append(page)
        after = page[-1]
    assert pages == [[3, 15], [19]]
    default = pending_chats(session=session, broadcast_id=broadcast_id, message_index=0,
                            audience=Audience())  # fmt: skip
    assert default == [c for c in range(1, 21) if c not in (3, 7, 15, 19)]


def test_the_next_message_of_a_plan_waits_for_the_one_before_it(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, [1, 2, 3])
    choose(session, [1, 2, 3], sections="lead,earnings")
    record_deliveries(
        session=session,
        rows=[DeliveryRow(broadcast_id, 1, 1, "sent"), DeliveryRow(broadcast_id, 2, 1, "failed")],
    )
    group = Audience(sections="lead,earnings")
    waiting = pending_chats(
        session=session, broadcast_id=broadcast_id, message_index=5, previous_index=1,
        audience=group,
    )  # fmt: skip
    assert waiting == [1, 2]  # 3 has not had message 1 yet
    late = still_pending(
        session=session, broadcast_id=broadcast_id, message_index=5, previous_index=1,
        chat_ids=[3, 2, 1],
    )  # fmt: skip
    assert late == [1, 2]


def test_sparse_groups_read_the_ledger_of_their_chats_only(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, [1, 500, 1_000, 100_000])
    choose(session, [1, 100_000], delivery_format="compact")
    record_deliveries(session=session, rows=[DeliveryRow(broadcast_id, 100_000, 7, "sent")])
    pending = pending_chats(
        session=session, broadcast_id=broadcast_id, message_index=7, audience=COMPACT
    )
    assert pending == [1]


def test_sofort_readers_are_found(session: Session) -> None:
    add_subscribers(session, [1, 2])
    assert not has_readers_at(session=session, delivery_time="now")
    choose(session, [2], delivery_time="now")
    assert has_readers_at(session=session, delivery_time="now")
    choose(session, [2], status="unsubscribed")
    assert not has_readers_at(session=session, delivery_time="now")


def test_pages_of_spread_out_chat_ids_find_exactly_the_waiting_readers(session: Session) -> None:
    """Chat ids spread like Telegram's, three groups, a ledger with gaps (a resumed round, a
    reader who got message 0 only, rows of another broadcast): every page and every late
    check agree with the rule worked out in Python."""
    rng = random.Random(9)
    chats = sorted(rng.sample(range(10**8, 8 * 10**9), 300))
    broadcast_id = new_broadcast_id(session)
    other, _ = get_or_create_broadcast(
        session=session, issue_id=store_issue(session=session, issue=issue(7)).id,
        total_messages=4, trigger="cli",
    )  # fmt: skip
    add_subscribers(session, chats)
    mixed = rng.sample(chats, 60)  # small groups spread over all readers
    compact, noon = sorted(mixed[:40]), sorted(mixed[40:])
    groups = {Audience(): sorted(set(chats) - set(mixed)), COMPACT: compact, NOON: noon}
    choose(session, groups[COMPACT], delivery_format="compact")
    choose(session, groups[NOON], delivery_time="12:00", timezone="Europe/Vienna")
    choose(session, chats[::37], status="blocked")
    ledger = {0: set(chats[:150]) | set(rng.sample(chats, 60)), 1: set(rng.sample(chats, 90))}
    rows = [DeliveryRow(broadcast_id, c, i, "sent") for i, done in ledger.items() for c in done]
    rows += [DeliveryRow(other.id, c, 1, "sent") for c in chats]
    record_deliveries(session=session, rows=rows)
    active = set(chats) - set(chats[::37])
    for audience, members in groups.items():
        for index, previous in ((0, None), (1, 0)):
            expected = [
                c for c in members
                if c in active and c not in ledger[index]
                and (previous is None or c in ledger[previous])
            ]  # fmt: skip
            pages, after = [], None
            while page := pending_chats(
                session=session, broadcast_id=broadcast_id, message_index=index,
                previous_index=previous, audience=audience, after_chat_id=after, limit=7,
            ):  # fmt: skip
                pages += page
                after = page[-1]
            assert pages == expected
            late = still_pending(
                session=session, broadcast_id=broadcast_id, message_index=index,
                previous_index=previous, chat_ids=reversed(members),
            )  # fmt: skip
            assert late == expected
