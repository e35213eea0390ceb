"""The broadcast lease (owner + heartbeat), pause/resume for every process, and the queries the
broadcaster adds: the newest issue by ingest time, the latest broadcast, chats still waiting."""

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session

from storage.audiences import still_pending
from storage.broadcast_leases import (
    broadcast_lease,
    claim_broadcast,
    heartbeat_broadcast,
    pause_or_resume,
    release_broadcast,
    set_recipients,
)
from storage.broadcasts import (
    get_broadcast,
    get_or_create_broadcast,
    latest_broadcast,
    newest_issue,
    set_broadcast_status,
)
from storage.deliveries import DeliveryRow, record_deliveries
from storage.issues import store_issue
from storage.tables import IssueRecord
from storage.tables.timestamps import utcnow
from tests.storage.factories import issue
from tests.storage.test_deliveries import add_subscribers

NOW = utcnow()
STALE = NOW - dt.timedelta(seconds=30)


def new_broadcast(session: Session, week: int = 6) -> int:
    stored = store_issue(session=session, issue=issue(week))
    broadcast, _ = get_or_create_broadcast(
        session=session, issue_id=stored.id, total_messages=4, trigger="schedule"
    )
    session.commit()
    return broadcast.id


def test_only_one_owner_can_claim_a_free_broadcast(session: Session) -> None:
    broadcast_id = new_broadcast(session)
    assert claim_broadcast(
        session=session, broadcast_id=broadcast_id, owner="a", stale_before=STALE
    )
    assert not claim_broadcast(
        session=session, broadcast_id=broadcast_id, owner="b", stale_before=STALE
    )
    assert claim_broadcast(
        session=session, broadcast_id=broadcast_id, owner="a", stale_before=STALE
    )
    assert broadcast_lease(session=session, broadcast_id=broadcast_id).owner == "a"


def test_a_stale_or_dead_owner_can_be_taken_over(session: Session) -> None:
    broadcast_id = new_broadcast(session)
    claim_broadcast(session=session, broadcast_id=broadcast_id, owner="a", stale_before=STALE)
    assert claim_broadcast(
        session=session, broadcast_id=broadcast_id, owner="b", stale_before=STALE, take_from="a"
    )
    later = utcnow() + dt.timedelta(minutes=1)  # b's heartbeat is older than this
    assert claim_broadcast(
        session=session, broadcast_id=broadcast_id, owner="c", stale_before=later
    )


def test_heartbeat_reports_the_status_and_notices_a_lost_lease(session: Session) -> None:
    broadcast_id = new_broadcast(session)
    claim_broadcast(session=session, broadcast_id=broadcast_id, owner="a", stale_before=STALE)
    assert heartbeat_broadcast(session=session, broadcast_id=broadcast_id, owner="a") == "scheduled"
    assert pause_or_resume(session=session, broadcast_id=broadcast_id, pause=True)
    assert heartbeat_broadcast(session=session, broadcast_id=broadcast_id, owner="a") == "paused"
    assert heartbeat_broadcast(session=session, broadcast_id=broadcast_id, owner="b") is None


def test_released_broadcasts_are_free_and_finished_ones_cannot_be_claimed(
    session: Session,
) -> None:
    broadcast_id = new_broadcast(session)
    claim_broadcast(session=session, broadcast_id=broadcast_id, owner="a", stale_before=STALE)
    assert release_broadcast(session=session, broadcast_id=broadcast_id, owner="a")
    assert not release_broadcast(session=session, broadcast_id=broadcast_id, owner="a")
    assert broadcast_lease(session=session, broadcast_id=broadcast_id).owner is None
    set_broadcast_status(session=session, broadcast_id=broadcast_id, status="done")
    assert not claim_broadcast(
        session=session, broadcast_id=broadcast_id, owner="b", stale_before=STALE
    )


def test_pause_and_resume_only_move_between_running_and_paused(session: Session) -> None:
    broadcast_id = new_broadcast(session)
    assert not pause_or_resume(session=session, broadcast_id=broadcast_id, pause=False)
    assert pause_or_resume(session=session, broadcast_id=broadcast_id, pause=True)
    assert not pause_or_resume(session=session, broadcast_id=broadcast_id, pause=True)
    assert pause_or_resume(session=session, broadcast_id=broadcast_id, pause=False)
    assert get_broadcast(session=session, broadcast_id=broadcast_id).status == "running"


def test_recipients_are_noted_once(session: Session) -> None:
    broadcast_id = new_broadcast(session)
    set_recipients(session=session, broadcast_id=broadcast_id, recipients=17_700)
    set_recipients(session=session, broadcast_id=broadcast_id, recipients=5)
    assert get_broadcast(session=session, broadcast_id=broadcast_id).recipients == 17_700


def test_newest_issue_can_be_limited_to_what_was_ingested_by_a_time(session: Session) -> None:
    now = utcnow()  # not the module's NOW: the test may run minutes after the import
    older = store_issue(session=session, issue=issue(5))
    newer = store_issue(session=session, issue=issue(6))
    session.execute(
        update(IssueRecord)
        .where(IssueRecord.id == newer.id)
        .values(ingested_at=now + dt.timedelta(hours=1))
    )
    assert newest_issue(session=session).id == newer.id
    assert newest_issue(session=session, ingested_before=now + dt.timedelta(minutes=1)).id == (
        older.id
    )
    assert newest_issue(session=session, ingested_before=now - dt.timedelta(days=1)) is None


def test_latest_broadcast_is_the_last_created(session: Session) -> None:
    assert latest_broadcast(session=session) is None
    new_broadcast(session, 5)
    second = new_broadcast(session, 6)
    assert latest_broadcast(session=session).id == second


def test_still_pending_filters_chats_like_pending_chats(session: Session) -> None:
    broadcast_id = new_broadcast(session)
    add_subscribers(session, [1, 2, 3, 4])
    add_subscribers(session, [5], status="blocked")
    rows = [DeliveryRow(broadcast_id, c, 0, "sent") for c in (1, 2, 3, 5)]
    rows.append(DeliveryRow(broadcast_id, 2, 1, "sent"))
    record_deliveries(session=session, rows=rows)
    waiting = still_pending(
        session=session,
        broadcast_id=broadcast_id,
        message_index=1,
        previous_index=0,
        chat_ids=[5, 4, 3, 2, 1, 1],
    )
    assert waiting == [1, 3]
    assert (
        still_pending(session=session, broadcast_id=broadcast_id, message_index=1, chat_ids=[])
        == []
    )
