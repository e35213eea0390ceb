"""The search test archive (the real issues in tests/fixtures) and the known-item query set
(tests/fixtures/search/known_items.json): each query names the section it is meant to find,
in word forms that differ from the text. `evaluate` measures recall@3 and MRR; the storage
tests and bench/search.py use it on both engines."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from sqlmodel import Session

from newsletter.issue import build_issue
from newsletter.model import Issue
from storage.issues import store_issue
from storage.search import search_sections
from tests.conftest import FIXTURES

ARCHIVE = (
    "kw06-2025.rss.xml",
    "beehiiv/kw07-2025.rss.xml",
    "beehiiv/kw08-2025.rss.xml",
    "beehiiv/build-log.rss.xml",
    "beehiiv/indie-saas.rss.xml",
)
KNOWN_ITEMS = FIXTURES / "search" / "known_items.json"
DEPTH = 10  # results looked at for the reciprocal rank


class KnownItem(NamedTuple):
    """A query and the section (issue fixture, section position) it should find."""

    query: str
    issue: str
    section: int


class Figures(NamedTuple):
    """How well the known items were found."""

    recall_at_3: float
    mrr: float
    misses: list[tuple[str, int | None]]  # (query, rank) of items not in the first three


@cache
def archive_issues() -> dict[str, Issue]:
    """The archive's issues by fixture name, rendered from their RSS form."""
    return {name: build_issue((FIXTURES / name).read_bytes()) for name in ARCHIVE}


def known_items() -> list[KnownItem]:
    """The known-item query set."""
    return [KnownItem(**item) for item in json.loads(KNOWN_ITEMS.read_text(encoding="utf-8"))]


def store_archive(session: Session) -> dict[str, int]:
    """Store the archive; return issue ids by fixture name."""
    return {
        name: store_issue(session=session, issue=issue).id
        for name, issue in archive_issues().items()
    }


Search = Callable[[str], list[tuple[int, int]]]


def searcher(session: Session) -> Search:
    """Search the way /search does, returning (issue id, section position) best first."""

    def search(query: str) -> list[tuple[int, int]]:
        hits = search_sections(session=session, query=query, limit=DEPTH)
        return [(h.issue_id, h.section_position) for h in hits]

    return search


def evaluate(search: Search, ids: dict[str, int], items: list[KnownItem]) -> Figures:
    """Run every known item; recall@3 and the mean reciprocal rank (0 when not in `DEPTH`)."""
    found, reciprocal, misses = 0, 0.0, []
    for item in items:
        results = search(item.query)
        target = (ids[item.issue], item.section)
        rank = results.index(target) + 1 if target in results else None
        found += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0.0
        if rank is None or rank > 3:
            misses.append((item.query, rank))
    return Figures(found / len(items), reciprocal / len(items), misses)
