"""Corrections: one unfinished per broadcast, their ledger, completing them, the delivered
messages they edit, and the snapshot migration 0005 gives existing broadcasts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from newsletter.snapshot import issue_from_dict
from storage.broadcasts import get_broadcast, get_or_create_broadcast, set_broadcast_status
from storage.corrections import (
    EditRow,
    edited_chats,
    finish_correction,
    open_correction,
    open_correction_of,
    record_edits,
    start_correction,
    unfinished_corrections,
)
from storage.db import make_engine, migrate, session_scope
from storage.deliveries import DeliveredMessage, DeliveryRow, delivered_messages, record_deliveries
from storage.issues import load_issue, store_issue
from storage.leases import claim_lease
from storage.tables import Correction
from storage.tables.timestamps import utcnow
from tests.storage.factories import issue
from tests.storage.old_schema import store_as_of_old


def sent_broadcast(session: Session):
    stored = store_issue(session=session, issue=issue())
    broadcast, _ = get_or_create_broadcast(
        session=session,
        issue_id=stored.id,
        total_messages=4,
        trigger="cli",
        snapshot=issue().to_dict(),
    )
    set_broadcast_status(session=session, broadcast_id=broadcast.id, status="done")
    return broadcast


def test_a_broadcast_has_one_unfinished_correction(session: Session) -> None:
    broadcast = sent_broadcast(session)
    first, created = open_correction(
        session=session, broadcast=broadcast, target={"v": 1}, target_hash="a" * 64
    )
    second, created_again = open_correction(
        session=session, broadcast=broadcast, target={"v": 2}, target_hash="b" * 64
    )
    assert created and not created_again
    assert second.id == first.id and second.target == {"v": 1}
    assert open_correction_of(session=session, broadcast_id=broadcast.id).id == first.id
    assert [c.id for c in unfinished_corrections(session=session)] == [first.id]


def test_finishing_frees_the_broadcast_and_replaces_its_snapshot(session: Session) -> None:
    broadcast = sent_broadcast(session)
    correction, _ = open_correction(
        session=session, broadcast=broadcast, target={"v": 1}, target_hash="a" * 64
    )
    assert claim_lease(
        session=session, model=Correction, row_id=correction.id, owner="me", stale_before=utcnow()
    )
    start_correction(session=session, correction_id=correction.id, expected=10)
    assert finish_correction(session=session, correction_id=correction.id, owner="other") is None
    done = finish_correction(session=session, correction_id=correction.id, owner="me")
    assert (done.status, done.open_for, done.expected) == ("done", None, 10)
    assert done.started_at is not None and done.finished_at is not None
    session.expire_all()
    assert get_broadcast(session=session, broadcast_id=broadcast.id).snapshot == {"v": 1}
    assert unfinished_corrections(session=session) == []
    again, created = open_correction(
        session=session, broadcast=broadcast, target={"v": 2}, target_hash="b" * 64
    )
    assert created and again.id != correction.id


def test_edit_rows_are_written_once_and_counted(session: Session) -> None:
    broadcast = sent_broadcast(session)
    correction, _ = open_correction(
        session=session, broadcast=broadcast, target={}, target_hash="a" * 64
    )
    rows = [
        EditRow(correction.id, 1, 0, "edited"),
        EditRow(correction.id, 2, 0, "unchanged"),
        EditRow(correction.id, 3, 0, "skipped", "Bad Request: message to edit not found " * 9),
    ]
    assert record_edits(session=session, rows=rows) == {"edited": 1, "unchanged": 1, "skipped": 1}
    assert record_edits(session=session, rows=rows[:2]) == {}  # a resumed run re-records
    session.expire_all()
    stored = session.get(Correction, correction.id)
    assert (stored.edited, stored.unchanged, stored.skipped, stored.failed) == (1, 1, 1, 0)
    done = edited_chats(
        session=session, correction_id=correction.id, message_index=0, chat_ids=[2, 3, 4]
    )
    assert done == {2, 3}


def test_delivered_messages_come_in_pages_of_whole_chats(session: Session) -> None:
    broadcast = sent_broadcast(session)
    rows = [
        DeliveryRow(broadcast.id, c, i, "sent", 100 * c + i) for c in (5, 6, 7) for i in (0, 1, 2)
    ]
    rows += [DeliveryRow(broadcast.id, 8, 1, "skipped"), DeliveryRow(broadcast.id, 9, 1, "sent")]
    record_deliveries(session=session, rows=rows)
    first = delivered_messages(
        session=session, broadcast_id=broadcast.id, message_indexes=[2, 1], limit=2
    )
    assert first == [
        DeliveredMessage(5, 1, 501), DeliveredMessage(5, 2, 502),
        DeliveredMessage(6, 1, 601), DeliveredMessage(6, 2, 602),
    ]  # fmt: skip
    rest = delivered_messages(
        session=session, broadcast_id=broadcast.id, message_indexes=[1, 2], after_chat_id=6, limit=2
    )
    assert rest == [
        DeliveredMessage(7, 1, 701),
        DeliveredMessage(7, 2, 702),
        DeliveredMessage(9, 1, None),
    ]
    assert (
        delivered_messages(
            session=session, broadcast_id=broadcast.id, message_indexes=[1], after_chat_id=9
        )
        == []
    )
    assert delivered_messages(session=session, broadcast_id=broadcast.id, message_indexes=[]) == []


def test_migration_gives_existing_broadcasts_their_issue_as_snapshot(tmp_path: Path) -> None:
    engine: Engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0004")  # the revision before the snapshot
    with session_scope(engine) as session:
        stored_id = store_as_of_old(session, issue())
        session.execute(
            Correction.metadata.tables["broadcast"]
            .insert()
            .values(
                issue_id=stored_id, status="done", trigger="cli", total_messages=4, sent=0,
                blocked=0, failed=0, progress_message_ids={}, created_at=utcnow(),
            )
        )  # fmt: skip
    migrate(engine)
    with session_scope(engine) as session:
        broadcast = session.execute(Correction.metadata.tables["broadcast"].select()).one()
        assert issue_from_dict(broadcast.snapshot) == load_issue(
            session=session, issue_id=stored_id
        )
    engine.dispose()


def test_deleting_a_chat_erases_its_correction_rows(session: Session) -> None:
    from storage.chats import delete_chat_data

    broadcast = sent_broadcast(session)
    correction, _ = open_correction(
        session=session, broadcast=broadcast, target={}, target_hash="a" * 64
    )
    rows = [EditRow(correction.id, chat, 0, "edited") for chat in (1, 2)]
    record_edits(session=session, rows=rows)
    delete_chat_data(session=session, chat_id=1)
    found = edited_chats(
        session=session, correction_id=correction.id, message_index=0, chat_ids=[1, 2]
    )
    assert found == {2}
