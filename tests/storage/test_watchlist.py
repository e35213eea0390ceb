"""The watchlist: follows per chat, the limit, and the companies the lists name."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import Session

from newsletter.model import EarningsRow
from storage.chats import delete_chat_data
from storage.issues import store_issue
from storage.reminders import claim_reminder, reminder_status
from storage.subscribers import get_or_create_subscriber
from storage.tables import EarningsEntry
from storage.watchlist import (
    Followed,
    ListedCompany,
    follow_company,
    followed_name,
    listed_companies,
    listed_company,
    unfollow_company,
    watchlist,
    watchlist_size,
)
from tests.storage.factories import issue

NOW = dt.datetime(2025, 2, 4, 8, 0, tzinfo=dt.UTC)


def follow(session: Session, chat_id: int, name: str, limit: int = 50) -> Followed:
    return follow_company(
        session=session, chat_id=chat_id, company=name, folded=name.casefold(), limit=limit
    )


def test_follow_is_once_per_folded_name_and_per_chat(session: Session) -> None:
    assert follow(session, 1, "AMD") is Followed.ADDED
    assert follow(session, 1, "amd") is Followed.ALREADY
    assert follow(session, 2, "Amd") is Followed.ADDED
    session.commit()
    assert watchlist(session=session, chat_id=1) == [ListedCompany("amd", "AMD")]
    assert followed_name(session=session, chat_id=2, folded="amd") == "Amd"


def test_follow_stops_at_the_limit(session: Session) -> None:
    for name in ("A", "B", "C"):
        assert follow(session, 1, name, limit=3) is Followed.ADDED
    assert follow(session, 1, "D", limit=3) is Followed.FULL
    assert follow(session, 1, "a", limit=3) is Followed.ALREADY  # already followed wins
    assert watchlist_size(session=session, chat_id=1) == 3


def test_watchlist_is_alphabetical(session: Session) -> None:
    for name in ("Snap", "AMD", "Palantir"):
        follow(session, 1, name)
    assert [c.name for c in watchlist(session=session, chat_id=1)] == ["AMD", "Palantir", "Snap"]


def test_unfollow_returns_the_name_or_none(session: Session) -> None:
    follow(session, 1, "Palantir")
    assert unfollow_company(session=session, chat_id=1, folded="palantir") == "Palantir"
    assert unfollow_company(session=session, chat_id=1, folded="palantir") is None
    assert watchlist(session=session, chat_id=1) == []


def test_listed_companies_are_distinct_and_spelt_as_the_newest_list_does(
    session: Session,
) -> None:
    old = [EarningsRow(dt.date(2024, 11, 4), "Montag", "amazon", "AMC")]
    store_issue(session=session, issue=issue(45, 2024, earnings=old))
    store_issue(session=session, issue=issue(6, 2025))  # Palantir, Alphabet, Amazon
    session.commit()
    found = listed_companies(session=session)
    assert found == [
        ListedCompany("palantir", "Palantir"),
        ListedCompany("alphabet", "Alphabet"),
        ListedCompany("amazon", "Amazon"),
    ]


def test_listed_company_of_an_earnings_row(session: Session) -> None:
    store_issue(session=session, issue=issue(6, 2025))
    session.commit()
    entry_id = session.scalars(select(EarningsEntry.id).order_by(EarningsEntry.position)).first()
    assert listed_company(session=session, entry_id=entry_id) == ListedCompany(
        "palantir", "Palantir"
    )
    assert listed_company(session=session, entry_id=999_999) is None


def test_deleting_a_chat_erases_its_watchlist_and_reminders(session: Session) -> None:
    get_or_create_subscriber(session=session, chat_id=1)
    follow(session, 1, "AMD")
    follow(session, 2, "AMD")
    day = dt.date(2025, 2, 4)
    for chat_id in (1, 2):
        claim_reminder(session=session, chat_id=chat_id, day=day, now=NOW, stale_before=NOW)
    session.commit()
    delete_chat_data(session=session, chat_id=1)
    session.commit()
    assert watchlist(session=session, chat_id=1) == []
    assert reminder_status(session=session, chat_id=1, day=day) is None
    assert watchlist_size(session=session, chat_id=2) == 1
    assert reminder_status(session=session, chat_id=2, day=day) == "claimed"
