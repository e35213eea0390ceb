"""Broadcasts: one per issue, their states and counters."""

import pytest
from sqlmodel import Session

from storage.broadcasts import (
    add_broadcast_counts,
    broadcast_for_issue,
    get_broadcast,
    get_or_create_broadcast,
    set_broadcast_status,
    set_progress_message,
    unfinished_broadcasts,
)
from storage.issues import store_issue
from tests.storage.factories import issue


def new_broadcast(session: Session, week: int = 6):
    stored = store_issue(session=session, issue=issue(week))
    broadcast, created = get_or_create_broadcast(
        session=session, issue_id=stored.id, total_messages=4, trigger="schedule"
    )
    assert created
    return broadcast


def test_an_issue_gets_exactly_one_broadcast(session: Session) -> None:
    broadcast = new_broadcast(session)
    session.commit()
    again, created = get_or_create_broadcast(
        session=session, issue_id=broadcast.issue_id, total_messages=9, trigger="admin"
    )
    assert not created
    assert (again.id, again.total_messages, again.trigger) == (broadcast.id, 4, "schedule")
    assert broadcast_for_issue(session=session, issue_id=broadcast.issue_id).id == broadcast.id
    assert (broadcast.status, broadcast.sent, broadcast.progress_message_ids) == (
        "scheduled",
        0,
        {},
    )


def test_unknown_trigger_or_status_is_refused(session: Session) -> None:
    broadcast = new_broadcast(session)
    with pytest.raises(ValueError, match="trigger"):
        get_or_create_broadcast(session=session, issue_id=1, total_messages=1, trigger="cron")
    with pytest.raises(ValueError, match="status"):
        set_broadcast_status(session=session, broadcast_id=broadcast.id, status="exploded")


def test_running_stamps_the_start_once_and_final_states_are_final(session: Session) -> None:
    broadcast = new_broadcast(session)
    assert set_broadcast_status(session=session, broadcast_id=broadcast.id, status="running")
    started = broadcast.started_at
    assert started is not None
    assert set_broadcast_status(session=session, broadcast_id=broadcast.id, status="paused")
    assert set_broadcast_status(session=session, broadcast_id=broadcast.id, status="running")
    assert broadcast.started_at == started
    assert set_broadcast_status(
        session=session, broadcast_id=broadcast.id, status="done", error="2 Fehler"
    )
    assert broadcast.finished_at is not None and broadcast.last_error == "2 Fehler"
    assert not set_broadcast_status(session=session, broadcast_id=broadcast.id, status="running")
    assert get_broadcast(session=session, broadcast_id=broadcast.id).status == "done"
    assert not set_broadcast_status(session=session, broadcast_id=999, status="running")


def test_unfinished_broadcasts_are_those_to_resume(session: Session) -> None:
    done, running, scheduled = (new_broadcast(session, week) for week in (5, 6, 7))
    set_broadcast_status(session=session, broadcast_id=done.id, status="cancelled")
    set_broadcast_status(session=session, broadcast_id=running.id, status="running")
    ids = [b.id for b in unfinished_broadcasts(session=session)]
    assert ids == [running.id, scheduled.id]


def test_counters_add_up_atomically(session: Session) -> None:
    broadcast = new_broadcast(session)
    session.commit()
    add_broadcast_counts(session=session, broadcast_id=broadcast.id, sent=10, blocked=1)
    add_broadcast_counts(session=session, broadcast_id=broadcast.id, sent=5, failed=2)
    session.commit()
    session.expire_all()
    loaded = get_broadcast(session=session, broadcast_id=broadcast.id)
    assert (loaded.sent, loaded.blocked, loaded.failed) == (15, 1, 2)


def test_progress_messages_are_remembered_per_admin_chat(session: Session) -> None:
    broadcast = new_broadcast(session)
    set_progress_message(session=session, broadcast_id=broadcast.id, admin_chat_id=1, message_id=5)
    set_progress_message(session=session, broadcast_id=broadcast.id, admin_chat_id=2, message_id=7)
    session.commit()
    session.expire_all()
    loaded = get_broadcast(session=session, broadcast_id=broadcast.id)
    assert loaded.progress_message_ids == {"1": 5, "2": 7}
