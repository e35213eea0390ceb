"""Reply formatting: dates, names on the leaderboard, long texts cut to Telegram's limit."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.formatting.archive import short_title
from handlers.formatting.referrals import public_name
from handlers.replies import chunks
from newsletter.german_dates import german_moment
from newsletter.utf16 import utf16_len


def test_delivery_time_reads_like_a_german_date() -> None:
    moment = dt.datetime(2026, 2, 9, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert german_moment(moment) == "Montag, 9. Februar, 07:00 Uhr"


def test_short_title_drops_the_week_prefix() -> None:
    assert short_title("KW6 - Der Drache erwacht") == "Der Drache erwacht"
    assert short_title("KW16 – 🌹 Audienz bei Don Zolleone") == "🌹 Audienz bei Don Zolleone"
    assert short_title("KW6") == "KW6"
    assert len(short_title("x" * 300)) == 90


@pytest.mark.parametrize(
    ("first_name", "shown"),
    [
        ("Erika Mustermann", "Erika"),
        ("Jean-Luc Picard", "Jean-Luc"),
        ("@spam_bot https://x", "spam"),
        ("Konstantinopel Meier", "Konstantino."),
        ("Maximilianus Secundus", "Maximilianus"),
        ("🙂", "Anonym"),
        (None, "Anonym"),
        ("1234567", "Anonym"),
    ],
)
def test_public_name_is_at_most_the_first_word(first_name: str | None, shown: str) -> None:
    assert public_name(first_name) == shown


def test_chunks_keep_short_text_whole_and_cut_long_text_between_lines() -> None:
    assert chunks("kurz") == ["kurz"]
    text = "\n".join(f"• Firma {i} – vor US-Börsenstart" for i in range(400))
    parts = chunks(text)
    assert len(parts) > 1
    assert "\n".join(parts) == text
    assert all(utf16_len(p) <= 4096 for p in parts)


@given(st.text(min_size=1, max_size=12000))
def test_chunks_respect_the_limit_and_lose_only_whitespace(text: str) -> None:
    parts = chunks(text, limit=500)
    assert all(0 < utf16_len(p) <= 500 for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
