"""Section readership: how often each section of an issue was opened (its button under the
compact issue) or shared (picked from an inline answer), as counters without reader ids.

`note_reading` adds one to a counter in one statement (`INSERT … ON CONFLICT DO UPDATE`, so two
taps at once both count); `recent_readership` reads the counters of the newest issues that have
any, with each section's title, for the statistics.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session, col

from storage.db import dialect_insert
from storage.issues import NEWEST_FIRST
from storage.tables import (
    EarningsEntry,
    IssueRecord,
    IssueSection,
    ReadershipKind,
    SectionReadership,
    table_of,
)

RECENT_ISSUES = 3


class SectionReading(NamedTuple):
    """One section's counters."""

    position: int
    kind: str
    title: str
    opened: int
    shared: int


class IssueReadership(NamedTuple):
    """The counters of one issue's sections, in the issue's order."""

    week: int | None
    year: int | None
    date: dt.date | None
    title: str
    sections: list[SectionReading]


def note_reading(*, session: Session, issue_id: int, position: int, kind: ReadershipKind) -> bool:
    """Count one opening or share of section `position` of issue `issue_id`; return False (and
    count nothing) when the issue is gone."""
    if session.get(IssueRecord, issue_id) is None:
        return False
    table = table_of(SectionReadership)
    insert = dialect_insert(session, table).values(
        issue_id=issue_id, section_position=position, kind=kind.value, count=1
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["issue_id", "section_position", "kind"],
            set_={"count": table.c["count"] + 1},
        )
    )
    return True


def earnings_section(*, session: Session, entry_id: int) -> tuple[int, int] | None:
    """The (issue id, section position) of the earnings section that lists earnings row
    `entry_id`, or None when it is gone."""
    query = (
        select(col(IssueSection.issue_id), col(IssueSection.position))
        .join(EarningsEntry, col(EarningsEntry.issue_id) == IssueSection.issue_id)
        .where(col(EarningsEntry.id) == entry_id, col(IssueSection.kind) == "earnings")
        .order_by(col(IssueSection.position))
        .limit(1)
    )
    row = session.execute(query).first()
    return None if row is None else (row[0], row[1])


def recent_readership(*, session: Session, issues: int = RECENT_ISSUES) -> list[IssueReadership]:
    """The counters of the newest `issues` issues that have any, newest first."""
    counted = select(col(SectionReadership.issue_id)).distinct().scalar_subquery()
    records = session.scalars(
        select(IssueRecord)
        .where(col(IssueRecord.id).in_(counted))
        .order_by(*NEWEST_FIRST)
        .limit(issues)
    ).all()
    found = []
    for record in records:
        counts: dict[int, dict[str, int]] = {}
        for row in session.scalars(
            select(SectionReadership).where(col(SectionReadership.issue_id) == record.id)
        ):
            counts.setdefault(row.section_position, {})[row.kind] = row.count
        sections = session.execute(
            select(col(IssueSection.position), col(IssueSection.kind), col(IssueSection.title))
            .where(col(IssueSection.issue_id) == record.id)
            .order_by(col(IssueSection.position))
        ).all()
        readings = [
            SectionReading(
                position,
                kind,
                title,
                counts[position].get(ReadershipKind.OPENED.value, 0),
                counts[position].get(ReadershipKind.SHARED.value, 0),
            )
            for position, kind, title in sections
            if position in counts
        ]
        found.append(IssueReadership(record.week, record.year, record.date, record.title, readings))
    return found
