"""The watchlist: the companies each reader follows, and the companies the earnings lists name.

A follow is stored with the name as the reader sees it and its folded form (`storage.folding`),
unique per chat and folded name, so "AMD", "amd" and "Amd" are one follow. The folded form is
what reminders match against `earnings_entry.company_folded`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from storage.db import insert_ignoring_conflicts
from storage.issues import NEWEST_FIRST
from storage.tables import EarningsEntry, IssueRecord, WatchlistEntry, table_of
from storage.tables.timestamps import utcnow


class Followed(StrEnum):
    """What `follow_company` did."""

    ADDED = "added"
    ALREADY = "already"
    FULL = "full"


class ListedCompany(NamedTuple):
    """A company some earnings list named: folded, and as the newest list spells it."""

    folded: str
    name: str


def follow_company(
    *, session: Session, chat_id: int, company: str, folded: str, limit: int
) -> Followed:
    """Add `company` to the chat's watchlist unless it is there or the list has `limit` names."""
    if followed_name(session=session, chat_id=chat_id, folded=folded) is not None:
        return Followed.ALREADY
    if watchlist_size(session=session, chat_id=chat_id) >= limit:
        return Followed.FULL
    table = table_of(WatchlistEntry)
    values = {"chat_id": chat_id, "company": company, "company_folded": folded}
    session.execute(insert_ignoring_conflicts(session, table).values(**values, created_at=utcnow()))
    return Followed.ADDED


def unfollow_company(*, session: Session, chat_id: int, folded: str) -> str | None:
    """Remove the follow of `folded`; return the name it had, None when it was not followed."""
    name = followed_name(session=session, chat_id=chat_id, folded=folded)
    if name is not None:
        session.execute(
            delete(WatchlistEntry).where(
                col(WatchlistEntry.chat_id) == chat_id, col(WatchlistEntry.company_folded) == folded
            )
        )
    return name


def followed_name(*, session: Session, chat_id: int, folded: str) -> str | None:
    """Return the name under which the chat follows `folded`, or None."""
    return session.scalar(
        select(col(WatchlistEntry.company)).where(
            col(WatchlistEntry.chat_id) == chat_id, col(WatchlistEntry.company_folded) == folded
        )
    )


def watchlist(*, session: Session, chat_id: int) -> list[ListedCompany]:
    """Return the chat's follows (folded, name), alphabetically."""
    query = (
        select(col(WatchlistEntry.company_folded), col(WatchlistEntry.company))
        .where(col(WatchlistEntry.chat_id) == chat_id)
        .order_by(col(WatchlistEntry.company_folded))
    )
    return [ListedCompany(folded, name) for folded, name in session.execute(query).all()]


def watchlist_size(*, session: Session, chat_id: int) -> int:
    """Return how many companies the chat follows."""
    query = select(func.count()).where(col(WatchlistEntry.chat_id) == chat_id)
    return session.scalar(query) or 0


def delete_watchlist(*, session: Session, chat_id: int) -> None:
    """Forget every follow of the chat."""
    session.execute(delete(WatchlistEntry).where(col(WatchlistEntry.chat_id) == chat_id))


def listed_companies(*, session: Session) -> list[ListedCompany]:
    """Return every company any earnings list named, once each, newest lists first."""
    query = (
        select(col(EarningsEntry.company_folded), col(EarningsEntry.company))
        .join(IssueRecord, col(IssueRecord.id) == EarningsEntry.issue_id)
        .order_by(*NEWEST_FIRST, col(EarningsEntry.position))
    )
    seen: dict[str, str] = {}
    for folded, name in session.execute(query).all():
        seen.setdefault(folded, name)
    return [ListedCompany(folded, name) for folded, name in seen.items()]


def listed_company(*, session: Session, entry_id: int) -> ListedCompany | None:
    """Return the company of earnings row `entry_id` (a button's target), or None if gone."""
    entry = session.get(EarningsEntry, entry_id)
    return None if entry is None else ListedCompany(entry.company_folded, entry.company)
