"""The delivery ledger: conflict-free batch writes and keyset pages of waiting chats."""

import pytest
from sqlalchemy import Engine, insert
from sqlmodel import Session

from storage.audiences import pending_chats
from storage.broadcasts import get_or_create_broadcast
from storage.db import session_scope
from storage.deliveries import DeliveryRow, delivery_counts, record_deliveries
from storage.issues import store_issue
from storage.subscribers import mark_blocked, subscribe, unsubscribe
from storage.tables import Subscriber
from storage.tables.timestamps import utcnow
from tests.storage.factories import issue


def add_subscribers(session: Session, chat_ids, status: str = "active") -> None:
    now = utcnow()
    rows = [
        {
            "chat_id": chat_id,
            "status": status,
            "referral_code": f"c{chat_id}",
            "created_at": now,
            "updated_at": now,
        }
        for chat_id in chat_ids
    ]
    session.execute(insert(Subscriber.__table__), rows)


def new_broadcast_id(session: Session) -> int:
    stored = store_issue(session=session, issue=issue())
    broadcast, _ = get_or_create_broadcast(
        session=session, issue_id=stored.id, total_messages=4, trigger="cli"
    )
    return broadcast.id


def sent(broadcast_id: int, index: int, chat_ids) -> list[DeliveryRow]:
    return [
        DeliveryRow(broadcast_id, c, index, "sent", telegram_message_id=c * 10) for c in chat_ids
    ]


def all_pending(session: Session, broadcast_id: int, index: int, page: int = 3) -> list[int]:
    chats: list[int] = []
    after = None
    while batch := pending_chats(
        session=session,
        broadcast_id=broadcast_id,
        message_index=index,
        previous_index=index - 1 if index else None,
        after_chat_id=after,
        limit=page,
    ):
        assert len(batch) <= page
        chats += batch
        after = batch[-1]
    return chats


def test_recording_a_row_twice_keeps_the_first_and_counts_only_new_ones(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, range(1, 6))
    assert record_deliveries(session=session, rows=sent(broadcast_id, 0, [1, 2, 3])) == 3
    again = [DeliveryRow(broadcast_id, 3, 0, "failed", error="x"), *sent(broadcast_id, 0, [4])]
    assert record_deliveries(session=session, rows=again) == 1
    assert record_deliveries(session=session, rows=[]) == 0
    counts = delivery_counts(session=session, broadcast_id=broadcast_id)
    assert counts == {"failed": 0, "sent": 4, "skipped": 0}


def test_long_errors_are_cut_and_unknown_statuses_refused(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    row = DeliveryRow(broadcast_id, 1, 0, "failed", error="Bad Request: " + "x" * 500)
    assert record_deliveries(session=session, rows=[row]) == 1
    with pytest.raises(ValueError, match="status"):
        record_deliveries(session=session, rows=[DeliveryRow(broadcast_id, 2, 0, "lost")])
    assert (
        delivery_counts(session=session, broadcast_id=broadcast_id, message_index=0)["failed"] == 1
    )


def test_pending_chats_pages_through_active_chats_without_a_row(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, [-1001, 3, 1, 2, 5, 4, 7, 6])
    add_subscribers(session, [8], status="unsubscribed")
    add_subscribers(session, [9], status="blocked")
    add_subscribers(session, [10], status="new")
    record_deliveries(session=session, rows=sent(broadcast_id, 0, [2, 5]))
    assert all_pending(session, broadcast_id, 0) == [-1001, 1, 3, 4, 6, 7]


def test_later_messages_go_only_to_chats_that_got_the_one_before(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, [1, 2, 3, 4])
    record_deliveries(
        session=session,
        rows=[*sent(broadcast_id, 0, [1, 2]), DeliveryRow(broadcast_id, 3, 0, "failed")],
    )
    assert all_pending(session, broadcast_id, 1) == [1, 2, 3]
    without_rule = pending_chats(session=session, broadcast_id=broadcast_id, message_index=1)
    assert without_rule == [1, 2, 3, 4]


def test_blocked_and_unsubscribed_readers_drop_out_between_rounds(session: Session) -> None:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, [1, 2, 3])
    record_deliveries(session=session, rows=sent(broadcast_id, 0, [1, 2, 3]))
    mark_blocked(session=session, chat_id=1)
    unsubscribe(session=session, chat_id=2)
    assert all_pending(session, broadcast_id, 1) == [3]
    subscribe(session=session, chat_id=2)
    assert all_pending(session, broadcast_id, 1) == [2, 3]


def test_ledgers_of_two_broadcasts_are_separate(session: Session) -> None:
    first = new_broadcast_id(session)
    stored = store_issue(session=session, issue=issue(7))
    second, _ = get_or_create_broadcast(
        session=session, issue_id=stored.id, total_messages=1, trigger="cli"
    )
    add_subscribers(session, [1, 2])
    record_deliveries(session=session, rows=sent(first, 0, [1, 2]))
    assert all_pending(session, second.id, 0) == [1, 2]
    assert delivery_counts(session=session, broadcast_id=second.id)["sent"] == 0


def test_a_round_over_ten_thousand_subscribers_resumes_where_it_stopped(engine: Engine) -> None:
    with session_scope(engine) as session:
        broadcast_id = new_broadcast_id(session)
        add_subscribers(session, range(1, 10_001))
    seen: list[int] = []
    after = None
    for _ in range(4):  # four pages of 1000 are sent and recorded, then the process "dies"
        with session_scope(engine) as session:
            page = pending_chats(
                session=session, broadcast_id=broadcast_id, message_index=0,
                after_chat_id=after, limit=1000,
            )  # fmt: skip
            assert record_deliveries(session=session, rows=sent(broadcast_id, 0, page)) == 1000
        seen += page
        after = page[-1]
    with session_scope(engine) as session:  # the restart begins from the start again
        rest = all_pending(session, broadcast_id, 0, page=1000)
        assert rest[0] == 4001 and len(rest) == 6000
        record_deliveries(session=session, rows=sent(broadcast_id, 0, rest))
        assert sorted(seen + rest) == list(range(1, 10_001))
        assert all_pending(session, broadcast_id, 0, page=1000) == []
        assert len(all_pending(session, broadcast_id, 1, page=1000)) == 10_000
        assert delivery_counts(session=session, broadcast_id=broadcast_id)["sent"] == 10_000
