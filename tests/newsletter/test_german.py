"""German numbers, durations and issue labels: one way to write each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from newsletter.german import day_label, decimal, duration, issue_label, number, titled_label


@dataclass
class Stored:
    week: int | None
    year: int | None
    title: str


def test_numbers_and_decimals_the_german_way() -> None:
    assert number(12345) == "12.345"
    assert number(7) == "7"
    assert decimal(29.84) == "29,8"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (3725, "1 Std. 2 Min."),
        (42, "42 Sek."),
        (125, "2 Min. 5 Sek."),
        (660, "11 Min."),
        (-3, "0 Sek."),
    ],
)
def test_durations(seconds: float, text: str) -> None:
    assert duration(seconds) == text


def test_issue_labels() -> None:
    assert issue_label(6, 2025) == "KW 6/2025"
    assert issue_label(6, None) == "KW 6"
    assert issue_label(None, None, dt.date(2025, 3, 1)) == "1. März 2025"
    assert issue_label(None, None) == "Sonderausgabe"


def test_admins_see_the_label_with_the_title_once() -> None:
    assert titled_label(Stored(6, 2025, "Der Drache erwacht")) == "KW 6/2025 – Der Drache erwacht"
    assert titled_label(Stored(6, 2025, "KW6 - Der Drache erwacht")) == "KW6 - Der Drache erwacht"
    assert titled_label(Stored(6, 2025, "KW 6: Drache")) == "KW 6: Drache"
    assert titled_label(Stored(None, None, " Sonderausgabe Mai ")) == "Sonderausgabe Mai"


def test_day_label() -> None:
    assert day_label(dt.date(2025, 2, 3)) == "Montag, 3. Februar"
