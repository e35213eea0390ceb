"""The publishing settings: FEED_URL, FEED_INTERVAL, APPROVAL_REQUIRED, CHANNEL_ID."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.config import ConfigError, load_settings


def load(**values: str):
    return load_settings(_env_file=None, **values)


@pytest.mark.parametrize(
    ("given", "seconds"), [("30s", 30), ("5m", 300), ("1h", 3600), ("15", 900), ("10s", 10)]
)
def test_feed_interval_accepts_seconds_minutes_and_hours(given, seconds) -> None:
    assert load(feed_interval=given).feed_interval == dt.timedelta(seconds=seconds)


def test_the_defaults_poll_nothing_and_need_no_approval() -> None:
    settings = load()
    assert settings.feed_url is None and settings.feed_interval == dt.timedelta(minutes=10)
    assert settings.approval_required is False and settings.channel_id is None


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"feed_interval": "5s"}, "FEED_INTERVAL: mindestens 10s, nicht '5s'"),
        ({"feed_interval": "bald"}, "FEED_INTERVAL: erwartet eine Dauer"),
        ({"feed_url": "doppelgaenger.beehiiv.com/feed"}, "FEED_URL: erwartet eine http(s)-URL"),
        ({"channel_id": "doppelkanal"}, "CHANNEL_ID: erwartet @kanalname oder -100…"),
        ({"channel_id": "-42"}, "CHANNEL_ID: erwartet @kanalname oder -100…"),
    ],
)
def test_malformed_publishing_settings_are_one_line(values, says) -> None:
    with pytest.raises(ConfigError, match=r"^" + says.replace("(", r"\(").replace(")", r"\)")):
        load(**values)


def test_channel_and_feed_are_taken_as_given() -> None:
    settings = load(feed_url=" https://x.example/feed ", channel_id="@doppelkanal")
    assert (settings.feed_url, settings.channel_id) == ("https://x.example/feed", "@doppelkanal")
    assert load(channel_id="-1001234567890").channel_id == "-1001234567890"
    assert load(feed_url="").feed_url is None


def test_files_are_downloaded_from_the_api_servers_file_path() -> None:
    assert load().telegram_file_url == "https://api.telegram.org/file/bot"
    local = load(telegram_api_url="http://127.0.0.1:8081/bot")
    assert local.telegram_file_url == "http://127.0.0.1:8081/file/bot"
