"""When an issue may go out by itself, and which delivery slot it belongs to (no I/O).

An issue is *released* when an admin approved it, or when nobody held it back, the conversion
checks found nothing blocking and APPROVAL_REQUIRED is off. Only a released issue is sent by
the schedule; an admin's /broadcast is a decision of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from bot.config import Settings
from storage.tables import IssueRecord

SAME_WEEK = dt.timedelta(days=7)


class Release(NamedTuple):
    """Whether the issue may go out by itself; if not, why (German, for the admins)."""

    released: bool
    reason: str | None = None


def release_state(issue: IssueRecord, settings: Settings) -> Release:
    """Decide whether `issue` is released (see the module docstring)."""
    if issue.approved_at is not None:
        return Release(True)
    if issue.held_at is not None:
        return Release(False, "von einem Admin zurückgehalten")
    if issue.blocking:
        return Release(False, "blockiert: " + "; ".join(b.rstrip(".") for b in issue.blocking))
    if settings.approval_required:
        return Release(False, "noch nicht freigegeben (APPROVAL_REQUIRED)")
    return Release(True)


def waits_for_issue(settings: Settings) -> bool:
    """Whether a slot stays open for this week's issue (it comes from FEED_URL by itself)."""
    return settings.feed_url is not None


def belongs_to_slot(issue: IssueRecord, slot: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether `issue` is the issue of the week of `slot` (its KW, else its date's week)."""
    day = slot.astimezone(tz).date()
    week = day.isocalendar().week
    if issue.week is not None:
        return issue.week == week and (issue.date is None or abs(issue.date - day) < SAME_WEEK)
    if issue.date is not None:
        return issue.date.isocalendar()[:2] == day.isocalendar()[:2]
    return False
