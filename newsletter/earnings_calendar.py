"""The week's earnings as a calendar file (iCalendar, RFC 5545), made with `icalendar`.

One event per company and day: 30 minutes at the US open (BMO) or close (AMC), with start and
end in UTC so every calendar shows them in its own zone; an all-day event when the list gives
no timing. Each event links the issue that listed it.

UIDs are stable: the same company in the same quarter gets the same UID in every file, so
importing a file twice, or next week's file with a moved date, updates the event instead of
adding a second one. SEQUENCE grows with the issue date, so a newer issue's version wins.
The output depends only on its input (DTSTAMP is the issue's date), so two exports are equal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Calendar, Event

from newsletter.market_clock import REPORT_MINUTES, TIMING_WORDS, market_time
from newsletter.model import EarningsRow

PRODID = "-//Doppelbot//Earnings//DE"
UID_DOMAIN = "doppelbot"
_SEQUENCE_BASE = dt.date(2020, 1, 1)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class CalendarSource:
    """The issue a calendar file is made from: "KW 6/2025", its web link and its date."""

    label: str
    url: str | None
    date: dt.date | None


def earnings_calendar(rows: Sequence[EarningsRow], source: CalendarSource) -> bytes:
    """Return an .ics file with one event per row (see the module docstring)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Earnings {source.label}")
    seen: set[str] = set()
    for row in rows:
        uid = event_uid(row.company, row.date)
        if uid in seen:  # the same company twice in one quarter of one list
            uid = event_uid(row.company, row.date, exact=True)
        seen.add(uid)
        calendar.add_component(_event(row, uid, source))
    ical: bytes = calendar.to_ical()  # icalendar leaves `to_ical` unannotated
    return ical


def event_uid(company: str, day: dt.date, *, exact: bool = False) -> str:
    """Return the UID of a company's report: "paypal-2025q1@doppelbot" (with the date when
    `exact`). Case, accents and punctuation of the name do not matter."""
    quarter = f"{day:%Y%m%d}" if exact else f"{day.year}q{(day.month - 1) // 3 + 1}"
    return f"{company_slug(company)}-{quarter}@{UID_DOMAIN}"


def company_slug(company: str) -> str:
    """Return "alphabet-google" for "Alphabet (Google)"; a hash for names without latin letters."""
    plain = unicodedata.normalize("NFKD", company.casefold())
    ascii_only = "".join(c for c in plain if not unicodedata.combining(c))
    slug = _NOT_SLUG.sub("-", ascii_only).strip("-")[:48]
    if slug:
        return slug
    return "firma-" + hashlib.sha256(" ".join(company.casefold().split()).encode()).hexdigest()[:12]


def _event(row: EarningsRow, uid: str, source: CalendarSource) -> Event:
    event = Event()
    event.add("uid", uid)
    issued = source.date or row.date
    event.add("dtstamp", dt.datetime.combine(issued, dt.time(0, 0), tzinfo=dt.UTC))
    event.add("sequence", max(0, (issued - _SEQUENCE_BASE).days))
    words = TIMING_WORDS.get(row.timing or "")
    event.add("summary", f"{row.company}: Quartalszahlen" + (f" {words}" if words else ""))
    start = market_time(row.date, row.timing)
    if start is None:
        event.add("dtstart", row.date)
        event.add("dtend", row.date + dt.timedelta(days=1))
    else:
        start = start.astimezone(dt.UTC)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=REPORT_MINUTES))
    event.add("transp", "TRANSPARENT")
    description = f"Laut Earnings-Liste im Doppelgänger Update {source.label}."
    if source.url:
        event.add("url", source.url)
        description += f"\n{source.url}"
    event.add("description", description)
    return event
