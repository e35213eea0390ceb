"""/earnings ics: the week (or one company) as a calendar file, sent as a document and read
back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from bot.simulator.params import Upload
from newsletter.model import EarningsRow, Issue
from tests.handlers.conftest import store
from tests.handlers.harness import Harness
from tests.storage.factories import issue as make_issue

KW6_URL = "https://doppelgaenger.beehiiv.com/p/kw6-der-drache-erwacht"


def calendar_of(bot: Harness) -> tuple[Upload, Calendar]:
    """The last document the reader got, and its bytes parsed as a calendar."""
    message = bot.last()
    assert message.method == "sendDocument"
    assert isinstance(message.document, Upload)
    return message.document, Calendar.from_ical(message.document.content)


def events(calendar: Calendar) -> dict[str, dict]:
    return {
        str(e["summary"]): {
            "uid": str(e["uid"]),
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
            "url": str(e.get("url")),
            "description": str(e["description"]),
        }
        for e in calendar.walk("VEVENT")
    }


async def test_week_as_calendar_file_with_utc_times_and_the_issue_link(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/earnings ics")
    document, calendar = calendar_of(bot)
    assert document.filename == "earnings-kw06-2025.ics"
    assert bot.last().text == (
        "📅 Die Earnings der KW 6/2025 für deinen Kalender: Datei antippen und importieren. "
        "Nochmal importieren aktualisiert die Termine, statt sie zu verdoppeln."
    )
    found = events(calendar)
    assert len(found) == len(kw06.earnings) == 23
    paypal = found["PayPal: Quartalszahlen vor US-Börsenstart"]
    assert paypal["start"] == dt.datetime(2025, 2, 4, 14, 30, tzinfo=dt.UTC)
    assert paypal["end"] - paypal["start"] == dt.timedelta(minutes=30)
    palantir = found["Palantir: Quartalszahlen nach US-Börsenschluss"]
    assert palantir["start"] == dt.datetime(2025, 2, 3, 21, 0, tzinfo=dt.UTC)
    assert all(e["start"].utcoffset() == dt.timedelta(0) for e in found.values())
    assert all(e["url"] == KW6_URL and KW6_URL in e["description"] for e in found.values())
    assert not bot.request.violations


async def test_two_exports_and_next_weeks_file_keep_the_uids(bot: Harness) -> None:
    week6 = [
        EarningsRow(dt.date(2025, 2, 4), "Dienstag", "PayPal", "BMO"),
        EarningsRow(dt.date(2025, 2, 6), "Donnerstag", "Amazon", None),
    ]
    store(bot.engine, make_issue(6, 2025, url="https://x.example/p/kw6", earnings=week6))
    await bot.send("/earnings ics")
    first = calendar_of(bot)[0].content
    await bot.send("/earnings ICS")
    assert calendar_of(bot)[0].content == first  # the same file twice: identical
    moved = [EarningsRow(dt.date(2025, 2, 11), "Dienstag", "paypal", "AMC")]
    store(bot.engine, make_issue(7, 2025, url="https://x.example/p/kw7", earnings=moved))
    await bot.send("/earnings ics")
    uids = {e["uid"] for e in events(Calendar.from_ical(first)).values()}
    [later] = events(calendar_of(bot)[1]).values()
    assert later["uid"] in uids  # a calendar updates PayPal's event instead of adding one
    assert later["start"] == dt.datetime(2025, 2, 11, 21, 0, tzinfo=dt.UTC)
    assert later["url"] == "https://x.example/p/kw7"


async def test_unknown_timing_is_an_all_day_event(bot: Harness) -> None:
    rows = [EarningsRow(dt.date(2025, 2, 6), "Donnerstag", "Amazon", None)]
    store(bot.engine, make_issue(6, 2025, earnings=rows))
    await bot.send("/earnings ics")
    [amazon] = events(calendar_of(bot)[1]).values()
    assert (amazon["start"], amazon["end"]) == (dt.date(2025, 2, 6), dt.date(2025, 2, 7))


@pytest.mark.parametrize("name", ["palantir", "Palantier", "PALAN"])
async def test_one_company(bot: Harness, kw06: Issue, name: str) -> None:
    await bot.send(f"/earnings ics {name}")
    document, calendar = calendar_of(bot)
    assert document.filename == "earnings-palantir-kw06-2025.ics"
    assert list(events(calendar)) == ["Palantir: Quartalszahlen nach US-Börsenschluss"]
    assert bot.last().text.startswith("📅 Palantir (KW 6/2025) für deinen Kalender")


async def test_company_not_on_this_weeks_list(bot: Harness, kw06: Issue) -> None:
    await bot.send("/earnings ics Siemens")
    assert bot.texts() == ["Siemens steht nicht auf der Earnings-Liste der KW 6/2025."]


async def test_newest_issue_without_earnings_list(bot: Harness, kw06: Issue) -> None:
    store(bot.engine, make_issue(7, 2025, earnings=[]))
    await bot.send("/earnings ics")
    assert bot.texts() == [
        "In der neuesten Ausgabe steht keine Earnings-Liste – für den Kalender gibt es "
        "diesmal nichts."
    ]


async def test_calendar_before_any_issue(bot: Harness) -> None:
    await bot.send("/earnings ics")
    assert bot.texts()[0].startswith("Hier ist noch keine Ausgabe.")


@pytest.mark.parametrize("args", ["😀", "x" * 500])
async def test_odd_company_gets_the_usage(bot: Harness, kw06: Issue, args: str) -> None:
    await bot.send(f"/earnings ics {args}")
    assert bot.texts()[0].startswith("Das verstehe ich nicht.")
    assert not bot.request.calls_to("sendDocument")


async def test_a_prefix_of_several_companies_sends_them_all_under_the_typed_name(
    bot: Harness, kw06: Issue
) -> None:
    await bot.send("/earnings ics al")  # only Alphabet starts so: named as listed
    document, calendar = calendar_of(bot)
    assert document.filename == "earnings-alphabet-kw06-2025.ics"
    assert list(events(calendar)) == ["Alphabet: Quartalszahlen nach US-Börsenschluss"]
    await bot.send("/earnings ics a")
    document, calendar = calendar_of(bot)
    assert document.filename == "earnings-a-kw06-2025.ics"
    assert len(events(calendar)) == 5  # AMD, Alphabet, arm, amazon, affirm
