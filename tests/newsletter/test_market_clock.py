"""The US open and close on the reader's clock, in normal weeks and in the DST gap weeks.

The US switches on the 2nd Sunday of March and the 1st Sunday of November, Europe on the last
Sundays of March and October: 2025 US 9 Mar / 2 Nov, EU 30 Mar / 26 Oct; 2026 US 8 Mar / 1 Nov,
EU 29 Mar / 25 Oct.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from newsletter.market_clock import (
    clock_label,
    local_time,
    market_time,
    timing_with_clock,
)

BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")

# (day, Berlin open, Berlin close, London open, London close)
WEEKS = [
    # normal winter weeks
    (dt.date(2025, 2, 4), "15:30", "22:00", "14:30", "21:00"),
    (dt.date(2026, 1, 13), "15:30", "22:00", "14:30", "21:00"),
    # the Friday before the US switches: still winter on both sides
    (dt.date(2025, 3, 7), "15:30", "22:00", "14:30", "21:00"),
    (dt.date(2026, 3, 6), "15:30", "22:00", "14:30", "21:00"),
    # spring: only the US has switched (2025: 10–28 March, 2026: 9–27 March)
    (dt.date(2025, 3, 10), "14:30", "21:00", "13:30", "20:00"),
    (dt.date(2025, 3, 28), "14:30", "21:00", "13:30", "20:00"),
    (dt.date(2026, 3, 9), "14:30", "21:00", "13:30", "20:00"),
    (dt.date(2026, 3, 27), "14:30", "21:00", "13:30", "20:00"),
    # both switched: normal summer weeks
    (dt.date(2025, 3, 31), "15:30", "22:00", "14:30", "21:00"),
    (dt.date(2026, 3, 30), "15:30", "22:00", "14:30", "21:00"),
    (dt.date(2026, 7, 14), "15:30", "22:00", "14:30", "21:00"),
    (dt.date(2025, 10, 24), "15:30", "22:00", "14:30", "21:00"),
    # autumn: only Europe has switched back (2025: 27–31 October, 2026: 26–30 October)
    (dt.date(2025, 10, 27), "14:30", "21:00", "13:30", "20:00"),
    (dt.date(2025, 10, 31), "14:30", "21:00", "13:30", "20:00"),
    (dt.date(2026, 10, 26), "14:30", "21:00", "13:30", "20:00"),
    (dt.date(2026, 10, 30), "14:30", "21:00", "13:30", "20:00"),
    # both back on winter time
    (dt.date(2025, 11, 3), "15:30", "22:00", "14:30", "21:00"),
    (dt.date(2026, 11, 2), "15:30", "22:00", "14:30", "21:00"),
]


@pytest.mark.parametrize(
    ("day", "berlin_open", "berlin_close", "london_open", "london_close"), WEEKS
)
def test_open_and_close_in_berlin_and_london(
    day: dt.date, berlin_open: str, berlin_close: str, london_open: str, london_close: str
) -> None:
    assert clock_label(day, "BMO", BERLIN) == berlin_open
    assert clock_label(day, "AMC", BERLIN) == berlin_close
    assert clock_label(day, "BMO", LONDON) == london_open
    assert clock_label(day, "AMC", LONDON) == london_close


@pytest.mark.parametrize(
    ("day", "open_", "close"),
    [
        (dt.date(2025, 2, 4), "23:30", "Mi 06:00"),  # New York on winter time
        (dt.date(2026, 3, 9), "22:30", "Di 05:00"),  # New York on summer time, Tokyo has none
        (dt.date(2025, 10, 27), "22:30", "Di 05:00"),
        (dt.date(2025, 11, 3), "23:30", "Di 06:00"),
    ],
)
def test_tokyo_sees_the_close_on_the_next_morning(day: dt.date, open_: str, close: str) -> None:
    assert clock_label(day, "BMO", TOKYO) == open_
    assert clock_label(day, "AMC", TOKYO) == close


def test_market_time_is_new_york_wall_clock_with_the_right_offset() -> None:
    winter, summer = (
        market_time(dt.date(2026, 3, 6), "BMO"),
        market_time(dt.date(2026, 3, 9), "BMO"),
    )
    assert (winter.hour, winter.minute, summer.hour, summer.minute) == (9, 30, 9, 30)
    assert winter.utcoffset() == dt.timedelta(hours=-5)
    assert summer.utcoffset() == dt.timedelta(hours=-4)
    close = market_time(dt.date(2025, 10, 27), "AMC")
    assert close.astimezone(dt.UTC) == dt.datetime(2025, 10, 27, 20, 0, tzinfo=dt.UTC)


def test_local_time_is_aware_in_the_given_zone() -> None:
    moment = local_time(dt.date(2025, 2, 4), "BMO", BERLIN)
    assert moment == dt.datetime(2025, 2, 4, 15, 30, tzinfo=BERLIN)
    assert moment.tzinfo is BERLIN


@pytest.mark.parametrize("timing", [None, "", "XYZ"])
def test_rows_without_timing_have_no_time(timing: str | None) -> None:
    day = dt.date(2025, 2, 4)
    assert market_time(day, timing) is None
    assert clock_label(day, timing, BERLIN) is None
    assert timing_with_clock(day, timing, BERLIN) is None


def test_timing_with_clock_reads_like_the_earnings_list() -> None:
    day = dt.date(2026, 3, 10)
    assert timing_with_clock(day, "BMO", BERLIN) == "vor US-Börsenstart (14:30)"
    assert timing_with_clock(day, "AMC", BERLIN) == "nach US-Börsenschluss (21:00)"
