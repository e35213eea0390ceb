"""`issue_earnings`: one issue's earnings rows, in listed order (SQLite and PostgreSQL)."""

import datetime as dt

from sqlmodel import Session

from newsletter.model import EarningsRow
from storage.issues import issue_earnings, store_issue
from tests.storage.factories import issue


def test_issue_earnings_are_the_issues_rows_in_listed_order(session: Session) -> None:
    rows = [
        EarningsRow(dt.date(2025, 2, 6), "Donnerstag", "amazon", "AMC"),
        EarningsRow(dt.date(2025, 2, 3), "Montag", "Palantir", None),
        EarningsRow(dt.date(2025, 2, 4), "Dienstag", "Alphabet", "BMO"),
    ]
    first = store_issue(session=session, issue=issue(6, 2025, earnings=rows))
    other = store_issue(session=session, issue=issue(7, 2025))
    assert issue_earnings(session=session, issue_id=first.id) == rows
    assert len(issue_earnings(session=session, issue_id=other.id)) == 3


def test_issue_earnings_of_an_issue_without_list_or_unknown_issue_are_empty(
    session: Session,
) -> None:
    stored = store_issue(session=session, issue=issue(6, 2025, earnings=[]))
    assert issue_earnings(session=session, issue_id=stored.id) == []
    assert issue_earnings(session=session, issue_id=9999) == []
