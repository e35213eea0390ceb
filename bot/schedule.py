"""When the next Monday delivery is: the broadcast time in the configured time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.config import WeeklyTime


def _ptb_weekday(day: dt.date) -> int:
    """PTB's numbering: 0 = Sunday … 6 = Saturday."""
    return (day.weekday() + 1) % 7


def _moments(
    local: dt.datetime, schedule: WeeklyTime, tz: ZoneInfo, step: int
) -> list[dt.datetime]:
    """The scheduled moments on the eight days from `local`'s date on, going `step` (±1) days."""
    days = (local.date() + dt.timedelta(days=step * n) for n in range(8))
    return [
        dt.datetime.combine(day, schedule.time, tzinfo=tz)
        for day in days
        if _ptb_weekday(day) in schedule.days
    ]


def next_delivery(now: dt.datetime, schedule: WeeklyTime, tz: ZoneInfo) -> dt.datetime:
    """Return the first scheduled moment strictly after `now` (aware), in `tz`.

    Wall-clock time: 07:00 stays 07:00 across daylight-saving changes.
    """
    local = now.astimezone(tz)
    return next(m for m in _moments(local, schedule, tz, +1) if m > local)


def previous_delivery(now: dt.datetime, schedule: WeeklyTime, tz: ZoneInfo) -> dt.datetime:
    """Return the last scheduled moment at or before `now`, in `tz`."""
    local = now.astimezone(tz)
    return next(m for m in _moments(local, schedule, tz, -1) if m <= local)
