"""Earnings replies: the week grouped by day, one day, and when a company reports, each with
the clock time of the US open or close in the reader's zone."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.readers.earnings import CompanyReport, WeekEarnings, by_day, on_date, on_weekday
from bot.readers.search import EarningsHit, SearchHit
from handlers.formatting import texts
from handlers.formatting.archive import label
from newsletter.german import day_label, issue_label
from newsletter.german_dates import WEEKDAYS
from newsletter.market_clock import timing_with_clock
from newsletter.model import EarningsRow

if TYPE_CHECKING:
    from handlers.arguments import DayQuery

TIP = "Tipp: /earnings heute, /earnings Palantir oder /earnings ics für deinen Kalender."
MENTIONS_HEAD = "Was das Update dazu schrieb:"
MENTIONS_TIP = "Die Knöpfe öffnen die Abschnitte."


def company_line(row: EarningsRow, zone: dt.tzinfo) -> str:
    """Return "• PayPal – vor US-Börsenstart (15:30)" (just "• PayPal" without a timing)."""
    when = timing_with_clock(row.date, row.timing, zone)
    return f"• {row.company} – {when}" if when else f"• {row.company}"


def report_time(day: dt.date, timing: str | None, zone: dt.tzinfo) -> str:
    """Return "Montag, 3. Februar, nach US-Börsenschluss (22:00)" (the day alone if no timing)."""
    when = timing_with_clock(day, timing, zone)
    return f"{day_label(day)}, {when}" if when else day_label(day)


def week_list(rows: list[EarningsRow], issue: str, zone: dt.tzinfo) -> str:
    """Return the whole list, grouped by weekday; `issue` is the issue label ("KW 6/2025")."""
    days = [
        f"{day_label(day)}\n" + "\n".join(company_line(row, zone) for row in day_rows)
        for day, day_rows in by_day(rows)
    ]
    return f"📅 Earnings der Woche ({issue})\n\n" + "\n\n".join(days) + f"\n\n{TIP}"


def day_list(rows: list[EarningsRow], day: str, issue: str, zone: dt.tzinfo) -> str:
    """Return one day's companies; `day` e.g. "heute (Montag, 9. Februar)" or "Dienstag"."""
    lines = "\n".join(company_line(row, zone) for row in rows)
    return f"📅 Earnings für {day} ({issue}):\n\n{lines}"


def week_answer(week: WeekEarnings, day: DayQuery | None, zone: dt.tzinfo) -> str:
    """Return the answer from the newest list: the whole week, or the rows of one day."""
    if not week.rows:
        return texts.NO_EARNINGS
    issue = label(week.issue)
    if day is None:
        return week_list(week.rows, issue, zone)
    if day.date is not None:  # heute, morgen: "heute (Montag, 9. Februar)"
        rows, name = on_date(week.rows, day.date), f"{day.relative} ({day_label(day.date)})"
    else:
        rows, name = on_weekday(week.rows, day.weekday), WEEKDAYS[day.weekday]
    return day_list(rows, name, issue, zone) if rows else texts.no_earnings_on(name, issue)


def company_answer(name: str, hits: list[EarningsHit], zone: dt.tzinfo) -> str:
    """Return when the companies in `hits` report (newest list first), or that none does."""
    if not hits:
        return texts.company_not_listed(name)
    if len(hits) == 1:
        hit = hits[0]
        when = report_time(hit.date, hit.timing, zone)
        return f"📅 {hit.company} berichtet am {when} – laut Liste aus {_issue(hit)}."
    lines = "\n".join(f"• {_mention(hit, zone)}" for hit in hits)
    return f"📅 Laut Earnings-Liste:\n\n{lines}"


def company_report_answer(name: str, report: CompanyReport, zone: dt.tzinfo) -> str:
    """Return `company_answer` and the past issues that wrote about the company (numbered like
    the buttons `keyboards.company_report` makes)."""
    parts = [company_answer(name, report.hits, zone)]
    if report.mentions:
        lines = [f"{number}. {mention_label(hit)}" for number, hit in enumerate(report.mentions, 1)]
        parts += [MENTIONS_HEAD + "\n" + "\n".join(lines), MENTIONS_TIP]
    return "\n\n".join(parts)


def mention_label(hit: SearchHit) -> str:
    """Return "KW 6/2025 · News der Woche"."""
    return f"{issue_label(hit.week, hit.year, hit.date)} · {hit.section_title}"


def earnings_mentions(hits: list[EarningsHit], zone: dt.tzinfo) -> list[str]:
    """Return one line per hit for search results: "📅 Palantir: Montag, 3. Februar, …"."""
    return [f"📅 {_mention(hit, zone)}" for hit in hits]


def _mention(hit: EarningsHit, zone: dt.tzinfo) -> str:
    """Return "Palantir: Montag, 3. Februar, nach US-Börsenschluss (22:00) – KW 6/2025"."""
    return f"{hit.company}: {report_time(hit.date, hit.timing, zone)} – {_issue(hit)}"


def _issue(hit: EarningsHit) -> str:
    return issue_label(hit.week, hit.year, hit.issue_date)
