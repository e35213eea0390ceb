"""The review of an issue (blocking, approval, hold, preview claimed once), told-once notices,
the feed poller's state and the channel chat, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session

from storage.channels import channel_chats, upsert_channel
from storage.feed_state import load_feed_state, save_feed_state
from storage.issues import get_issue, store_issue
from storage.notices import note_once
from storage.review import (
    approve_issue,
    claim_review,
    hold_issue,
    lead_messages,
    set_blocking,
    unreviewed_issues,
)
from storage.tables.timestamps import utcnow
from tests.storage.factories import issue, section


def test_approve_clears_a_hold_and_hold_withdraws_an_approval(session: Session) -> None:
    issue_id = store_issue(session=session, issue=issue()).id
    held = hold_issue(session=session, issue_id=issue_id, admin_id=7)
    assert (held.held_by, held.approved_at) == (7, None)
    approved = approve_issue(session=session, issue_id=issue_id, admin_id=8)
    assert (approved.approved_by, approved.held_at, approved.held_by) == (8, None, None)
    assert hold_issue(session=session, issue_id=issue_id + 99, admin_id=7) is None


def test_blocking_problems_are_stored_with_the_issue(session: Session) -> None:
    issue_id = store_issue(session=session, issue=issue()).id
    set_blocking(session=session, issue_id=issue_id, problems=["Kein Leitartikel erkannt."])
    session.commit()
    assert get_issue(session=session, issue_id=issue_id).blocking == ["Kein Leitartikel erkannt."]


def test_new_content_is_claimed_for_its_preview_exactly_once(session: Session) -> None:
    stored = store_issue(session=session, issue=issue())
    old_hash = get_issue(session=session, issue_id=stored.id).content_hash
    assert [r.id for r in unreviewed_issues(session=session)] == [stored.id]
    assert claim_review(session=session, issue_id=stored.id, content_hash=old_hash)
    assert not claim_review(session=session, issue_id=stored.id, content_hash=old_hash)
    assert unreviewed_issues(session=session) == []
    changed = dataclasses.replace(issue(), sections=[section("Neu", "Anders.")])
    store_issue(session=session, issue=changed)
    session.expire_all()
    assert [r.id for r in unreviewed_issues(session=session)] == [stored.id]
    assert not claim_review(session=session, issue_id=stored.id, content_hash=old_hash)


def test_lead_sections_of_other_issues_are_listed(session: Session) -> None:
    lead = section("Lead", "Der Drache erwacht.", kind="lead")
    first = store_issue(session=session, issue=issue(week=5, sections=[lead])).id
    second = store_issue(session=session, issue=issue(week=6, sections=[lead])).id
    listed = lead_messages(session=session, exclude_issue=second)
    assert [issue_id for issue_id, _ in listed] == [first]
    assert listed[0][1][0]["text"] == "Lead\nDer Drache erwacht."


def test_a_notice_is_given_once(session: Session) -> None:
    assert note_once(session=session, key="unsent:20250210T0600")
    assert not note_once(session=session, key="unsent:20250210T0600")
    assert note_once(session=session, key="unsent:20250217T0600")


def test_the_feed_state_is_kept_between_polls(session: Session) -> None:
    url = "https://doppelgaenger.example/feed"
    state = load_feed_state(session=session, url=url)
    assert (state.etag, state.item_digests) == (None, {})
    state.etag, state.item_digests = '"abc"', {"https://x/p/kw6": "d1"}
    state.last_error = "x" * 400
    save_feed_state(session=session, state=state)
    session.commit()
    again = load_feed_state(session=session, url=url)
    assert (again.etag, again.item_digests) == ('"abc"', {"https://x/p/kw6": "d1"})
    assert len(again.last_error) == 300


def test_the_channel_is_one_active_chat_of_kind_channel(session: Session) -> None:
    upsert_channel(session=session, chat_id=-1001, title="Alt", can_post=True)
    upsert_channel(session=session, chat_id=-1002, title="Neu", can_post=False)
    by_id = {c.chat_id: (c.kind, c.status) for c in channel_chats(session=session)}
    assert by_id == {-1001: ("channel", "unsubscribed"), -1002: ("channel", "blocked")}
    upsert_channel(session=session, chat_id=-1002, title="Neu", can_post=True)
    assert {c.chat_id: c.status for c in channel_chats(session=session)}[-1002] == "active"


def test_the_channel_is_no_reader_in_counts_and_history(session: Session) -> None:
    from storage.reader_events import count_events
    from storage.subscribers import count_by_status, mark_blocked

    upsert_channel(session=session, chat_id=-1001, title="Kanal", can_post=True)
    assert count_by_status(session=session)["active"] == 0
    mark_blocked(session=session, chat_id=-1001)
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert sum(count_events(session=session, since=since, until=utcnow()).values()) == 0
