"""Issues: storing a rendered `Issue` with its sections and earnings, and finding it again.

An issue is identified by its key (`"2025-KW06"`, else its URL, else a hash of its title).
Storing the same key again replaces sections, earnings and metadata in place and keeps the id,
so a broadcast that points at it stays valid; changed content withdraws the approval. Its
sections are indexed for search in the same step (`storage.search_index`).
"""

from __future__ import annotations

import hashlib
import json
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from newsletter.model import EarningsRow, Issue, IssueMeta, Message, Section
from storage.folding import fold
from storage.search_index import index_sections
from storage.tables import EarningsEntry, IssueRecord, IssueSection
from storage.tables.timestamps import utcnow

_META_FIELDS = (
    "title", "subtitle", "author", "date", "week", "year", "url", "words", "reading_minutes",
)  # fmt: skip


# Newest issue first: by date (issues without one last), then the later ingested.
NEWEST_FIRST = (col(IssueRecord.date).desc().nulls_last(), col(IssueRecord.id).desc())


class StoredIssue(NamedTuple):
    """What `store_issue` did: the id, and whether the row is new or its content changed."""

    id: int
    key: str
    created: bool
    changed: bool


class IssuePage(NamedTuple):
    """One page of the archive and the number of issues in total."""

    issues: list[IssueRecord]
    total: int


class IssueMessage(NamedTuple):
    """A message of an issue with its global 0-based index (the broadcast's message index)."""

    index: int  # type: ignore[assignment]  # a field may shadow tuple.index; mypy says no
    section_position: int
    message: Message
    section_kind: str = "other"


def issue_key(meta: IssueMeta) -> str:
    """Return the stable key of an issue: `"2025-KW06"`, else its URL, else a title hash."""
    if meta.year is not None and meta.week is not None:
        return f"{meta.year}-KW{meta.week:02d}"
    if meta.url and meta.url.strip():
        return meta.url.strip()
    return "title-" + hashlib.sha256(meta.title.strip().encode()).hexdigest()[:16]


def section_plain_text(section: IssueSection | Section) -> str:
    """Return the text a reader sees in the section (its messages), else its Markdown."""
    texts = [m["text"] if isinstance(m, dict) else m.text for m in section.messages]
    return "\n".join(t for t in texts if t) or section.markdown


