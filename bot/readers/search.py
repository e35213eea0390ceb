"""Searching past issues for a reader: the best sections, plus earnings dates of a company.

A company name ("palantir") finds the sections that mention it and, from the earnings lists,
when it reports. Sections come `SECTION_HITS` at a time: the first page with the earnings
dates, later ones ("Mehr") from an offset, for the query as `Findings.more` writes it (the
parsed query written out: short enough for a button's data). One transaction: call `find`
through `Database.run`.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlmodel import Session

from newsletter.search.query import parse
from storage.search import EarningsHit as EarningsHit  # handed to the handlers
from storage.search import SearchHit as SearchHit
from storage.search import earnings_for_company, search_sections

SECTION_HITS = 5
EARNINGS_HITS = 3


class Findings(NamedTuple):
    """What a search found: sections (best, then newest first) numbered from `offset + 1`,
    earnings dates (first page only), and the query to ask for more with (None: no more)."""

    sections: list[SearchHit]
    earnings: list[EarningsHit]
    offset: int = 0
    more: str | None = None

    def __bool__(self) -> bool:
        return bool(self.sections or self.earnings)


def find(*, session: Session, query: str, offset: int = 0) -> Findings:
    """Search sections (from `offset`) and, on the first page, earnings for `query`."""
    limit = SECTION_HITS + 1  # one more tells whether more follow
    sections = search_sections(session=session, query=query, limit=limit, offset=offset)
    earnings = []
    if not offset:
        earnings = earnings_for_company(session=session, name=query, limit=EARNINGS_HITS)
    more = parse(query).text() if len(sections) > SECTION_HITS else None
    return Findings(sections[:SECTION_HITS], earnings, offset, more)
