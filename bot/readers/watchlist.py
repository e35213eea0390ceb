"""A reader's watchlist: following and unfollowing companies, and what the list looks like.

A typed name is matched against every company any earnings list named (`bot.readers.company_match`):
"palantier" follows Palantir. A name no list knows is followed as written, so the reminder
comes once a list names it. At most `MAX_FOLLOWS` companies per reader.

Each function is one transaction: call it through `Database.run`.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlmodel import Session

from bot.readers.company_match import fold_company, match_company
from bot.readers.earnings import week_earnings
from bot.readers.library import IssueSummary
from newsletter.model import EarningsRow
from storage.subscribers import get_subscriber
from storage.tables import SubscriberStatus
from storage.watchlist import Followed as Followed  # handed to the handlers
from storage.watchlist import (
    ListedCompany,
    follow_company,
    followed_name,
    listed_companies,
    listed_company,
    unfollow_company,
    watchlist,
)

MAX_FOLLOWS = 50


class FollowResult(NamedTuple):
    """What /follow did: the outcome, the name now followed (as listed, else as typed), whether
    a list knows it, whether it was corrected from what the reader typed, whether the reader
    gets reminders (is subscribed), and its rows in the newest list."""

    outcome: Followed
    company: str
    listed: bool
    corrected: bool
    reminded: bool
    this_week: list[EarningsRow]


class WatchedCompany(NamedTuple):
    """A followed company and its rows in the newest list (empty if it is not on it)."""

    name: str
    this_week: list[EarningsRow]


class Watchlist(NamedTuple):
    """The reader's follows (alphabetically), the newest issue, and whether they get reminders."""

    companies: list[WatchedCompany]
    issue: IssueSummary | None
    reminded: bool


def follow(*, session: Session, chat_id: int, name: str) -> FollowResult:
    """Follow the listed company `name` means, else `name` as written."""
    match = match_company(name, listed_companies(session=session))
    company = match or ListedCompany(fold_company(name), name)
    result = _follow(session, chat_id, company, listed=match is not None)
    corrected = match is not None and fold_company(name) != fold_company(match.name)
    return result._replace(corrected=corrected)


def follow_listed(*, session: Session, chat_id: int, entry_id: int) -> FollowResult | None:
    """Follow the company of earnings row `entry_id` (a button); None when the row is gone."""
    company = listed_company(session=session, entry_id=entry_id)
    return None if company is None else _follow(session, chat_id, company, listed=True)


def unfollow(*, session: Session, chat_id: int, name: str) -> str | None:
    """Stop following what `name` means among the reader's follows; return the name removed,
    None when the reader follows nothing like it."""
    match = match_company(name, watchlist(session=session, chat_id=chat_id))
    if match is None:
        return None
    return unfollow_company(session=session, chat_id=chat_id, folded=match.folded)


def unfollow_listed(*, session: Session, chat_id: int, entry_id: int) -> str | None:
    """Stop following the company of earnings row `entry_id`; return its name (None: gone)."""
    company = listed_company(session=session, entry_id=entry_id)
    if company is None:
        return None
    unfollow_company(session=session, chat_id=chat_id, folded=company.folded)
    return company.name


def reader_watchlist(*, session: Session, chat_id: int) -> Watchlist:
    """Return the reader's follows with this week's dates (see `Watchlist`)."""
    week = week_earnings(session=session)
    rows = week.rows if week is not None else []
    companies = [
        WatchedCompany(c.name, _rows_of(rows, c.folded))
        for c in watchlist(session=session, chat_id=chat_id)
    ]
    issue = week.issue if week is not None else None
    return Watchlist(companies, issue, _reminded(session, chat_id))


def _follow(
    session: Session, chat_id: int, company: ListedCompany, *, listed: bool
) -> FollowResult:
    outcome = follow_company(
        session=session,
        chat_id=chat_id,
        company=company.name,
        folded=company.folded,
        limit=MAX_FOLLOWS,
    )
    name = company.name
    if outcome is Followed.ALREADY:  # as the reader followed it then
        name = followed_name(session=session, chat_id=chat_id, folded=company.folded) or name
    week = week_earnings(session=session)
    this_week = _rows_of(week.rows, company.folded) if week is not None else []
    reminded = _reminded(session, chat_id)
    return FollowResult(outcome, name, listed, False, reminded, this_week)


def _rows_of(rows: list[EarningsRow], folded: str) -> list[EarningsRow]:
    return [row for row in rows if fold_company(row.company) == fold_company(folded)]


def _reminded(session: Session, chat_id: int) -> bool:
    subscriber = get_subscriber(session=session, chat_id=chat_id)
    return subscriber is not None and subscriber.status == SubscriberStatus.ACTIVE
