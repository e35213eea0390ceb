"""Earnings for readers: the newest issue's list, one day of it, and when a company reports.

`week_earnings` and `company_earnings` are transactions (call them through `Database.run`);
`on_date` and `on_weekday` filter a list without the database.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlmodel import Session

from bot.library import IssueSummary, summary
from newsletter.model import EarningsRow
from storage.issues import issue_earnings, latest_issue
from storage.search import EarningsHit, earnings_for_company

COMPANY_HITS = 5


class WeekEarnings(NamedTuple):
    """The earnings list of one issue, in the order the issue lists it."""

    issue: IssueSummary
    rows: list[EarningsRow]


def week_earnings(*, session: Session) -> WeekEarnings | None:
    """Return the newest issue's earnings list (possibly empty), or None without issues."""
    record = latest_issue(session=session)
    if record is None:
        return None
    return WeekEarnings(summary(record), issue_earnings(session=session, issue_id=record.id))  # type: ignore[arg-type]


def company_earnings(
    *, session: Session, name: str, limit: int = COMPANY_HITS
) -> list[EarningsHit]:
    """Return when companies called `name` (or starting with it) report, newest issue first."""
    return earnings_for_company(session=session, name=name, limit=limit)


def on_date(rows: list[EarningsRow], day: dt.date) -> list[EarningsRow]:
    """Return the rows of one calendar day."""
    return [row for row in rows if row.date == day]


def on_weekday(rows: list[EarningsRow], weekday: int) -> list[EarningsRow]:
    """Return the rows of one weekday (0 = Monday) of the list's week."""
    return [row for row in rows if row.date.weekday() == weekday]


def by_day(rows: list[EarningsRow]) -> list[tuple[dt.date, list[EarningsRow]]]:
    """Group rows by date, days in calendar order, rows in listed order."""
    days: dict[dt.date, list[EarningsRow]] = {}
    for row in sorted(rows, key=lambda r: r.date):
        days.setdefault(row.date, []).append(row)
    return list(days.items())
