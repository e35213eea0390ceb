"""Watchlist replies (/follow, /unfollow, /following, the follow buttons): German, short.

`at` is REMINDER_AT as the reader reads it ("09:00"); times of this week's reports are in the
reader's zone.
"""

from __future__ import annotations

import datetime as dt

from bot.readers.watchlist import Followed, FollowResult, Watchlist
from handlers.formatting.earnings import report_time
from newsletter.model import EarningsRow

FOLLOW_USAGE = "Welcher Firma willst du folgen? Schreib z. B. /follow Palantir."
UNFOLLOW_USAGE = "Welcher Firma willst du nicht mehr folgen? Schreib z. B. /unfollow Palantir."
NOT_A_COMPANY = "Das sieht nicht nach einem Firmennamen aus. Schreib z. B. /follow Palantir."
SUBSCRIBE_FOR_REMINDERS = "Erinnerungen bekommst du, sobald du abonniert hast: /subscribe."
EMPTY = (
    "Du folgst noch keiner Firma. Schreib z. B. /follow Palantir – dann erinnere ich dich "
    "am Tag der Zahlen."
)
NOT_THIS_WEEK = "diese Woche nicht auf der Liste"
BUTTON_NAME_CHARS = 30


def clock(moment: dt.time) -> str:
    """Return REMINDER_AT as readers read it: "09:00"."""
    return f"{moment:%H:%M}"


def name_too_long(limit: int) -> str:
    """A company name over the limit."""
    return f"Der Name ist mir zu lang – höchstens {limit} Zeichen, bitte."


def follow_answer(result: FollowResult, typed: str, zone: dt.tzinfo, at: str, limit: int) -> str:
    """Return the answer to /follow <typed>; `limit` is the most follows a reader may have."""
    if result.outcome is Followed.FULL:
        return (
            f"Du folgst schon {limit} Firmen – mehr geht nicht. "
            "Mit /unfollow <Firma> machst du Platz."
        )
    if result.outcome is Followed.ALREADY:
        return f"Du folgst {result.company} schon. /following zeigt deine Watchlist."
    name = f"{result.company} (statt „{typed}“)" if result.corrected else result.company
    if result.listed:
        parts = [f"⭐ Du folgst jetzt {name}. Am Tag der Zahlen erinnere ich dich um {at} Uhr."]
    else:
        parts = [
            f"⭐ Gemerkt: {name}. Die Firma steht noch auf keiner Earnings-Liste – sobald sie "
            f"auftaucht, erinnere ich dich am Tag der Zahlen um {at} Uhr."
        ]
    if result.this_week:
        parts.append("Diese Woche: " + _dates(result.this_week, zone) + ".")
    if not result.reminded:
        parts.append(SUBSCRIBE_FOR_REMINDERS)
    return "\n\n".join(parts)


def unfollow_answer(removed: str | None, typed: str) -> str:
    """Return the answer to /unfollow <typed>."""
    if removed is None:
        return f"Du folgst „{typed}“ nicht. /following zeigt deine Watchlist."
    return f"🔕 Du folgst {removed} nicht mehr."


def watchlist_answer(watchlist: Watchlist, zone: dt.tzinfo, at: str) -> str:
    """Return /following: every followed company with this week's report time, if any."""
    if not watchlist.companies:
        return EMPTY
    count = len(watchlist.companies)
    head = "⭐ Du folgst 1 Firma:" if count == 1 else f"⭐ Du folgst {count} Firmen:"
    lines = [
        f"• {c.name} – {_dates(c.this_week, zone)}"
        if c.this_week
        else f"• {c.name} – {NOT_THIS_WEEK}"
        for c in watchlist.companies
    ]
    if watchlist.reminded:
        foot = f"Am Tag der Zahlen erinnere ich dich um {at} Uhr. /unfollow <Firma> entfernt eine."
    else:
        foot = SUBSCRIBE_FOR_REMINDERS
    return f"{head}\n\n" + "\n".join(lines) + f"\n\n{foot}"


def button_follow(company: str) -> str:
    """The follow button under /earnings <company>."""
    return f"⭐ Folgen: {_short(company)}"


def button_unfollow(company: str) -> str:
    """The unfollow button under /earnings <company>."""
    return f"🔕 Entfolgen: {_short(company)}"


def button_toast(company: str, *, following: bool, full: bool = False, limit: int = 0) -> str:
    """The short note after pressing a follow or unfollow button (at most 200 characters)."""
    name = _short(company)
    if full:
        return f"Du folgst schon {limit} Firmen – mit /unfollow machst du Platz."
    if following:
        return f"⭐ Du folgst jetzt {name}. Ich erinnere dich am Tag der Zahlen."
    return f"Du folgst {name} nicht mehr."


def _dates(rows: list[EarningsRow], zone: dt.tzinfo) -> str:
    return "; ".join(report_time(row.date, row.timing, zone) for row in rows)


def _short(name: str) -> str:
    return name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1] + "…"
