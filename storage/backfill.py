"""What the backfill remembers about the pages of the publication's site (one row per page)."""

from __future__ import annotations

from sqlmodel import Session

from storage.tables import BackfillPage, IssueRecord
from storage.tables.timestamps import utcnow

DETAIL_CHARS = 500


def load_page(*, session: Session, key: str) -> BackfillPage | None:
    """The row of `key` (`post:<slug>` or a document's URL), detached, or None."""
    page = session.get(BackfillPage, key)
    if page is not None:
        session.expunge(page)
    return page


def save_page(*, session: Session, page: BackfillPage) -> None:
    """Insert or update the row (its `checked_at` becomes now)."""
    if page.detail:
        page.detail = page.detail[:DETAIL_CHARS]
    page.checked_at = utcnow()
    session.merge(page)
    session.flush()


def issue_exists(*, session: Session, issue_id: int) -> bool:
    """Whether the issue `issue_id` is (still) stored."""
    return session.get(IssueRecord, issue_id) is not None
