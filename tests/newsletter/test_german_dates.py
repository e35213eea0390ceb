"""German weekday and month names: read forgivingly, written in full."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsletter.german_dates import (
    MONTHS,
    WEEKDAYS,
    format_day,
    parse_month,
    parse_weekday,
    weekday_name,
)


@pytest.mark.parametrize(
    ("token", "index"),
    [("Montag", 0), ("montag", 0), ("Mo", 0), ("Mo.", 0), ("DI", 1), ("Mittwoch", 2),
     ("Do.", 3), ("Fr", 4), ("Samstag", 5), ("Sonnabend", 5), ("So", 6)],
)  # fmt: skip
def test_weekday_spellings_are_read(token, index):
    assert parse_weekday(token) == index


@pytest.mark.parametrize("token", ["Die", "Mit", "Son", "Mobileye", "Monat", ""])
def test_words_that_only_start_like_a_weekday_are_not_weekdays(token):
    assert parse_weekday(token) is None


@pytest.mark.parametrize(
    ("token", "month"),
    [("Januar", 1), ("Jan.", 1), ("Jänner", 1), ("Feb", 2), ("Febr.", 2), ("März", 3),
     ("Maerz", 3), ("MÄRZ", 3), ("Mrz", 3), ("Mai", 5), ("Sept.", 9), ("Okt", 10),
     ("October", 10), ("Dez.", 12)],
)  # fmt: skip
def test_month_spellings_are_read(token, month):
    assert parse_month(token) == month


@pytest.mark.parametrize("token", ["Platz", "FC", "Ma", "Jahr", ""])
def test_other_words_are_not_months(token):
    assert parse_month(token) is None


@given(st.dates())
def test_full_names_read_back_to_the_date_they_were_written_from(date):
    assert parse_weekday(weekday_name(date)) == date.weekday()
    assert parse_month(MONTHS[date.month - 1]) == date.month


def test_days_are_written_in_full():
    assert weekday_name(dt.date(2025, 2, 4)) == "Dienstag"
    assert format_day(4, 3) == "4. März"
    assert format_day(4, 3, 2025) == "4. März 2025"
    assert len(WEEKDAYS) == 7
