"""The next and the previous delivery moment, in wall-clock time of the configured zone."""

import datetime as dt
from zoneinfo import ZoneInfo

from bot.config import WeeklyTime
from bot.schedule import next_delivery, previous_delivery

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_7 = WeeklyTime.parse("mon 07:00")
UTC = dt.UTC


def test_next_delivery_is_monday_seven_in_berlin_winter_and_summer():
    winter = next_delivery(dt.datetime(2025, 1, 29, 12, tzinfo=UTC), MONDAY_7, BERLIN)
    summer = next_delivery(dt.datetime(2025, 7, 2, 12, tzinfo=UTC), MONDAY_7, BERLIN)
    assert winter == dt.datetime(2025, 2, 3, 7, tzinfo=BERLIN)
    assert winter.astimezone(UTC).hour == 6
    assert summer == dt.datetime(2025, 7, 7, 7, tzinfo=BERLIN)
    assert summer.astimezone(UTC).hour == 5


def test_on_monday_before_seven_it_is_today_and_at_seven_it_is_next_week():
    before = dt.datetime(2025, 2, 3, 6, 59, tzinfo=BERLIN)
    at = dt.datetime(2025, 2, 3, 7, 0, tzinfo=BERLIN)
    assert next_delivery(before, MONDAY_7, BERLIN) == at
    assert next_delivery(at, MONDAY_7, BERLIN) == dt.datetime(2025, 2, 10, 7, tzinfo=BERLIN)


def test_previous_delivery_includes_the_moment_itself():
    at = dt.datetime(2025, 2, 3, 7, 0, tzinfo=BERLIN)
    assert previous_delivery(at, MONDAY_7, BERLIN) == at
    just_before = at - dt.timedelta(seconds=1)
    assert previous_delivery(just_before, MONDAY_7, BERLIN) == dt.datetime(
        2025, 1, 27, 7, tzinfo=BERLIN
    )


def test_several_weekdays_pick_the_nearest():
    twice = WeeklyTime.parse("mon,thu 07:30")
    tuesday = dt.datetime(2025, 2, 4, 12, tzinfo=BERLIN)
    assert next_delivery(tuesday, twice, BERLIN) == dt.datetime(2025, 2, 6, 7, 30, tzinfo=BERLIN)
    assert previous_delivery(tuesday, twice, BERLIN) == dt.datetime(
        2025, 2, 3, 7, 30, tzinfo=BERLIN
    )
