"""The figures of /stats and `doppelbot stats`, gathered from storage in one transaction.

Readers are private chats; subscribed groups (and of them those in a forum topic) are counted
apart, their members are no readers. Section readership is the counters of the newest issues:
how often each section was opened from the compact issue and shared inline, without reader ids.

Weeks run from Monday 00:00 to Monday 00:00 in the configured time zone. The active readers at
the end of past weeks are counted back from today's number through the readers' history
(arrivals and leaves per week). The churn of an issue counts the readers whose last received
issue it was and who left within a week after its broadcast started, or during the next
broadcast: a reader who blocked the bot in between is only noticed when that one reaches them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.broadcast.texts import elapsed
from newsletter.german import titled_label
from storage.broadcasts import recent_broadcasts
from storage.groups import GroupCounts, count_groups
from storage.reader_events import (
    first_event_at,
    leaves_after_issue,
    weekly_event_counts,
)
from storage.readership import IssueReadership, recent_readership
from storage.referrals import count_referrals
from storage.subscribers import count_by_status
from storage.tables import Broadcast, ReaderEventKind, SubscriberStatus

CHART_WEEKS = 26  # how far back the chart goes
RECENT_BROADCASTS = 5
CHURN_WINDOW = dt.timedelta(days=7)
_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Readers:
    """How many chats are in each state now; `started_only` pressed /start but never
    subscribed."""

    active: int
    started_only: int
    unsubscribed: int
    blocked: int


@dataclass(frozen=True, slots=True)
class WeekFlow:
    """One week (from Monday `start`, local): arrivals and leaves, and the active readers at
    its end (for the current week: now)."""

    start: dt.date
    joined: int
    returned: int
    unsubscribed: int
    blocked: int
    active: int

    @property
    def arrivals(self) -> int:
        """Readers who joined or came back."""
        return self.joined + self.returned

    @property
    def leaves(self) -> int:
        """Readers who unsubscribed or blocked the bot."""
        return self.unsubscribed + self.blocked


@dataclass(frozen=True, slots=True)
class BroadcastFigures:
    """One broadcast: its issue, how it went, and the readers who left after it."""

    issue: str
    status: str
    started_at: dt.datetime
    seconds: float | None
    readers: int | None
    sent: int
    blocked: int
    failed: int
    churn_unsubscribed: int
    churn_blocked: int
    week_over: bool  # whether the week after it has passed (else the churn may still grow)

    @property
    def churn(self) -> int:
        """Readers who left after this issue."""
        return self.churn_unsubscribed + self.churn_blocked


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything /stats shows; `weeks` oldest first, the last one is the current week."""

    now: dt.datetime
    readers: Readers
    weeks: tuple[WeekFlow, ...]
    referrals_week: int
    referrals_total: int
    broadcasts: tuple[BroadcastFigures, ...]
    groups: GroupCounts
    readership: tuple[IssueReadership, ...]

    @property
    def this_week(self) -> WeekFlow:
        """The current week (from Monday 00:00 until now)."""
        return self.weeks[-1]


def week_start(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """Return Monday 00:00 (in `tz`) of the week that contains `moment`."""
    local = moment.astimezone(tz)
    monday = local.date() - dt.timedelta(days=local.weekday())
    return dt.datetime.combine(monday, dt.time(0), tzinfo=tz)


def _week_bounds(first: dt.datetime | None, now: dt.datetime, tz: ZoneInfo) -> list[dt.datetime]:
    """Monday 00:00 of each chart week, plus the Monday after the current week."""
    this_monday = week_start(now, tz).date()
    weeks = 1
    if first is not None:
        back = (this_monday - week_start(first, tz).date()).days // 7
        weeks = min(CHART_WEEKS, max(back, 0) + 1)
    days = [this_monday - _WEEK * n for n in range(weeks - 1, -2, -1)]
    return [dt.datetime.combine(day, dt.time(0), tzinfo=tz) for day in days]


def _weeks(session: Session, now: dt.datetime, tz: ZoneInfo, active: int) -> list[WeekFlow]:
    bounds = _week_bounds(first_event_at(session=session), now, tz)
    counts = weekly_event_counts(session=session, bounds=bounds)
    weeks: list[WeekFlow] = []
    at_end = active
    for start, count in zip(reversed(bounds[:-1]), reversed(counts), strict=True):
        flow = WeekFlow(
            start=start.date(),
            joined=count[ReaderEventKind.JOINED.value],
            returned=count[ReaderEventKind.RETURNED.value],
            unsubscribed=count[ReaderEventKind.UNSUBSCRIBED.value],
            blocked=count[ReaderEventKind.BLOCKED.value],
            active=max(at_end, 0),
        )
        weeks.append(flow)
        at_end -= flow.arrivals - flow.leaves
    return weeks[::-1]


def _broadcast_figures(
    session: Session, now: dt.datetime, horizon: dt.datetime
) -> list[BroadcastFigures]:
    rows = recent_broadcasts(session=session, limit=RECENT_BROADCASTS)
    figures = []
    for index, (broadcast, issue) in enumerate(rows):
        assert broadcast.started_at is not None and issue.id is not None
        windows = [(broadcast.started_at, broadcast.started_at + CHURN_WINDOW)]
        after: Broadcast | None = rows[index - 1][0] if index > 0 else None
        if after is not None and after.started_at is not None:
            windows.append((after.started_at, after.finished_at or horizon))
        churn = leaves_after_issue(session=session, issue_id=issue.id, windows=windows)
        figures.append(
            BroadcastFigures(
                issue=titled_label(issue),
                status=broadcast.status,
                started_at=broadcast.started_at,
                seconds=elapsed(broadcast, now),
                readers=broadcast.recipients,
                sent=broadcast.sent,
                blocked=broadcast.blocked,
                failed=broadcast.failed,
                churn_unsubscribed=churn[ReaderEventKind.UNSUBSCRIBED.value],
                churn_blocked=churn[ReaderEventKind.BLOCKED.value],
                week_over=now >= broadcast.started_at + CHURN_WINDOW,
            )
        )
    return figures


def gather_stats(*, session: Session, now: dt.datetime, tz: ZoneInfo) -> Stats:
    """Gather every figure of /stats at `now` (aware) with weeks in `tz`, in one transaction."""
    status = count_by_status(session=session)
    readers = Readers(
        active=status[SubscriberStatus.ACTIVE.value],
        started_only=status[SubscriberStatus.NEW.value],
        unsubscribed=status[SubscriberStatus.UNSUBSCRIBED.value],
        blocked=status[SubscriberStatus.BLOCKED.value],
    )
    weeks = _weeks(session, now, tz, readers.active)
    monday = dt.datetime.combine(weeks[-1].start, dt.time(0), tzinfo=tz)
    return Stats(
        now=now.astimezone(tz),
        readers=readers,
        weeks=tuple(weeks),
        referrals_week=count_referrals(session=session, since=monday),
        referrals_total=count_referrals(session=session),
        broadcasts=tuple(_broadcast_figures(session, now, monday + _WEEK)),
        groups=count_groups(session=session),
        readership=tuple(recent_readership(session=session)),
    )
