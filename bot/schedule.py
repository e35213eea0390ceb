"""When the next Monday delivery is: the broadcast time in the configured time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.config import WeeklyTime


def _ptb_weekday(day: dt.date) -> int:
    """PTB's numbering: 0 = Sunday … 6 = Saturday."""
    return (day.weekday() + 1) % 7


def next_delivery(now: dt.datetime, schedule: WeeklyTime, tz: ZoneInfo) -> dt.datetime:
    """Return the first scheduled moment strictly after `now` (aware), in `tz`.

    Wall-clock time: 07:00 stays 07:00 across daylight-saving changes.
    """
    local = now.astimezone(tz)
    for ahead in range(8):
        day = local.date() + dt.timedelta(days=ahead)
        if _ptb_weekday(day) not in schedule.days:
            continue
        moment = dt.datetime.combine(day, schedule.time, tzinfo=tz)
        if moment > local:
            return moment
    raise ValueError("schedule has no weekdays")  # WeeklyTime.parse never allows this


def previous_delivery(now: dt.datetime, schedule: WeeklyTime, tz: ZoneInfo) -> dt.datetime:
    """Return the last scheduled moment at or before `now`, in `tz`."""
    local = now.astimezone(tz)
    for back in range(8):
        day = local.date() - dt.timedelta(days=back)
        if _ptb_weekday(day) not in schedule.days:
            continue
        moment = dt.datetime.combine(day, schedule.time, tzinfo=tz)
        if moment <= local:
            return moment
    raise ValueError("schedule has no weekdays")
