"""The earnings calendar file, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from newsletter.earnings_calendar import CalendarSource, company_slug, earnings_calendar, event_uid
from newsletter.model import EarningsRow

URL = "https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht"
KW6 = CalendarSource("KW 6/2025", URL, dt.date(2025, 2, 3))
ROWS = [
    EarningsRow(dt.date(2025, 2, 3), "Montag", "Palantir", "AMC"),
    EarningsRow(dt.date(2025, 2, 4), "Dienstag", "PayPal", "BMO"),
    EarningsRow(dt.date(2025, 2, 6), "Donnerstag", "Amazon", None),
]


def events(data: bytes) -> dict[str, dict]:
    """The file's events by UID: start, end, summary, url, description, sequence."""
    calendar = Calendar.from_ical(data)
    return {
        str(e["uid"]): {
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
            "summary": str(e["summary"]),
            "url": str(e.get("url")),
            "description": str(e["description"]),
            "sequence": int(e["sequence"]),
        }
        for e in calendar.walk("VEVENT")
    }


def test_one_event_per_company_at_the_open_or_close_in_utc() -> None:
    found = events(earnings_calendar(ROWS, KW6))
    assert list(found) == [
        "palantir-2025q1@doppelbot",
        "paypal-2025q1@doppelbot",
        "amazon-2025q1@doppelbot",
    ]
    palantir, paypal = found["palantir-2025q1@doppelbot"], found["paypal-2025q1@doppelbot"]
    assert palantir["start"] == dt.datetime(2025, 2, 3, 21, 0, tzinfo=dt.UTC)  # 16:00 New York
    assert paypal["start"] == dt.datetime(2025, 2, 4, 14, 30, tzinfo=dt.UTC)  # 09:30 New York
    for event in (palantir, paypal):
        assert event["start"].utcoffset() == dt.timedelta(0)
        assert event["end"] - event["start"] == dt.timedelta(minutes=30)
    assert palantir["summary"] == "Palantir: Quartalszahlen nach US-Börsenschluss"
    assert paypal["summary"] == "PayPal: Quartalszahlen vor US-Börsenstart"


def test_unknown_timing_is_an_all_day_event() -> None:
    amazon = events(earnings_calendar(ROWS, KW6))["amazon-2025q1@doppelbot"]
    assert (amazon["start"], amazon["end"]) == (dt.date(2025, 2, 6), dt.date(2025, 2, 7))
    assert not isinstance(amazon["start"], dt.datetime)
    assert amazon["summary"] == "Amazon: Quartalszahlen"


def test_every_event_links_the_issue() -> None:
    for event in events(earnings_calendar(ROWS, KW6)).values():
        assert event["url"] == URL
        assert (
            event["description"] == f"Laut Earnings-Liste im Doppelgänger Update KW 6/2025.\n{URL}"
        )


def test_dst_gap_week_uses_new_yorks_summer_time() -> None:
    rows = [EarningsRow(dt.date(2026, 3, 10), "Dienstag", "PayPal", "BMO")]
    [event] = events(earnings_calendar(rows, CalendarSource("KW 11/2026", None, None))).values()
    assert event["start"] == dt.datetime(2026, 3, 10, 13, 30, tzinfo=dt.UTC)
    assert event["url"] == "None"  # no link, no URL property


def test_two_exports_are_identical() -> None:
    assert earnings_calendar(ROWS, KW6) == earnings_calendar(list(ROWS), KW6)


def test_next_weeks_file_updates_a_moved_date_instead_of_duplicating() -> None:
    moved = [EarningsRow(dt.date(2025, 2, 12), "Mittwoch", "paypal", "AMC")]
    later = CalendarSource("KW 7/2025", URL.replace("kw6", "kw7"), dt.date(2025, 2, 10))
    first = events(earnings_calendar(ROWS, KW6))["paypal-2025q1@doppelbot"]
    second = events(earnings_calendar(moved, later))["paypal-2025q1@doppelbot"]
    assert second["start"] == dt.datetime(2025, 2, 12, 21, 0, tzinfo=dt.UTC)
    assert second["sequence"] > first["sequence"]


def test_next_quarter_is_a_new_event() -> None:
    assert event_uid("PayPal", dt.date(2025, 2, 4)) != event_uid("PayPal", dt.date(2025, 4, 29))
    assert event_uid("PayPal", dt.date(2025, 2, 4)) == event_uid("PAYPAL", dt.date(2025, 3, 31))


def test_same_company_twice_in_one_list_gets_two_uids() -> None:
    rows = [
        EarningsRow(dt.date(2025, 2, 4), "Dienstag", "Snap", "AMC"),
        EarningsRow(dt.date(2025, 2, 5), "Mittwoch", "Snap", "BMO"),
    ]
    assert list(events(earnings_calendar(rows, KW6))) == [
        "snap-2025q1@doppelbot",
        "snap-20250205@doppelbot",
    ]


def test_company_slugs() -> None:
    assert company_slug("Alphabet (Google)") == "alphabet-google"
    assert company_slug("Nestlé") == "nestle"
    assert company_slug("  L'Oréal  ") == "l-oreal"
    assert company_slug("小米").startswith("firma-")
    assert company_slug("小米") == company_slug(" 小米 ")
