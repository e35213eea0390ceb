"""Storing issues: keys, replace-on-re-ingest, listing, finding, round trips."""

import dataclasses
import datetime as dt

from sqlalchemy import func, select
from sqlmodel import Session

from newsletter.model import EarningsRow, IssueMeta
from storage.broadcasts import broadcast_for_issue, get_or_create_broadcast
from storage.issues import (
    find_issue,
    get_issue,
    issue_key,
    issue_messages,
    latest_issue,
    list_issues,
    load_issue,
    store_issue,
)
from storage.review import approve_issue
from storage.tables import EarningsEntry, IssueSection
from tests.storage.factories import issue, section


def count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table))


def test_issue_key_is_year_and_week_else_url_else_title_hash() -> None:
    assert issue_key(IssueMeta(title="KW6", week=6, year=2025, url="https://x/p/a")) == "2025-KW06"
    assert issue_key(IssueMeta(title="KW6", week=6, url=" https://x/p/a ")) == "https://x/p/a"
    by_title = issue_key(IssueMeta(title="Sonderausgabe"))
    assert by_title.startswith("title-") and by_title == issue_key(
        IssueMeta(title=" Sonderausgabe")
    )
    assert by_title != issue_key(IssueMeta(title="Andere Ausgabe"))


def test_storing_an_issue_creates_it_with_sections_and_earnings(session: Session) -> None:
    stored = store_issue(session=session, issue=issue())
    assert (stored.key, stored.created, stored.changed) == ("2025-KW06", True, True)
    record = get_issue(session=session, issue_id=stored.id)
    assert (record.title, record.week, record.year) == ("KW6 - Der Drache erwacht", 6, 2025)
    assert record.date == dt.date(2025, 2, 3)
    assert record.approved_at is None
    assert count(session, IssueSection) == 3
    assert count(session, EarningsEntry) == 3


def test_storing_the_same_issue_again_changes_nothing(session: Session) -> None:
    first = store_issue(session=session, issue=issue())
    approve_issue(session=session, issue_id=first.id, admin_id=99)
    again = store_issue(session=session, issue=issue())
    assert (again.id, again.created, again.changed) == (first.id, False, False)
    assert get_issue(session=session, issue_id=first.id).approved_by == 99
    assert count(session, IssueSection) == 3


def test_re_ingesting_a_changed_issue_replaces_it_under_the_same_id(session: Session) -> None:
    first = store_issue(session=session, issue=issue())
    broadcast, _ = get_or_create_broadcast(
        session=session, issue_id=first.id, total_messages=4, trigger="admin"
    )
    approve_issue(session=session, issue_id=first.id, admin_id=99)
    session.commit()
    changed = issue(
        title="KW6 - Der Drache erwacht (korrigiert)",
        sections=[section("🐉 DeepSeek", "Korrigierter Text.")],
        earnings=[EarningsRow(dt.date(2025, 2, 4), "Dienstag", "Alphabet", "AMC")],
        warnings=["Kein Chart gefunden"],
    )
    again = store_issue(session=session, issue=changed)
    session.commit()
    assert (again.id, again.created, again.changed) == (first.id, False, True)
    assert count(session, IssueSection) == 1
    assert count(session, EarningsEntry) == 1
    record = get_issue(session=session, issue_id=first.id)
    assert record.title.endswith("(korrigiert)")
    assert record.warnings == ["Kein Chart gefunden"]
    assert record.approved_at is None and record.approved_by is None  # content changed
    assert broadcast_for_issue(session=session, issue_id=first.id).id == broadcast.id
    assert load_issue(session=session, issue_id=first.id) == changed


def test_loading_an_issue_round_trips_the_dataclass(session: Session) -> None:
    original = issue(url="https://doppelgaenger.beehiiv.com/p/kw06", warnings=["Hinweis"])
    original.sections[1].messages.append(
        dataclasses.replace(original.sections[1].messages[0], photo="https://media/x.png")
    )
    stored = store_issue(session=session, issue=original)
    session.commit()
    assert load_issue(session=session, issue_id=stored.id) == original
    assert load_issue(session=session, issue_id=stored.id + 1000) is None


def test_issue_messages_carry_their_global_index_in_sending_order(session: Session) -> None:
    original = issue()
    stored = store_issue(session=session, issue=original)
    messages = issue_messages(session=session, issue_id=stored.id)
    assert [m.index for m in messages] == list(range(len(original.messages)))
    assert [m.message for m in messages] == original.messages
    assert [m.section_position for m in messages] == [0, 1, 1, 2]
    assert messages[1].message.entities[0].type == "bold"


def test_latest_issue_is_the_newest_by_date_not_by_ingest_order(session: Session) -> None:
    assert latest_issue(session=session) is None
    store_issue(session=session, issue=issue(7))
    store_issue(session=session, issue=issue(5))
    assert latest_issue(session=session).week == 7


def test_find_issue_by_week_prefers_the_newest_year(session: Session) -> None:
    store_issue(session=session, issue=issue(6, 2024))
    store_issue(session=session, issue=issue(6, 2025))
    store_issue(session=session, issue=issue(7, 2025))
    assert find_issue(session=session, week=6).year == 2025
    assert find_issue(session=session, week=6, year=2024).year == 2024
    assert find_issue(session=session, week=6, year=2023) is None
    assert find_issue(session=session, week=8) is None


def test_list_issues_pages_newest_first_with_the_total(session: Session) -> None:
    for week in (3, 1, 5, 2, 4):
        store_issue(session=session, issue=issue(week))
    undated = store_issue(session=session, issue=issue(None, None, title="Sonderausgabe"))
    page = list_issues(session=session, offset=0, limit=2)
    assert page.total == 6
    assert [i.week for i in page.issues] == [5, 4]
    assert [i.week for i in list_issues(session=session, offset=2, limit=2).issues] == [3, 2]
    last = list_issues(session=session, offset=4, limit=10).issues
    assert [i.id for i in last][-1] == undated.id  # without a date: last
    assert list_issues(session=session, offset=10, limit=2).issues == []


def test_issues_of_the_same_date_are_ordered_by_id(session: Session) -> None:
    day = dt.date(2025, 2, 3)
    first = store_issue(session=session, issue=issue(6, 2025, date=day))
    second = store_issue(session=session, issue=issue(None, None, title="Extra", date=day))
    assert [i.id for i in list_issues(session=session).issues] == [second.id, first.id]


def test_approving_a_missing_issue_reports_it(session: Session) -> None:
    assert not approve_issue(session=session, issue_id=12345, admin_id=1)
