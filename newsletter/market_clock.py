"""When the US market opens and closes, on the reader's clock.

An earnings list says "BMO" (before the market opens, 09:30 in New York) or "AMC" (after it
closes, 16:00 in New York). The wall-clock time in Europe depends on the week: the US switches to
daylight saving time on the second Sunday of March and back on the first Sunday of November,
Europe on the last Sundays of March and October, so for a few weeks a year the gap is five hours
instead of six. Every conversion here goes through the tz database (`zoneinfo`), never through a
fixed offset.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

US_MARKET_ZONE = "America/New_York"
US_OPEN = dt.time(9, 30)
US_CLOSE = dt.time(16, 0)
REPORT_MINUTES = 30  # the length of a calendar event at the open or the close

TIMING_WORDS = {"BMO": "vor US-Börsenstart", "AMC": "nach US-Börsenschluss"}
SHORT_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


@cache
def market_zone() -> ZoneInfo:
    """Return New York's zone (read from the tz database once, on first use)."""
    return ZoneInfo(US_MARKET_ZONE)


def market_time(day: dt.date, timing: str | None) -> dt.datetime | None:
    """Return the US open (BMO) or close (AMC) of `day` as an aware New York time, else None."""
    clock = {"BMO": US_OPEN, "AMC": US_CLOSE}.get(timing or "")
    if clock is None:
        return None
    return dt.datetime.combine(day, clock, tzinfo=market_zone())


def local_time(day: dt.date, timing: str | None, zone: dt.tzinfo) -> dt.datetime | None:
    """Return the US open or close of `day` in `zone` (None without a timing)."""
    moment = market_time(day, timing)
    return None if moment is None else moment.astimezone(zone)


def clock_label(day: dt.date, timing: str | None, zone: dt.tzinfo) -> str | None:
    """Return the local clock time of the open or close: "15:30".

    When the moment falls on another local date than the report day (the close is 06:00 the next
    morning in Tokyo), the weekday comes first: "Mi 06:00". None without a timing.
    """
    moment = local_time(day, timing, zone)
    if moment is None:
        return None
    label = f"{moment:%H:%M}"
    if moment.date() != day:
        label = f"{SHORT_WEEKDAYS[moment.weekday()]} {label}"
    return label


def timing_with_clock(day: dt.date, timing: str | None, zone: dt.tzinfo) -> str | None:
    """Return "vor US-Börsenstart (15:30)" / "nach US-Börsenschluss (22:00)", else None."""
    words = TIMING_WORDS.get(timing or "")
    label = clock_label(day, timing, zone)
    if words is None or label is None:
        return None
    return f"{words} ({label})"
