"""Dates as the newsletter writes them: "3. Februar 2025", "February 3, 2025", ISO and RFC 822.

Publication times are instants; the issue's date is the local date in Europe/Berlin
(2025-02-03T05:00Z is 3 February, 2025-02-02T23:30Z is 3 February too).

Month names are read through `newsletter.german_dates`, which owns the names (and writes dates).
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsletter.german_dates import parse_month

_MONTH = r"([A-Za-zÄÖÜäöü]{3,9})\.?"
# "3. Februar 2025", "03. Feb. 2025"
_GERMAN = re.compile(r"\b(\d{1,2})\.\s*" + _MONTH + r"\s+(\d{4})\b")
# "February 3, 2025", "Feb 03 2025"
_ENGLISH = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b")


def find_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """Return the first written date in `text` and its span, or None.

    Accepts the German form ("3. Februar 2025", "3. Feb. 2025") and the English one that beehiiv
    bylines use ("February 3, 2025"). Impossible dates (31. Februar) are skipped.
    """
    found: list[tuple[int, dt.date, tuple[int, int]]] = []
    for pattern, order in ((_GERMAN, (3, 2, 1)), (_ENGLISH, (3, 1, 2))):
        for match in pattern.finditer(text):
            year, month, day = (match.group(i) for i in order)
            date = _make_date(year, month, day)
            if date is not None:
                found.append((match.start(), date, match.span()))
                break
    if not found:
        return None
    _, date, span = min(found, key=lambda item: item[0])
    return date, span


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    number = parse_month(month)
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def parse_timestamp(value: str | None) -> dt.datetime | None:
    """Parse an ISO 8601 or RFC 822 timestamp; naive values are taken as UTC. None if unreadable."""
    if not value or not value.strip():
        return None
    value = value.strip()
    moment: dt.datetime | None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def berlin_date(moment: dt.datetime) -> dt.date:
    """Return the calendar date of `moment` in Europe/Berlin (naive means UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(ZoneInfo("Europe/Berlin")).date()
    except ZoneInfoNotFoundError:  # no tz database on this machine: the EU rule since 1996
        return (moment.astimezone(dt.UTC) + _berlin_offset(moment)).date()


def _berlin_offset(moment: dt.datetime) -> dt.timedelta:
    utc = moment.astimezone(dt.UTC)
    start = _last_sunday(utc.year, 3).replace(hour=1, tzinfo=dt.UTC)
    end = _last_sunday(utc.year, 10).replace(hour=1, tzinfo=dt.UTC)
    return dt.timedelta(hours=2 if start <= utc < end else 1)


def _last_sunday(year: int, month: int) -> dt.datetime:
    last = dt.datetime(year, month, 31)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)
