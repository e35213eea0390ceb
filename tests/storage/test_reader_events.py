"""The readers' history: every status change of a reader leaves one event, with the last issue
received when they leave; counted in weeks and per issue; moved and erased with the chat."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.broadcast.ledger import LedgerEntry, commit_entries
from storage.broadcasts import get_or_create_broadcast, recent_broadcasts, set_broadcast_status
from storage.chats import delete_chat_data, migrate_chat
from storage.deliveries import DeliveryRow, last_issue_received, record_deliveries
from storage.issues import store_issue
from storage.reader_events import (
    count_events,
    first_event_at,
    leaves_after_issue,
    record_reader_event,
    weekly_event_counts,
)
from storage.referrals import count_referrals, credit_referral
from storage.subscribers import (
    count_by_status,
    get_or_create_subscriber,
    mark_blocked,
    subscribe,
    unsubscribe,
)
from storage.tables import IssueRecord, ReaderEvent, Referral
from tests.storage.factories import issue

T0 = dt.datetime(2025, 2, 3, 6, 0, tzinfo=dt.UTC)


def events(session: Session, chat_id: int | None = None) -> list[tuple[int, str, int | None]]:
    query = select(ReaderEvent.chat_id, ReaderEvent.kind, ReaderEvent.last_issue_id)
    if chat_id is not None:
        query = query.where(ReaderEvent.chat_id == chat_id)
    return [tuple(row) for row in session.execute(query.order_by(ReaderEvent.id))]


def broadcast_of(session: Session, week: int) -> tuple[int, int]:
    """Store issue KW`week` and create its broadcast; return (issue id, broadcast id)."""
    issue_id = store_issue(session=session, issue=issue(week)).id
    broadcast, _ = get_or_create_broadcast(
        session=session, issue_id=issue_id, total_messages=3, trigger="cli"
    )
    return issue_id, broadcast.id


def deliver(session: Session, broadcast_id: int, chat_id: int, status: str = "sent") -> None:
    record_deliveries(session=session, rows=[DeliveryRow(broadcast_id, chat_id, 0, status)])


def test_a_readers_life_is_recorded_with_the_last_issue_on_leaving(session: Session) -> None:
    kw6, b6 = broadcast_of(session, 6)
    kw7, b7 = broadcast_of(session, 7)
    subscribe(session=session, chat_id=1)
    deliver(session, b6, 1)
    unsubscribe(session=session, chat_id=1)
    subscribe(session=session, chat_id=1)
    deliver(session, b7, 1)
    deliver(session, b6, 1, "failed")
    mark_blocked(session=session, chat_id=1)
    assert events(session) == [
        (1, "joined", None),
        (1, "unsubscribed", kw6),
        (1, "returned", None),
        (1, "blocked", kw7),
    ]


def test_repeated_commands_and_changes_of_non_readers_record_nothing(session: Session) -> None:
    get_or_create_subscriber(session=session, chat_id=2)
    unsubscribe(session=session, chat_id=2)  # never subscribed
    mark_blocked(session=session, chat_id=2)  # a `new` chat blocks the bot: no reader left
    subscribe(session=session, chat_id=3)
    subscribe(session=session, chat_id=3)
    unsubscribe(session=session, chat_id=3)
    unsubscribe(session=session, chat_id=3)
    mark_blocked(session=session, chat_id=3)  # a former reader blocks it later
    assert events(session) == [(3, "joined", None), (3, "unsubscribed", None)]


def test_a_reader_the_broadcast_finds_blocked_leaves_with_the_issue_before(
    session: Session,
) -> None:
    kw6, b6 = broadcast_of(session, 6)
    _, b7 = broadcast_of(session, 7)
    subscribe(session=session, chat_id=4)
    deliver(session, b6, 4)
    skipped = DeliveryRow(b7, 4, 0, "skipped", error="Forbidden: bot was blocked by the user")
    commit_entries(session=session, broadcast_id=b7, entries=[LedgerEntry(skipped, (4,))])
    assert events(session, 4) == [(4, "joined", None), (4, "blocked", kw6)]


def test_last_issue_received_is_the_newest_sent_message(session: Session) -> None:
    kw6, b6 = broadcast_of(session, 6)
    kw7, b7 = broadcast_of(session, 7)
    assert last_issue_received(session=session, chat_id=5) is None
    deliver(session, b7, 5, "skipped")
    deliver(session, b6, 5)
    assert last_issue_received(session=session, chat_id=5) == kw6
    deliver(session, b7, 6)
    assert last_issue_received(session=session, chat_id=6) == kw7


def test_events_are_counted_per_week_interval_and_kind(session: Session) -> None:
    for chat_id, kind, hours in [
        (1, "joined", -1), (2, "joined", 0), (3, "returned", 30), (2, "unsubscribed", 24 * 7),
        (4, "blocked", 24 * 7 + 5), (5, "joined", 24 * 14),
    ]:  # fmt: skip
        record_reader_event(
            session=session, chat_id=chat_id, kind=kind, at=T0 + dt.timedelta(hours=hours)
        )
    week = dt.timedelta(days=7)
    counts = weekly_event_counts(session=session, bounds=[T0, T0 + week, T0 + 2 * week])
    assert [{k: v for k, v in c.items() if v} for c in counts] == [
        {"joined": 1, "returned": 1},
        {"unsubscribed": 1, "blocked": 1},
    ]
    assert count_events(session=session, since=T0 - week, until=T0)["joined"] == 1
    assert first_event_at(session=session) == T0 - dt.timedelta(hours=1)
    with pytest.raises(ValueError, match="unknown reader event"):
        record_reader_event(session=session, chat_id=1, kind="left", at=T0)


def test_leaves_after_an_issue_count_only_its_readers_within_the_windows(
    session: Session,
) -> None:
    kw6, _ = broadcast_of(session, 6)
    kw7, _ = broadcast_of(session, 7)
    day = dt.timedelta(days=1)
    for chat_id, kind, last, at in [
        (1, "unsubscribed", kw6, T0 + day),
        (2, "blocked", kw6, T0 + 6 * day),
        (3, "unsubscribed", kw6, T0 + 9 * day),  # after the window
        (4, "blocked", kw7, T0 + 2 * day),  # another issue's reader
        (5, "joined", None, T0 + day),
        (6, "blocked", kw6, T0 + 20 * day),  # found by the next broadcast
    ]:
        record_reader_event(session=session, chat_id=chat_id, kind=kind, at=at, last_issue_id=last)
    windows = [(T0, T0 + 7 * day), (T0 + 20 * day, T0 + 21 * day)]
    assert leaves_after_issue(session=session, issue_id=kw6, windows=windows) == {
        "blocked": 2,
        "unsubscribed": 1,
    }
    assert leaves_after_issue(session=session, issue_id=kw6, windows=[]) == {
        "blocked": 0,
        "unsubscribed": 0,
    }


def test_a_moved_chat_keeps_its_history_and_a_deleted_one_loses_it(session: Session) -> None:
    subscribe(session=session, chat_id=-42)
    subscribe(session=session, chat_id=8)
    migrate_chat(session=session, old_id=-42, new_id=-10042)
    assert events(session, -10042) == [(-10042, "joined", None)]
    assert delete_chat_data(session=session, chat_id=-10042)
    assert events(session) == [(8, "joined", None)]


def test_a_deleted_issue_leaves_the_event_without_its_issue(session: Session) -> None:
    kw6, b6 = broadcast_of(session, 6)
    subscribe(session=session, chat_id=9)
    deliver(session, b6, 9)
    unsubscribe(session=session, chat_id=9)
    session.commit()
    session.delete(session.get(IssueRecord, kw6))
    session.commit()
    session.expire_all()
    assert events(session, 9)[-1] == (9, "unsubscribed", None)


def test_status_counts_referrals_since_and_recent_broadcasts(session: Session) -> None:
    inviter, _ = get_or_create_subscriber(session=session, chat_id=10)
    get_or_create_subscriber(session=session, chat_id=11, referral_code=inviter.referral_code)
    subscribe(session=session, chat_id=11)
    credit_referral(session=session, chat_id=11)
    session.add(Referral(referred_chat_id=12, referrer_chat_id=10, created_at=T0))
    assert count_by_status(session=session) == {
        "new": 1, "active": 1, "unsubscribed": 0, "blocked": 0,
    }  # fmt: skip
    assert count_referrals(session=session) == 2
    assert count_referrals(session=session, since=T0 + dt.timedelta(days=1)) == 1

    kw6, b6 = broadcast_of(session, 6)
    _, b7 = broadcast_of(session, 7)
    broadcast_of(session, 8)  # never started: not listed
    for broadcast_id in (b6, b7):
        set_broadcast_status(session=session, broadcast_id=broadcast_id, status="running")
    listed = recent_broadcasts(session=session, limit=5)
    assert [(b.id, i.week) for b, i in listed] == [(b7, 7), (b6, 6)]
    assert recent_broadcasts(session=session, limit=1)[0][1].id != kw6
