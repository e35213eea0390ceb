"""German dates and issue labels as readers see them: "Montag, 9. Februar, 07:00 Uhr",
"KW 6/2025". (Earnings timings in words and clock times: `newsletter.market_clock`.)"""

from __future__ import annotations

import datetime as dt

from newsletter.german_dates import format_day, german_date, german_moment, weekday_name


def delivery_time(moment: dt.datetime) -> str:
    """Return "Montag, 9. Februar, 07:00 Uhr" for a (local, aware) delivery time."""
    return german_moment(moment)


def day_label(day: dt.date) -> str:
    """Return "Montag, 3. Februar"."""
    return f"{weekday_name(day)}, {format_day(day.day, day.month)}"


def issue_label(week: int | None, year: int | None, date: dt.date | None = None) -> str:
    """Return "KW 6/2025" (or "KW 6", or the date, or "Sonderausgabe") for an issue."""
    if week is not None:
        return f"KW {week}/{year}" if year is not None else f"KW {week}"
    if date is not None:
        return german_date(date)
    return "Sonderausgabe"
