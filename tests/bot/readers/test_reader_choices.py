"""What a reader's choices mean: their zone (`reader_zone`, `reader_zones`, typed zone names),
their delivery time, DEFAULT_FORMAT, and changing a choice (at least one section stays on)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from bot.config import ConfigError, Settings, WeeklyTime, load_settings
from bot.readers.delivery_times import next_reader_delivery, parse_delivery_time
from bot.readers.preference_input import FORMAT, SECTIONS, TIME, TOGGLE, ZONE, Change
from bot.readers.preferences import LAST_SECTION, change_setting, reader_choice, reader_settings
from bot.readers.zones import find_zone, reader_zone, reader_zones, suggest_zone
from newsletter.choices import ALL_SECTIONS, COMPACT, FULL, Choice
from storage.preferences import get_preferences, set_timezone
from storage.subscribers import get_subscriber, subscribe

BERLIN, VIENNA, NEW_YORK = (
    ZoneInfo(z) for z in ("Europe/Berlin", "Europe/Vienna", "America/New_York")
)
MONDAY_7 = WeeklyTime.parse("mon 07:00")
TUESDAY = dt.datetime(2025, 2, 4, 9, 0, tzinfo=dt.UTC)  # 10:00 in Berlin
CHAT = 4242


def settings(**overrides: Any) -> Settings:
    values = {"database_url": "sqlite://", "timezone": "Europe/Berlin", "broadcast_at": "mon 07:00"}
    return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]


def test_reader_zone_is_the_readers_own_else_timezone(session: Session) -> None:
    subscribe(session=session, chat_id=CHAT)
    assert reader_zone(get_subscriber(session=session, chat_id=CHAT), settings()) == BERLIN
    assert reader_zone(None, settings()) == BERLIN
    set_timezone(session=session, chat_id=CHAT, timezone="America/New_York")
    assert reader_zone(get_subscriber(session=session, chat_id=CHAT), settings()) == NEW_YORK


def test_a_stored_zone_this_machine_does_not_know_is_timezone(session: Session) -> None:
    set_timezone(session=session, chat_id=CHAT, timezone="Mars/Olympus")  # a hand-edited row
    assert reader_zone(get_subscriber(session=session, chat_id=CHAT), settings()) == BERLIN


def test_reader_zones_are_timezone_and_every_chosen_zone(session: Session) -> None:
    assert reader_zones(session=session, settings=settings()) == {BERLIN}
    set_timezone(session=session, chat_id=1, timezone="Europe/Vienna")
    set_timezone(session=session, chat_id=2, timezone="America/New_York")
    set_timezone(session=session, chat_id=3, timezone="Europe/Vienna")
    assert reader_zones(session=session, settings=settings()) == {BERLIN, VIENNA, NEW_YORK}


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Vienna", "Europe/Vienna"),
        ("europe/vienna", "Europe/Vienna"),
        (" EUROPE/VIENNA ", "Europe/Vienna"),
        ("Vienna", "Europe/Vienna"),
        ("Wien", "Europe/Vienna"),
        ("Zürich", "Europe/Zurich"),
        ("new york", "America/New_York"),
        ("UTC", "UTC"),
        ("Mars/Olympus", None),
        ("", None),
        ("posix/Europe/Berlin", None),
    ],
)
def test_typed_zones_are_found_case_insensitively(typed: str, zone: str | None) -> None:
    assert find_zone(typed) == zone


def test_a_mistyped_zone_gets_a_suggestion_and_nonsense_none() -> None:
    assert suggest_zone("Europe/Viena") == "Europe/Vienna"
    assert suggest_zone("Amerika/New_York") == "America/New_York"
    assert suggest_zone("Mars/Olympus") is None


def test_the_next_delivery_is_at_the_readers_time_in_the_readers_zone() -> None:
    own = parse_delivery_time("07:45", MONDAY_7)
    assert next_reader_delivery(TUESDAY, own, BERLIN) == dt.datetime(
        2025, 2, 10, 7, 45, tzinfo=BERLIN
    )
    new_york = next_reader_delivery(TUESDAY, parse_delivery_time(None, MONDAY_7), NEW_YORK)
    assert new_york == dt.datetime(2025, 2, 10, 7, 0, tzinfo=NEW_YORK)  # 13:00 in Berlin
    assert new_york.astimezone(dt.UTC).hour == 12
    assert next_reader_delivery(TUESDAY, parse_delivery_time("now", MONDAY_7), BERLIN) is None


def test_a_delivery_time_stays_on_the_wall_clock_across_daylight_saving() -> None:
    saturday = dt.datetime(2025, 3, 29, 12, tzinfo=dt.UTC)  # summer time starts on Sunday
    moment = next_reader_delivery(saturday, parse_delivery_time("06:30", MONDAY_7), BERLIN)
    assert moment == dt.datetime(2025, 3, 31, 6, 30, tzinfo=BERLIN)
    assert moment.utcoffset() == dt.timedelta(hours=2)


@pytest.mark.parametrize("stored", [None, "", "25:00", "7:45", "morgens"])
def test_a_stored_time_that_is_no_time_is_the_standard(stored: str | None) -> None:
    delivery = parse_delivery_time(stored, MONDAY_7)
    assert delivery.standard and delivery.schedule == MONDAY_7


def test_the_readers_time_keeps_broadcast_at_s_weekdays() -> None:
    twice = WeeklyTime.parse("mon,thu 07:00")
    assert parse_delivery_time("18:30", twice).schedule == WeeklyTime((1, 4), dt.time(18, 30))


@pytest.mark.parametrize(("value", "fmt"), [("voll", FULL), ("Kompakt", COMPACT), ("full", FULL),
                                            ("compact", COMPACT)])  # fmt: skip
def test_default_format_takes_german_and_english_words(value: str, fmt: str) -> None:
    assert load_settings(_env_file=None, default_format=value).default_format == fmt


def test_a_bad_default_format_is_one_german_line() -> None:
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None, default_format="riesig")
    assert str(error.value) == "DEFAULT_FORMAT: erwartet voll oder kompakt, nicht 'riesig'"


def test_a_reader_without_a_format_gets_default_format(session: Session) -> None:
    subscribe(session=session, chat_id=CHAT)
    row = get_subscriber(session=session, chat_id=CHAT)
    assert reader_choice(row, settings()) == Choice(FULL, ALL_SECTIONS)
    assert reader_choice(row, settings(default_format="kompakt")) == Choice(COMPACT, ALL_SECTIONS)
    change(session, Change(FORMAT, FULL))
    row = get_subscriber(session=session, chat_id=CHAT)
    assert reader_choice(row, settings(default_format="kompakt")).format == FULL


def change(session: Session, request: Change):
    return change_setting(session=session, chat_id=CHAT, change=request, settings=settings(),
                          now=TUESDAY)  # fmt: skip


def test_switching_sections_keeps_at_least_one_on(session: Session) -> None:
    change(session, Change(SECTIONS, "news,chart"))
    assert change(session, Change(TOGGLE, "news")).settings.choice.sections == {"chart"}
    refused = change(session, Change(TOGGLE, "chart"))
    assert refused.refused == LAST_SECTION
    assert refused.settings.choice.sections == {"chart"}
    assert get_preferences(session=session, chat_id=CHAT).sections == "chart"
    assert change(session, Change(TOGGLE, "lead")).settings.choice.sections == {"lead", "chart"}


def test_switching_every_section_back_on_stores_the_default(session: Session) -> None:
    change(session, Change(SECTIONS, "lead,news,chart,podcast"))
    change(session, Change(TOGGLE, "earnings"))
    assert get_preferences(session=session, chat_id=CHAT).sections is None


def test_the_settings_summary_shows_choices_and_defaults(session: Session) -> None:
    subscribe(session=session, chat_id=CHAT)
    before = reader_settings(session=session, chat_id=CHAT, settings=settings(), now=TUESDAY)
    assert before.delivery.standard and before.zone_is_default and before.subscribed
    assert before.next_delivery == dt.datetime(2025, 2, 10, 7, tzinfo=BERLIN)
    change(session, Change(TIME, "06:15"))
    after = change(session, Change(ZONE, "America/New_York")).settings
    assert not after.delivery.standard and not after.zone_is_default
    assert after.next_delivery == dt.datetime(2025, 2, 10, 6, 15, tzinfo=NEW_YORK)
    assert change(session, Change(TIME, "now")).settings.next_delivery is None
