"""Searching past issues: sections by words, earnings dates by company.

Candidates are found in the database with `LIKE` on the folded `search_text` (the same on SQLite
and PostgreSQL); ranking and snippets are done in Python. A section matches when every query
word starts a word in it ("börse" finds "Börsengang", "boerse" finds "Börse"); its score is the
number of such occurrences; among equal scores the newer issue comes first.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session, col

from storage.folding import fold, fold_with_offsets, search_terms
from storage.issues import NEWEST_FIRST, section_plain_text
from storage.tables import EarningsEntry, IssueRecord, IssueSection

SNIPPET_CHARS = 160
SNIPPET_LEAD = 50


class SearchHit(NamedTuple):
    """A section that matches a search, with a plain-text snippet around the first match."""

    issue_id: int
    week: int | None
    year: int | None
    date: dt.date | None
    issue_title: str
    section_position: int
    section_title: str
    section_kind: str
    snippet: str
    score: int


class EarningsHit(NamedTuple):
    """One earnings date of a company, with the issue that listed it."""

    issue_id: int
    week: int | None
    year: int | None
    issue_date: dt.date | None
    date: dt.date
    weekday: str
    company: str
    timing: str | None
    entry_id: int | None = None
    company_folded: str = ""


def search_sections(*, session: Session, query: str, limit: int = 5) -> list[SearchHit]:
    """Return the best sections for `query` (all words must match), best and newest first."""
    terms = search_terms(query)
    if not terms or limit <= 0:
        return []
    patterns = [re.compile(r"(?<!\w)" + re.escape(term)) for term in terms]
    candidates = session.execute(
        select(IssueSection, IssueRecord)
        .join(IssueRecord, col(IssueRecord.id) == IssueSection.issue_id)
        .where(*(col(IssueSection.search_text).contains(t, autoescape=True) for t in terms))
        .order_by(*NEWEST_FIRST, col(IssueSection.position))
    ).all()
    scored = []
    for section, issue in candidates:
        counts = [len(p.findall(section.search_text)) for p in patterns]
        if all(counts):
            scored.append((sum(counts), section, issue))
    scored.sort(key=lambda h: -h[0])  # stable: equal scores stay newest first
    return [
        SearchHit(
            issue_id=issue.id,
            week=issue.week,
            year=issue.year,
            date=issue.date,
            issue_title=issue.title,
            section_position=section.position,
            section_title=section.title,
            section_kind=section.kind,
            snippet=snippet(section_plain_text(section), patterns),
            score=score,
        )
        for score, section, issue in scored[:limit]
    ]


def snippet(text: str, patterns: list[re.Pattern[str]], width: int = SNIPPET_CHARS) -> str:
    """Cut about `width` characters of `text` around the first match, at word boundaries."""
    original, folded, origin = fold_with_offsets(" ".join(text.split()))
    starts = [m.start() for p in patterns if (m := p.search(folded))]
    hit = origin[min(starts)] if starts else 0
    begin = max(0, hit - SNIPPET_LEAD)
    if begin > 0:
        space = original.find(" ", begin, hit)
        begin = space + 1 if space != -1 else begin
    end = begin + width
    if end < len(original):
        space = original.rfind(" ", hit, end)
        end = space if space != -1 else end
    else:
        end = len(original)
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(original) else ""
    return prefix + original[begin:end].strip() + suffix


def earnings_for_company(
    *, session: Session, name: str, limit: int | None = None
) -> list[EarningsHit]:
    """Return the earnings dates of companies named `name` or starting with it, newest first
    (at most `limit`, if given).

    Case-, accent- and umlaut-insensitive; rows of one issue keep their listed order.
    """
    folded = " ".join(fold(name).split())
    if not folded:
        return []
    query = (
        select(EarningsEntry, IssueRecord)
        .join(IssueRecord, col(IssueRecord.id) == EarningsEntry.issue_id)
        .where(col(EarningsEntry.company_folded).startswith(folded, autoescape=True))
        .order_by(*NEWEST_FIRST, col(EarningsEntry.position))
        .limit(limit)
    )
    return [
        EarningsHit(
            issue_id=issue.id,
            week=issue.week,
            year=issue.year,
            issue_date=issue.date,
            date=entry.date,
            weekday=entry.weekday,
            company=entry.company,
            timing=entry.timing,
            entry_id=entry.id,
            company_folded=entry.company_folded,
        )
        for entry, issue in session.execute(query).all()
    ]
