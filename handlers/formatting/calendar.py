"""The earnings calendar file as the reader gets it: the .ics bytes, a file name, a caption."""

from __future__ import annotations

from typing import NamedTuple

from bot.readers.earnings import CalendarRows
from handlers.formatting.archive import label
from newsletter.earnings_calendar import CalendarSource, company_slug, earnings_calendar

NO_EARNINGS = (
    "In der neuesten Ausgabe steht keine Earnings-Liste – für den Kalender gibt es diesmal nichts."
)


class CalendarFile(NamedTuple):
    """What `/earnings ics` sends: the file's bytes, its name and the caption."""

    data: bytes
    filename: str
    caption: str


def calendar_file(found: CalendarRows) -> CalendarFile:
    """Return the calendar file of `found.rows` (which must not be empty)."""
    issue = label(found.issue)
    source = CalendarSource(issue, found.issue.url, found.issue.date)
    slug = "-" + company_slug(found.company) if found.company else ""
    week = f"-kw{found.issue.week:02d}" if found.issue.week is not None else ""
    year = f"-{found.issue.year}" if found.issue.year is not None else ""
    what = f"{found.company} ({issue})" if found.company else f"Die Earnings der {issue}"
    caption = (
        f"📅 {what} für deinen Kalender: Datei antippen und importieren. Nochmal importieren "
        "aktualisiert die Termine, statt sie zu verdoppeln."
    )
    return CalendarFile(
        earnings_calendar(found.rows, source), f"earnings{slug}{week}{year}.ics", caption
    )


def not_this_week(name: str, found: CalendarRows) -> str:
    """/earnings ics <company> for a company not on the newest list."""
    return f"{name} steht nicht auf der Earnings-Liste der {label(found.issue)}."
