"""Earnings replies: the week grouped by day, one day, and when a company reports."""

from __future__ import annotations

from bot.earnings import WeekEarnings, by_day, on_date, on_weekday
from handlers import texts
from handlers.arguments import DayQuery
from handlers.formatting.archive import label
from handlers.formatting.dates import day_label, issue_label, timing_words
from newsletter.german_dates import WEEKDAYS
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


def week_answer(week: WeekEarnings, day: DayQuery | None) -> str:
    """Return the answer from the newest list: the whole week, or the rows of one day."""
    if not week.rows:
        return texts.NO_EARNINGS
    issue = label(week.issue)
    if day is None:
        return week_list(week.rows, issue)
    if day.date is not None:  # heute, morgen: "heute (Montag, 9. Februar)"
        rows, name = on_date(week.rows, day.date), f"{day.relative} ({day_label(day.date)})"
    else:
        rows, name = on_weekday(week.rows, day.weekday), WEEKDAYS[day.weekday]
    return day_list(rows, name, issue) if rows else texts.no_earnings_on(name, issue)


def company_answer(name: str, hits: list[EarningsHit]) -> str:
    """Return when the companies in `hits` report (newest list first), or that none does."""
    if not hits:
        return texts.company_not_listed(name)
    if len(hits) == 1:
        hit = hits[0]
        return f"📅 {hit.company} berichtet am {_when(hit)} (Liste aus {_issue(hit)})."
    return "📅 Laut Earnings-Liste:\n\n" + "\n".join(f"• {_mention(hit)}" for hit in hits)


def earnings_mentions(hits: list[EarningsHit]) -> list[str]:
    """Return one line per hit for search results: "📅 Palantir: Montag, 3. Februar, …"."""
    return [f"📅 {_mention(hit)}" for hit in hits]


def _mention(hit: EarningsHit) -> str:
    """Return "Palantir: Montag, 3. Februar, nach US-Börsenschluss (KW 6/2025)"."""
    return f"{hit.company}: {_when(hit)} ({_issue(hit)})"


def _when(hit: EarningsHit) -> str:
    words = timing_words(hit.timing)
    return f"{day_label(hit.date)}, {words}" if words else day_label(hit.date)


def _issue(hit: EarningsHit) -> str:
    return issue_label(hit.week, hit.year, hit.issue_date)
