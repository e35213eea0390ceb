"""Searching past issues for a reader: the best sections, plus earnings dates of a company.

A company name ("palantir") finds the sections that mention it and, from the earnings lists,
when it reports. One transaction: call `find` through `Database.run`.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlmodel import Session

from storage.search import EarningsHit as EarningsHit  # handed to the handlers
from storage.search import SearchHit as SearchHit
from storage.search import earnings_for_company, search_sections

SECTION_HITS = 5
EARNINGS_HITS = 3


class Findings(NamedTuple):
    """What a search found: sections (best, then newest first) and earnings dates."""

    sections: list[SearchHit]
    earnings: list[EarningsHit]

    def __bool__(self) -> bool:
        return bool(self.sections or self.earnings)


def find(*, session: Session, query: str) -> Findings:
    """Search sections and earnings for `query`."""
    sections = search_sections(session=session, query=query, limit=SECTION_HITS)
    earnings = earnings_for_company(session=session, name=query, limit=EARNINGS_HITS)
    return Findings(sections, earnings)
