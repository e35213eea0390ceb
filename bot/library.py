"""The reader's view of stored issues: the newest one, one by week or id, pages of the archive.

Each function is one transaction (call it through `Database.run`) and returns plain values, so
nothing lazy is touched after the session is gone.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlmodel import Session

from bot.localized import localized_issue_messages
from newsletter.model import Message
from storage.issues import find_issue, get_issue, latest_issue, list_issues
from storage.tables import IssueRecord

ARCHIVE_PAGE_SIZE = 10


class IssueSummary(NamedTuple):
    """What the archive shows of an issue."""

    id: int
    week: int | None
    year: int | None
    date: dt.date | None
    title: str
    url: str | None = None


class IssueContent(NamedTuple):
    """An issue (or one of its sections) ready to send: the stored messages, in order."""

    issue: IssueSummary
    messages: list[Message]


class ArchivePage(NamedTuple):
    """One page of the archive (0-based `page` of `pages`), newest issue first."""

    issues: list[IssueSummary]
    page: int
    pages: int
    total: int


def summary(record: IssueRecord) -> IssueSummary:
    """Return the plain summary of a stored issue."""
    assert record.id is not None
    return IssueSummary(record.id, record.week, record.year, record.date, record.title, record.url)


def latest_content(*, session: Session, zone: dt.tzinfo | None = None) -> IssueContent | None:
    """Return the newest issue with all its messages, or None when there is none.

    With `zone`, every function here gives the earnings section with clock times in it."""
    record = latest_issue(session=session)
    return None if record is None else _content(session, record, zone=zone)


def issue_content(
    *,
    session: Session,
    issue_id: int,
    section: int | None = None,
    zone: dt.tzinfo | None = None,
) -> IssueContent | None:
    """Return issue `issue_id` (only section position `section`, if given), or None if gone."""
    record = get_issue(session=session, issue_id=issue_id)
    if record is None:
        return None
    content = _content(session, record, section, zone)
    return content if content.messages else None


def week_content(
    *, session: Session, week: int, year: int | None = None, zone: dt.tzinfo | None = None
) -> IssueContent | None:
    """Return the issue of calendar week `week` (of `year`, else the newest such), or None."""
    record = find_issue(session=session, week=week, year=year)
    return None if record is None else _content(session, record, zone=zone)


def archive_page(*, session: Session, page: int, per_page: int = ARCHIVE_PAGE_SIZE) -> ArchivePage:
    """Return page `page` (clamped to the pages there are) of the archive."""
    page = max(page, 0)
    found = list_issues(session=session, offset=page * per_page, limit=per_page)
    pages = max(1, -(-found.total // per_page))
    if page >= pages:  # an old button, from before issues were removed
        page = pages - 1
        found = list_issues(session=session, offset=page * per_page, limit=per_page)
    return ArchivePage([summary(r) for r in found.issues], page, pages, found.total)


def _content(
    session: Session,
    record: IssueRecord,
    section: int | None = None,
    zone: dt.tzinfo | None = None,
) -> IssueContent:
    stored = localized_issue_messages(session=session, issue_id=record.id, zone=zone)  # type: ignore[arg-type]
    messages = [m.message for m in stored if section is None or m.section_position == section]
    return IssueContent(summary(record), messages)
