"""Values of settings as the environment writes them: weekly times ("mon 07:00"), durations
("12h", "90m"), wall-clock times ("09:00") and webhook URLs, parsed with German errors."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_WEEKDAYS = {
    # PTB's run_daily counts 0 = Sunday.
    "sun": 0, "so": 0, "sonntag": 0, "sunday": 0,
    "mon": 1, "mo": 1, "montag": 1, "monday": 1,
    "tue": 2, "di": 2, "dienstag": 2, "tuesday": 2,
    "wed": 3, "mi": 3, "mittwoch": 3, "wednesday": 3,
    "thu": 4, "do": 4, "donnerstag": 4, "thursday": 4,
    "fri": 5, "fr": 5, "freitag": 5, "friday": 5,
    "sat": 6, "sa": 6, "samstag": 6, "saturday": 6,
}  # fmt: skip
_GRACE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def check_webhook_url(url: str) -> str:
    """Return `url` if Telegram can call it: https with a host (http only on this machine,
    for tests against a local fake); raise `ValueError` in German otherwise."""
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in _LOOPBACK
    if not parts.hostname or not (parts.scheme == "https" or local):
        example = "https://bot.example.org/telegram"
        raise ValueError(f"erwartet eine https-URL wie {example}, nicht {url!r}")
    return url


def parse_duration(value: object, *, bare: str) -> object:
    """`"12h"`, `"90m"`, `"3600s"`, `"1d"` as a timedelta; a bare number is in unit `bare`.
    Anything but a string is returned as it is (pydantic checks it)."""
    if not isinstance(value, str):
        return value
    match = _GRACE.match(value)
    if not match:
        raise ValueError(f"erwartet eine Dauer wie 12h, 90m oder 3600s, nicht {value!r}")
    unit = match[2].lower() or bare
    return dt.timedelta(seconds=float(match[1]) * _UNIT_SECONDS[unit])


@dataclass(frozen=True, slots=True)
class WeeklyTime:
    """When the broadcast fires: weekdays in PTB's numbering (0 = Sunday) and a wall-clock time."""

    days: tuple[int, ...]
    time: dt.time

    @classmethod
    def parse(cls, value: str) -> WeeklyTime:
        """Parse `"mon 07:00"`, `"mon,thu 07:30"` or `"Montag 7:00"`."""
        parts = value.strip().lower().split()
        if len(parts) != 2:
            raise ValueError(f"erwartet wie 'mon 07:00', nicht {value!r}")
        names, clock = parts
        try:
            days = tuple(sorted({_WEEKDAYS[n.strip()] for n in names.split(",")}))
        except KeyError as exc:
            raise ValueError(f"unbekannter Wochentag {exc.args[0]!r} in {value!r}") from None
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", clock)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError(f"erwartet eine Uhrzeit wie 07:00, nicht {clock!r}")
        return cls(days=days, time=dt.time(int(match[1]), int(match[2])))


def parse_clock(value: str) -> dt.time:
    """Parse a wall-clock time "09:00" or "9:00"; raise ValueError with a German message."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"erwartet eine Uhrzeit wie 09:00, nicht {value!r}")
    return dt.time(int(match[1]), int(match[2]))
