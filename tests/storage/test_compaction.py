"""Ledger compaction: a finished broadcast's rows become one summary per reader; everything
read later (counts, the last issue a reader got, message ids for corrections) stays the same;
message ids go after the correction window. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlmodel import Session

from storage import compaction
from storage.broadcasts import set_broadcast_status
from storage.compaction import (
    CORRECTION_WINDOW,
    broadcasts_to_compact,
    compact_page,
    drop_old_message_ids,
    mark_compacted,
    start_compaction,
)
from storage.deliveries import (
    DeliveredMessage,
    DeliveryRow,
    delivered_messages,
    delivery_counts,
    last_issue_received,
    message_received,
    record_deliveries,
)
from storage.tables import Broadcast, Delivery, DeliverySummary
from storage.tables.timestamps import utcnow
from tests.storage.test_deliveries import add_subscribers, new_broadcast_id

READERS = list(range(1, 13))


def fill(session: Session) -> int:
    broadcast_id = new_broadcast_id(session)
    add_subscribers(session, READERS)
    rows = []
    for chat in READERS:
        plan = [7] if chat % 3 == 0 else [0, 1, 2]  # compact readers get message 7 only
        rows += [DeliveryRow(broadcast_id, chat, i, "sent", chat * 100 + i) for i in plan]
    rows.append(DeliveryRow(broadcast_id, 13, 0, "skipped", error="blocked"))
    rows.append(DeliveryRow(broadcast_id, 14, 0, "failed", error="Bad Request: x"))
    record_deliveries(session=session, rows=rows)
    set_broadcast_status(session=session, broadcast_id=broadcast_id, status="done")
    return broadcast_id


def compact(session: Session, broadcast_id: int, monkeypatch) -> None:
    monkeypatch.setattr(compaction, "PAGE_CHATS", 5)  # several pages
    start_compaction(session=session, broadcast_id=broadcast_id)
    after = None
    while (after := compact_page(session=session, broadcast_id=broadcast_id,
                                 after_chat_id=after)) is not None:  # fmt: skip
        pass
    mark_compacted(session=session, broadcast_id=broadcast_id)


def readings(session: Session, broadcast_id: int) -> tuple:
    everything, after = [], None
    while page := delivered_messages(
        session=session, broadcast_id=broadcast_id, message_indexes=[1, 7],
        after_chat_id=after, limit=4,
    ):  # fmt: skip
        everything += page
        after = page[-1].chat_id
    return (
        delivery_counts(session=session, broadcast_id=broadcast_id),
        [
            delivery_counts(session=session, broadcast_id=broadcast_id, message_index=i)["sent"]
            for i in (0, 1, 2, 7)
        ],
        [last_issue_received(session=session, chat_id=c) for c in (1, 3, 13)],
        everything,
    )


def test_compaction_keeps_everything_read_later(session: Session, monkeypatch) -> None:
    broadcast_id = fill(session)
    assert broadcasts_to_compact(session=session) == [broadcast_id]
    before = readings(session, broadcast_id)
    compact(session, broadcast_id, monkeypatch)
    assert session.scalar(select(func.count()).select_from(Delivery)) == 0
    assert session.scalar(select(func.count()).select_from(DeliverySummary)) == 14
    assert readings(session, broadcast_id)[1:] == before[1:]
    counts = readings(session, broadcast_id)[0]
    assert counts == {"sent": 28, "failed": 1, "skipped": 1} == before[0]
    assert broadcasts_to_compact(session=session) == []
    assert DeliveredMessage(3, 7, 307, None) in before[3]


def test_a_correction_reads_ids_while_compaction_runs(session: Session, monkeypatch) -> None:
    broadcast_id = fill(session)
    monkeypatch.setattr(compaction, "PAGE_CHATS", 5)
    start_compaction(session=session, broadcast_id=broadcast_id)
    compact_page(session=session, broadcast_id=broadcast_id)  # half moved, half not
    assert len(readings(session, broadcast_id)[3]) == 12


def test_message_ids_are_dropped_after_the_correction_window(session: Session, monkeypatch) -> None:
    broadcast_id = fill(session)
    compact(session, broadcast_id, monkeypatch)
    finished = session.get(Broadcast, broadcast_id).finished_at
    assert drop_old_message_ids(session=session, now=finished + CORRECTION_WINDOW) == []
    later = finished + CORRECTION_WINDOW + dt.timedelta(minutes=1)
    assert drop_old_message_ids(session=session, now=later) == [broadcast_id]
    assert readings(session, broadcast_id)[3] == []
    assert last_issue_received(session=session, chat_id=1) is not None  # who got it stays
    assert session.get(Broadcast, broadcast_id).ids_dropped_at == later


def test_an_interrupted_compaction_keeps_its_first_count(session: Session, monkeypatch) -> None:
    broadcast_id = fill(session)
    monkeypatch.setattr(compaction, "PAGE_CHATS", 5)
    first = start_compaction(session=session, broadcast_id=broadcast_id)
    compact_page(session=session, broadcast_id=broadcast_id)
    assert start_compaction(session=session, broadcast_id=broadcast_id) == first
    session.execute(update(Broadcast).values(compacted_at=utcnow()))
    assert first == {"0": 8, "1": 8, "2": 8, "7": 4}


def test_whether_anyone_got_a_message_reads_the_ledger_or_the_counts(
    session: Session, monkeypatch
) -> None:
    broadcast_id = fill(session)
    record_deliveries(session=session, rows=[DeliveryRow(broadcast_id, 14, 5, "failed", error="x")])

    def received() -> list[int]:
        return [
            index for index in range(9)
            if message_received(session=session, broadcast_id=broadcast_id, message_index=index)
        ]  # fmt: skip

    assert received() == [0, 1, 2, 7]  # message 5 only failed
    compact(session, broadcast_id, monkeypatch)
    assert received() == [0, 1, 2, 7]
