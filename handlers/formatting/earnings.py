"""Earnings replies: the week grouped by day, one day, and when a company reports."""

from __future__ import annotations

import datetime as dt

from bot.earnings import by_day
from handlers.formatting.dates import day_label, issue_label, timing_words
from newsletter.model import EarningsRow
from storage.search import EarningsHit

TIP = "Tipp: /earnings heute, /earnings dienstag oder /earnings Palantir."


def company_line(row: EarningsRow) -> str:
    """Return "• Palantir – nach US-Börsenschluss" (without timing when the list gives none)."""
    words = timing_words(row.timing)
    return f"• {row.company} – {words}" if words else f"• {row.company}"


def week_list(rows: list[EarningsRow], issue: str) -> str:
    """Return the whole list, grouped by weekday; `issue` is the issue label ("KW 6/2025")."""
    days = [
        f"{day_label(day)}\n" + "\n".join(company_line(row) for row in day_rows)
        for day, day_rows in by_day(rows)
    ]
    return f"📅 Earnings der Woche ({issue})\n\n" + "\n\n".join(days) + f"\n\n{TIP}"


def day_list(rows: list[EarningsRow], day: str, issue: str) -> str:
    """Return one day's companies; `day` e.g. "heute (Montag, 9. Februar)" or "Dienstag"."""
    lines = "\n".join(company_line(row) for row in rows)
    return f"📅 Earnings für {day} ({issue}):\n\n{lines}"


def day_name(day: dt.date, relative: str | None = None) -> str:
    """Return "heute (Montag, 9. Februar)" for a relative day, else "Montag, 9. Februar"."""
    return f"{relative} ({day_label(day)})" if relative else day_label(day)


def _when(hit: EarningsHit) -> str:
    words = timing_words(hit.timing)
    return f"{day_label(hit.date)}, {words}" if words else day_label(hit.date)


def company_dates(hits: list[EarningsHit]) -> str:
    """Return when the companies in `hits` report (newest list first)."""
    if len(hits) == 1:
        hit = hits[0]
        label = issue_label(hit.week, hit.year, hit.issue_date)
        return f"📅 {hit.company} berichtet am {_when(hit)} (Liste aus {label})."
    lines = [
        f"• {hit.company}: {_when(hit)} ({issue_label(hit.week, hit.year, hit.issue_date)})"
        for hit in hits
    ]
    return "📅 Laut Earnings-Liste:\n\n" + "\n".join(lines)


def earnings_mentions(hits: list[EarningsHit]) -> list[str]:
    """Return one line per hit for search results: "📅 Palantir: Montag, 3. Februar, …"."""
    return [
        f"📅 {hit.company}: {_when(hit)} ({issue_label(hit.week, hit.year, hit.issue_date)})"
        for hit in hits
    ]
