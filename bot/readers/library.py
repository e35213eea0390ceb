"""The reader's view of stored issues: the newest one, one by week or id, pages of the archive.

Each function is one transaction (call it through `Database.run`) and returns plain values, so
nothing lazy is touched after the session is gone.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlmodel import Session

from bot.readers.compact_issue import section_check
from bot.readers.localized import localized_issue_messages
from newsletter.choices import Choice, message_plan
from newsletter.compact import CompactView, button_label, compact_view
from newsletter.model import Message
from storage.issues import find_issue, get_issue, latest_issue, list_issues, load_issue
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
    """An issue (or one of its sections) ready to send: the stored messages, in order; for a
    reader of the compact format its compact message (`compact`, also the one message)."""

    issue: IssueSummary
    messages: list[Message]
    compact: CompactView | None = None


class FoundSection(NamedTuple):
    """A section button's section: its content and position now, or why it is `gone`
    ("issue": the issue was deleted; "section": the replaced issue has it no more)."""

    content: IssueContent | None
    position: int | None = None
    gone: str | None = None


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


def latest_content(
    *, session: Session, zone: dt.tzinfo | None = None, choice: Choice | None = None
) -> IssueContent | None:
    """Return the newest issue with all its messages, or None when there is none.

    With `zone`, every function here gives the earnings section with clock times in it; with
    a reader's `choice`, the compact message or the messages of their sections only."""
    record = latest_issue(session=session)
    return None if record is None else _content(session, record, zone=zone, choice=choice)


def issue_content(
    *,
    session: Session,
    issue_id: int,
    section: int | None = None,
    zone: dt.tzinfo | None = None,
    choice: Choice | None = None,
) -> IssueContent | None:
    """Return issue `issue_id` (only section position `section`, if given), or None if gone."""
    record = get_issue(session=session, issue_id=issue_id)
    if record is None:
        return None
    content = _content(session, record, section, zone, choice)
    return content if content.messages else None


def week_content(
    *,
    session: Session,
    week: int,
    year: int | None = None,
    zone: dt.tzinfo | None = None,
    choice: Choice | None = None,
) -> IssueContent | None:
    """Return the issue of calendar week `week` (of `year`, else the newest such), or None."""
    record = find_issue(session=session, week=week, year=year)
    return None if record is None else _content(session, record, zone=zone, choice=choice)


def section_content(
    *,
    session: Session,
    issue_id: int,
    position: int,
    check: str | None = None,
    zone: dt.tzinfo | None = None,
) -> FoundSection:
    """Return the whole section a section button means (`bot.readers.compact_issue`): the one at
    `position`, or, when the button has a `check` and the issue was replaced since, the
    section whose button label has that check, wherever it moved."""
    issue = load_issue(session=session, issue_id=issue_id)
    if issue is None:
        return FoundSection(None, gone="issue")
    here = [(p, s) for p, s in enumerate(issue.sections) if s.messages]
    if check is not None:
        here = [(p, s) for p, s in here if section_check(button_label(s)) == check]
        here.sort(key=lambda found: found[0] != position)  # the same place first
    else:
        here = [(p, s) for p, s in here if p == position]
    if not here:
        return FoundSection(None, gone="section")
    found = here[0][0]
    content = issue_content(session=session, issue_id=issue_id, section=found, zone=zone)
    return FoundSection(content, found)


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
    choice: Choice | None = None,
) -> IssueContent:
    assert record.id is not None
    if section is None and choice is not None and choice.compact:
        issue = load_issue(session=session, issue_id=record.id)
        assert issue is not None
        view = compact_view(issue)
        return IssueContent(summary(record), [view.message], view)
    stored = localized_issue_messages(session=session, issue_id=record.id, zone=zone)
    if section is not None:
        return IssueContent(
            summary(record), [m.message for m in stored if m.section_position == section]
        )
    wanted = set(message_plan([m.section_kind for m in stored], choice or Choice()))
    return IssueContent(summary(record), [m.message for m in stored if m.index in wanted])