def store_issue(*, session: Session, issue: Issue) -> StoredIssue:
    """Insert the issue, or replace the stored one with the same key (same id, no duplicates)."""
    key = issue_key(issue.meta)
    digest = hashlib.sha256(
        json.dumps(issue.to_dict(), sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    record = session.scalars(select(IssueRecord).where(col(IssueRecord.key) == key)).first()
    if record is not None and record.content_hash == digest:
        return StoredIssue(record.id, key, created=False, changed=False)  # type: ignore[arg-type]
    now = utcnow()
    created = record is None
    if record is None:
        record = IssueRecord(key=key, title=issue.meta.title, content_hash=digest, ingested_at=now)
        session.add(record)
    else:
        session.execute(delete(IssueSection).where(col(IssueSection.issue_id) == record.id))
        session.execute(delete(EarningsEntry).where(col(EarningsEntry.issue_id) == record.id))
        record.approved_at = None
        record.approved_by = None
    for name in _META_FIELDS:
        setattr(record, name, getattr(issue.meta, name))
    record.warnings = list(issue.warnings)
    record.content_hash = digest
    record.updated_at = now
    session.flush()
    assert record.id is not None
    sections = _section_rows(record.id, issue.sections)
    session.add_all(sections)
    session.add_all(_earnings_rows(record.id, issue.earnings))
    session.flush()
    texts = [section_plain_text(s) for s in issue.sections]
    index_sections(session=session, sections=list(zip(sections, texts, strict=True)))
    session.flush()
    return StoredIssue(record.id, key, created=created, changed=True)


def issue_id_for_key(*, session: Session, key: str) -> int | None:
    """The id of the issue stored under `key`, or None."""
    return session.scalars(select(col(IssueRecord.id)).where(col(IssueRecord.key) == key)).first()


def get_issue(*, session: Session, issue_id: int) -> IssueRecord | None:
    """Return the issue's metadata row, or None."""
    return session.get(IssueRecord, issue_id)


def latest_issue(*, session: Session) -> IssueRecord | None:
    """Return the newest issue (by date, then by id), or None when there is none."""
    return session.scalars(select(IssueRecord).order_by(*NEWEST_FIRST).limit(1)).first()


def find_issue(*, session: Session, week: int, year: int | None = None) -> IssueRecord | None:
    """Return the issue of calendar week `week` (of `year`, else the newest such issue)."""
    query = select(IssueRecord).where(col(IssueRecord.week) == week)
    if year is not None:
        query = query.where(col(IssueRecord.year) == year)
    query = query.order_by(col(IssueRecord.year).desc().nulls_last(), *NEWEST_FIRST)
    return session.scalars(query.limit(1)).first()


def list_issues(*, session: Session, offset: int = 0, limit: int = 10) -> IssuePage:
    """Return a page of issues, newest first (by date, then id), and the total count."""
    total = session.scalar(select(func.count()).select_from(IssueRecord)) or 0
    query = select(IssueRecord).order_by(*NEWEST_FIRST).offset(offset).limit(limit)
    return IssuePage(list(session.scalars(query)), total)


def issue_messages(*, session: Session, issue_id: int) -> list[IssueMessage]:
    """Return all messages of the issue in sending order, each with its global index."""
    messages: list[IssueMessage] = []
    for section in _sections(session, issue_id):
        for data in section.messages:
            message = Message.from_dict(data)
            messages.append(IssueMessage(len(messages), section.position, message, section.kind))
    return messages


def load_issue(*, session: Session, issue_id: int) -> Issue | None:
    """Rebuild the stored `Issue` dataclass (equal to the one stored), or None."""
    record = session.get(IssueRecord, issue_id)
    if record is None:
        return None
    meta = IssueMeta(**{name: getattr(record, name) for name in _META_FIELDS})
    sections = [
        Section(
            kind=s.kind,  # type: ignore[arg-type]
            title=s.title,
            markdown=s.markdown,
            messages=[Message.from_dict(m) for m in s.messages],
        )
        for s in _sections(session, issue_id)
    ]
    earnings = issue_earnings(session=session, issue_id=issue_id)
    return Issue(meta=meta, sections=sections, earnings=earnings, warnings=list(record.warnings))


def issue_earnings(*, session: Session, issue_id: int) -> list[EarningsRow]:
    """Return the issue's earnings rows in the order the issue lists them (empty if none)."""
    entries = session.scalars(
        select(EarningsEntry)
        .where(col(EarningsEntry.issue_id) == issue_id)
        .order_by(col(EarningsEntry.position))
    )
    return [EarningsRow(e.date, e.weekday, e.company, e.timing) for e in entries]  # type: ignore[arg-type]


def _sections(session: Session, issue_id: int) -> list[IssueSection]:
    query = select(IssueSection).where(col(IssueSection.issue_id) == issue_id)
    return list(session.scalars(query.order_by(col(IssueSection.position))))


def _section_rows(issue_id: int, sections: list[Section]) -> list[IssueSection]:
    return [
        IssueSection(
            issue_id=issue_id,
            position=position,
            kind=section.kind,
            title=section.title,
            markdown=section.markdown,
            messages=[m.to_dict() for m in section.messages],
        )
        for position, section in enumerate(sections)
    ]


def _earnings_rows(issue_id: int, rows: list[EarningsRow]) -> list[EarningsEntry]:
    return [
        EarningsEntry(
            issue_id=issue_id,
            position=position,
            date=row.date,
            weekday=row.weekday,
            company=row.company,
            company_folded=fold(row.company),
            timing=row.timing,
        )
        for position, row in enumerate(rows)
    ]
