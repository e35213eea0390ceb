"""Earnings for readers: the newest issue's list, one day of it, and when a company reports.

`week_earnings`, `company_earnings`, `company_report` and `calendar_rows` are transactions (call
them through `Database.run`); `on_date` and `on_weekday` filter a list without the database.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlmodel import Session

from bot.readers.company_match import fold_company, match_company
from bot.readers.library import IssueSummary, summary
from newsletter.model import EarningsRow
from storage.issues import issue_earnings, latest_issue
from storage.search import EarningsHit, SearchHit, earnings_for_company, search_sections
from storage.watchlist import ListedCompany, listed_companies, watchlist

COMPANY_HITS = 5
MENTIONS = 5  # past issues shown under /earnings <company>
MENTION_SCAN = 50  # sections searched to find them


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


class CompanyReport(NamedTuple):
    """/earnings <company>: when it reports (newest lists first), which of the companies the
    reader follows (folded names), and the past issues that mention it (newest first)."""

    hits: list[EarningsHit]
    followed: frozenset[str]
    mentions: list[SearchHit]


class CalendarRows(NamedTuple):
    """The rows of the newest list to put in a calendar file (one company's, if asked)."""

    issue: IssueSummary
    rows: list[EarningsRow]
    company: str | None


def company_dates(*, session: Session, name: str, limit: int = COMPANY_HITS) -> list[EarningsHit]:
    """`company_earnings`, where a name no list starts with is read as the listed company it
    is a small typo of ("palantier": Palantir)."""
    hits = company_earnings(session=session, name=name, limit=limit)
    if not hits and (match := match_company(name, listed_companies(session=session))):
        hits = company_earnings(session=session, name=match.name, limit=limit)
    return hits


def company_report(*, session: Session, name: str, chat_id: int) -> CompanyReport:
    """Return what /earnings <company> shows (see `CompanyReport`), read as `company_dates`."""
    hits = company_dates(session=session, name=name)
    followed = frozenset(c.folded for c in watchlist(session=session, chat_id=chat_id))
    query = hits[0].company if hits else name
    return CompanyReport(hits, followed, issue_mentions(session=session, query=query))


def issue_mentions(*, session: Session, query: str, limit: int = MENTIONS) -> list[SearchHit]:
    """Return one section per past issue whose text mentions `query` (not the earnings lists
    themselves), newest issue first, at most `limit`."""
    found = search_sections(session=session, query=query, limit=MENTION_SCAN)
    best: dict[int, SearchHit] = {}
    for hit in found:  # best section of each issue first
        if hit.section_kind != "earnings":
            best.setdefault(hit.issue_id, hit)
    newest = sorted(best.values(), key=lambda h: (h.date is not None, h.date, h.issue_id))
    return newest[::-1][:limit]


def calendar_rows(*, session: Session, company: str | None = None) -> CalendarRows | None:
    """Return the newest list's rows (only `company`'s, if given: exact, prefix or a small
    typo; the label is the listed name, or what was typed when it starts several names), or
    None without issues. The rows may be empty."""
    week = week_earnings(session=session)
    if week is None:
        return None
    if company is None or not week.rows:
        return CalendarRows(week.issue, week.rows, None)
    wanted = fold_company(company)
    listed = list({fold_company(r.company): r.company for r in week.rows}.items())
    exact = [r for r in week.rows if fold_company(r.company).startswith(wanted)]
    if exact:
        names = {fold_company(r.company) for r in exact}
        return CalendarRows(week.issue, exact, exact[0].company if len(names) == 1 else company)
    match = match_company(company, [ListedCompany(f, n) for f, n in listed])
    if match is None:
        return CalendarRows(week.issue, [], company)
    rows = [r for r in week.rows if fold_company(r.company) == match.folded]
    return CalendarRows(week.issue, rows, match.name)
