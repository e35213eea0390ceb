"""German numbers, durations and issue labels, written the one way every reader and admin sees
them: 12.345 readers, 29,8 messages a second, "1 Std. 2 Min.", "KW 6/2025".

Weekday and month names, and dates in words, are `newsletter.german_dates`.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from newsletter.german_dates import format_day, german_date, weekday_name

SPECIAL_ISSUE = "Sonderausgabe"


class Labelled(Protocol):
    """What an issue label is made of (a stored issue has these)."""

    @property
    def week(self) -> int | None: ...

    @property
    def year(self) -> int | None: ...

    @property
    def title(self) -> str: ...


def number(value: int) -> str:
    """12345 → "12.345"."""
    return f"{value:,}".replace(",", ".")


def decimal(value: float) -> str:
    """29.84 → "29,8"."""
    return f"{value:.1f}".replace(".", ",")


def duration(seconds: float) -> str:
    """3725 → "1 Std. 2 Min."; 42 → "42 Sek."."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} Std. {minutes} Min."
    if minutes:
        return f"{minutes} Min. {secs} Sek." if minutes < 10 and secs else f"{minutes} Min."
    return f"{secs} Sek."


def issue_label(week: int | None, year: int | None, date: dt.date | None = None) -> str:
    """ "KW 6/2025" (or "KW 6", or the date in words, or "Sonderausgabe") for an issue."""
    if week is not None:
        return f"KW {week}/{year}" if year is not None else f"KW {week}"
    if date is not None:
        return german_date(date)
    return SPECIAL_ISSUE


def titled_label(issue: Labelled) -> str:
    """ "KW 6/2025 – Der Drache erwacht": the label and the title, as admins see an issue (the
    title alone when it starts with its week already, "KW6 - Der Drache erwacht", or when the
    week is unknown)."""
    title = issue.title.strip()
    if issue.week is None or title.upper().replace(" ", "").startswith(f"KW{issue.week}"):
        return title
    return f"{issue_label(issue.week, issue.year)} – {title}"


def day_label(day: dt.date) -> str:
    """ "Montag, 3. Februar"."""
    return f"{weekday_name(day)}, {format_day(day.day, day.month)}"
