"""The reminder ledger: who is due, claims that only one sender wins, final marks."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from newsletter.model import EarningsRow
from storage.issues import store_issue
from storage.reminders import (
    DueCompany,
    claim_reminder,
    finish_reminder,
    release_reminder,
    reminder_page,
    reminder_status,
)
from storage.subscribers import get_or_create_subscriber, mark_blocked, subscribe, unsubscribe
from storage.tables import ReminderStatus
from storage.watchlist import follow_company
from tests.storage.factories import issue

MONDAY, TUESDAY = dt.date(2025, 2, 3), dt.date(2025, 2, 4)
NOW = dt.datetime(2025, 2, 4, 8, 0, tzinfo=dt.UTC)
STALE = NOW - dt.timedelta(minutes=10)
ROWS = [
    EarningsRow(MONDAY, "Montag", "Palantir", "AMC"),
    EarningsRow(TUESDAY, "Dienstag", "PayPal", "BMO"),
    EarningsRow(TUESDAY, "Dienstag", "AMD", "AMC"),
]


def reader(session: Session, chat_id: int, *names: str, active: bool = True) -> None:
    get_or_create_subscriber(session=session, chat_id=chat_id)
    if active:
        subscribe(session=session, chat_id=chat_id)
    for name in names:
        follow_company(
            session=session, chat_id=chat_id, company=name, folded=name.casefold(), limit=50
        )


def page(session: Session, issue_id: int, **kwargs):
    return reminder_page(
        session=session,
        issue_id=issue_id,
        first_day=kwargs.pop("first_day", TUESDAY),
        last_day=kwargs.pop("last_day", TUESDAY),
        stale_before=kwargs.pop("stale_before", STALE),
        **kwargs,
    )


def test_page_lists_active_readers_whose_companies_report_in_the_window(
    session: Session,
) -> None:
    issue_id = store_issue(session=session, issue=issue(6, 2025, earnings=ROWS)).id
    reader(session, 10, "amd", "paypal", "Palantir")
    reader(session, 11, "Snap")  # not on Tuesday's list
    reader(session, 12, "AMD", active=False)  # never subscribed
    reader(session, 13, "AMD")
    unsubscribe(session=session, chat_id=13)
    reader(session, 14, "AMD")
    mark_blocked(session=session, chat_id=14)
    reader(session, 15, "paypal")
    session.commit()
    found = page(session, issue_id)
    assert [r.chat_id for r in found.readers] == [10, 15]
    assert found.companies == [
        DueCompany(10, TUESDAY, "PayPal", "BMO"),
        DueCompany(10, TUESDAY, "AMD", "AMC"),
        DueCompany(15, TUESDAY, "PayPal", "BMO"),
    ]
    wide = page(session, issue_id, first_day=MONDAY)
    assert DueCompany(10, MONDAY, "Palantir", "AMC") in wide.companies


def test_pages_go_by_chat_id(session: Session) -> None:
    issue_id = store_issue(session=session, issue=issue(6, 2025, earnings=ROWS)).id
    for chat_id in range(20, 25):
        reader(session, chat_id, "AMD")
    session.commit()
    first = page(session, issue_id, limit=2)
    second = page(session, issue_id, limit=2, after_chat=first.readers[-1].chat_id)
    assert [r.chat_id for r in first.readers] == [20, 21]
    assert [r.chat_id for r in second.readers] == [22, 23]
    assert [c.chat_id for c in second.companies] == [22, 23]


def test_a_claimed_or_final_day_is_not_due_again(session: Session) -> None:
    issue_id = store_issue(session=session, issue=issue(6, 2025, earnings=ROWS)).id
    reader(session, 10, "AMD")
    reader(session, 11, "AMD")
    session.commit()
    assert claim_reminder(session=session, chat_id=10, day=TUESDAY, now=NOW, stale_before=STALE)
    assert claim_reminder(session=session, chat_id=11, day=TUESDAY, now=NOW, stale_before=STALE)
    finish_reminder(session=session, chat_id=11, day=TUESDAY, status=ReminderStatus.SENT, now=NOW)
    session.commit()
    assert page(session, issue_id).readers == []
    later = NOW + dt.timedelta(minutes=30)
    stale_page = page(session, issue_id, stale_before=later - dt.timedelta(minutes=10))
    assert [r.chat_id for r in stale_page.readers] == [10]  # a dead sender's claim is due again


def test_only_one_claim_wins_and_a_stale_claim_can_be_taken_over(session: Session) -> None:
    reader(session, 10, "AMD")
    args = {"chat_id": 10, "day": TUESDAY}
    assert claim_reminder(session=session, **args, now=NOW, stale_before=STALE)
    assert not claim_reminder(session=session, **args, now=NOW, stale_before=STALE)
    later = NOW + dt.timedelta(minutes=11)
    assert claim_reminder(
        session=session, **args, now=later, stale_before=later - dt.timedelta(minutes=10)
    )
    finish_reminder(session=session, **args, status=ReminderStatus.SENT, now=later)
    much_later = later + dt.timedelta(days=1)
    assert not claim_reminder(session=session, **args, now=much_later, stale_before=much_later)
    assert reminder_status(session=session, **args) == "sent"


def test_released_claim_can_be_claimed_again_but_final_rows_stay(session: Session) -> None:
    args = {"chat_id": 10, "day": TUESDAY}
    assert claim_reminder(session=session, **args, now=NOW, stale_before=STALE)
    release_reminder(session=session, **args)
    assert reminder_status(session=session, **args) is None
    assert claim_reminder(session=session, **args, now=NOW, stale_before=STALE)
    finish_reminder(session=session, **args, status=ReminderStatus.BLOCKED, now=NOW)
    release_reminder(session=session, **args)  # final rows are never released
    assert reminder_status(session=session, **args) == "blocked"
