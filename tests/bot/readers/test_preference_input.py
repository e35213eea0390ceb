"""Reading what a reader types after /settings and the data of the settings buttons."""

import pytest

from bot.readers.preference_input import (
    FORMAT,
    OVERVIEW,
    SECTIONS,
    TIME,
    TOGGLE,
    ZONE,
    Change,
    Menu,
    Problem,
    button_data,
    read_arguments,
    read_button,
)


def read(text: str) -> Change | Menu | Problem:
    return read_arguments(text.split())


@pytest.mark.parametrize(
    ("typed", "request_"),
    [
        ("", Menu(OVERVIEW)),
        ("format", Menu(FORMAT)),
        ("Zeit", Menu(TIME)),
        ("zone", Menu(ZONE)),
        ("abschnitte", Menu(SECTIONS)),
        ("format kompakt", Change(FORMAT, "compact")),
        ("FORMAT Voll", Change(FORMAT, "full")),
        ("format compact", Change(FORMAT, "compact")),
        ("zeit 07:45", Change(TIME, "07:45")),
        ("zeit 7:05", Change(TIME, "07:05")),
        ("zeit 7.45", Change(TIME, "07:45")),
        ("zeit 6 Uhr", Change(TIME, "06:00")),
        ("zeit 23:59", Change(TIME, "23:59")),
        ("zeit 00:00", Change(TIME, "00:00")),
        ("zeit sofort", Change(TIME, "now")),
        ("zeit standard", Change(TIME, None)),
        ("time now", Change(TIME, "now")),
        ("zone Europe/Vienna", Change(ZONE, "Europe/Vienna")),
        ("zone europe/vienna", Change(ZONE, "Europe/Vienna")),
        ("zone Wien", Change(ZONE, "Europe/Vienna")),
        ("zone new york", Change(ZONE, "America/New_York")),
        ("zone standard", Change(ZONE, None)),
        ("abschnitte news chart", Change(SECTIONS, "news,chart")),
        ("abschnitte Chart, News", Change(SECTIONS, "news,chart")),
        ("abschnitte hauptthema hörenswert", Change(SECTIONS, "lead,podcast")),
        ("abschnitte alle", Change(SECTIONS, None)),
        ("abschnitte lead news chart podcast earnings", Change(SECTIONS, None)),
    ],
)
def test_typed_settings_are_read(typed: str, request_: Change | Menu) -> None:
    assert read(typed) == request_


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("zeit 25:00", Problem(TIME, "25:00")),
        ("zeit 07:60", Problem(TIME, "07:60")),
        ("zeit morgens", Problem(TIME, "morgens")),
        ("zeit -1", Problem(TIME, "-1")),
        ("zone Mars/Olympus", Problem(ZONE, "Mars/Olympus")),
        ("zone Europe/Viena", Problem(ZONE, "Europe/Viena", "Europe/Vienna")),
        ("zone " + "x" * 500, Problem(ZONE, "x" * 500)),
        ("format riesig", Problem(FORMAT, "riesig")),
        ("abschnitte news wetter", Problem(SECTIONS, "wetter")),
        ("abschnitte , ,", Problem(SECTIONS, ", ,")),
        ("farbe blau", Problem("usage", "farbe")),
    ],
)
def test_input_that_is_no_setting_is_a_problem(typed: str, problem: Problem) -> None:
    assert read(typed) == problem


@pytest.mark.parametrize(
    "request_",
    [
        Menu(),
        Menu(FORMAT),
        Menu(TIME),
        Menu(ZONE),
        Menu(SECTIONS),
        Change(FORMAT, "compact"),
        Change(FORMAT, "full"),
        Change(TIME, "07:45"),
        Change(TIME, "now"),
        Change(TIME, None),
        Change(ZONE, "America/New_York"),
        Change(ZONE, "America/Argentina/ComodRivadavia"),
        Change(ZONE, None),
        Change(TOGGLE, "earnings"),
    ],
)
def test_every_button_reads_back_as_what_it_was_made_for(request_: Change | Menu) -> None:
    data = button_data(request_)
    assert len(data.encode()) <= 64
    assert read_button(data) == request_


@pytest.mark.parametrize(
    "data",
    [
        "set:fmt:riesig",
        "set:time:25:00",
        "set:time:7:45",  # not the form a button writes
        "set:zone:Mars/Olympus",
        "set:zone:europe/vienna",
        "set:sec:wetter",
        "set:sec",
        "set:secs:news",
        "set:menu:x",
        "set:unbekannt",
        "set:",
        "sec:1:2",
    ],
)
def test_data_no_current_button_has_is_none(data: str) -> None:
    assert read_button(data) is None
