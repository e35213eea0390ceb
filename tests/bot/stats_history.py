"""A constructed readers' history for the statistics tests, and a PNG check.

`build_history` writes, at fixed times, the subscribers, events, referrals and two broadcasts
(KW6 done, KW7 done) whose figures the tests know by hand; `NOW` is Tuesday, 11 February 2025,
10:00 in Berlin. Times are UTC; Berlin is UTC+1 in February.
"""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image
from sqlmodel import Session

from storage.broadcasts import get_or_create_broadcast
from storage.issues import store_issue
from storage.reader_events import record_reader_event
from storage.tables import Referral, Subscriber
from tests.storage.factories import issue

NOW = dt.datetime(2025, 2, 11, 9, 0, tzinfo=dt.UTC)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def utc(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time in February or January 2025, UTC."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=dt.UTC)


def _broadcast(session: Session, week: int, **values: object) -> int:
    issue_id = store_issue(session=session, issue=issue(week)).id
    broadcast, _ = get_or_create_broadcast(
        session=session, issue_id=issue_id, total_messages=7, trigger="schedule"
    )
    for name, value in values.items():
        setattr(broadcast, name, value)
    session.flush()
    return issue_id


def build_history(session: Session) -> dict[int, int]:
    """Write the history; return {week: issue id}."""
    kw6 = _broadcast(
        session, 6, status="done", started_at=utc(2, 3, 6), finished_at=utc(2, 3, 7, 9),
        recipients=5, sent=35, blocked=0, failed=1,
    )  # fmt: skip
    kw7 = _broadcast(
        session, 7, status="done", started_at=utc(2, 10, 6), finished_at=utc(2, 10, 6, 20),
        recipients=4, sent=28, blocked=2, failed=0,
    )  # fmt: skip
    statuses = {1: "active", 2: "blocked", 3: "unsubscribed", 4: "blocked", 5: "blocked",
                6: "active", 7: "active", 8: "unsubscribed", 9: "new"}  # fmt: skip
    for chat_id, status in statuses.items():
        session.add(Subscriber(chat_id=chat_id, status=status, referral_code=f"h{chat_id}"))
    events = [
        (1, "joined", utc(1, 20, 10), None), (2, "joined", utc(1, 20, 10), None),
        (3, "joined", utc(1, 20, 10), None),                                      # KW4: +3
        (4, "joined", utc(1, 28, 10), None), (5, "joined", utc(1, 28, 10), None), # KW5: +2
        (1, "unsubscribed", utc(2, 5, 10), kw6),
        (2, "blocked", utc(2, 6, 10), None),
        (6, "joined", utc(2, 9, 22, 30), None),      # Sunday 23:30 in Berlin: still KW6
        (3, "unsubscribed", utc(2, 9, 23, 30), kw6), # Monday 00:30 in Berlin: KW7
        (4, "blocked", utc(2, 10, 6, 5), kw6),       # found by the KW7 broadcast
        (5, "blocked", utc(2, 10, 6, 30), kw6),      # after it, more than a week after KW6
        (7, "joined", utc(2, 10, 8), None),
        (8, "unsubscribed", utc(2, 10, 12), kw7),
        (1, "returned", utc(2, 11, 8), None),
    ]  # fmt: skip
    for chat_id, kind, at, last in events:
        record_reader_event(session=session, chat_id=chat_id, kind=kind, at=at, last_issue_id=last)
    for referred, at in ((6, utc(2, 5, 12)), (7, utc(2, 10, 12)), (1, utc(2, 11, 8))):
        session.add(Referral(referred_chat_id=referred, referrer_chat_id=3, created_at=at))
    session.flush()
    return {6: kw6, 7: kw7}


def assert_valid_png(data: bytes) -> tuple[int, int]:
    """Check that `data` is a PNG that Pillow can decode; return its size in pixels."""
    assert data.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.format == "PNG"
        return image.size
