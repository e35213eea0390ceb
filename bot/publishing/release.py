"""When an issue may go out by itself, and which delivery slot it belongs to (no I/O).

An issue is *released* when an admin approved it, or when nobody held it back, the conversion
checks found nothing blocking and APPROVAL_REQUIRED is off. Only a released issue is sent by
the schedule; an admin's /broadcast is a decision of its own. An issue of a week before the
slot's (`of_past_week`: found late by the feed, an upload or the backfill) is never sent by
the schedule.
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


def of_past_week(week: int | None, year: int | None, date: dt.date | None, day: dt.date) -> bool:
    """Whether an issue (its KW, in the ISO year of its date) belongs to a week before `day`'s;
    an issue with neither KW nor date is of no known week (False)."""
    this_week = day.isocalendar()[:2]
    if week is None:
        return date is not None and date.isocalendar()[:2] < this_week
    if date is not None:
        year, dated = date.isocalendar()[:2]
        year += (dated - week > 26) - (week - dated > 26)  # KW1 dated 30 Dec, KW52 dated 2 Jan
    return year is not None and (year, week) < this_week
