"""What earnings as a tool costs: a reminder round's database work, and the pure helpers.

Run by hand: `python -m bench.bench_reminders [--readers N] [--postgres URL]` (PostgreSQL from
`--postgres` or `TEST_DATABASE_URL`; skipped without either). The KW6 issue is stored and N
active readers follow three companies each (two report on Tuesday, one is on no list). Timed:
a minute round before REMINDER_AT (no reader can be due: nothing is read), the 09:00 round
without Telegram (pages of `reminder_page`, every due reminder claimed and marked sent: the
database side of a round), and the rounds after it. Then, in memory: localising the KW6
earnings message, matching a typed name against 2,000 listed companies, and the week's .ics.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from bench.bench_storage import each_database
from bot.config import Settings
from bot.readers.company_match import match_company
from bot.readers.reminders import due_days, due_reminders
from newsletter.earnings_calendar import CalendarSource, earnings_calendar
from newsletter.issue import build_issue
from newsletter.local_earnings import localize_earnings
from storage.db import session_scope
from storage.issues import store_issue
from storage.reminders import claim_reminder, finish_reminder, reminder_page
from storage.tables import ReminderStatus, Subscriber, WatchlistEntry
from storage.tables.timestamps import utcnow
from storage.watchlist import ListedCompany

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "kw06-2025.rss.xml"
FOLLOWS = ("amd", "paypal", "siemens")
PAGE = 500
BERLIN = ZoneInfo("Europe/Berlin")


def fill(engine: Engine, readers: int) -> int:
    """Store KW6 and `readers` active readers with three follows each; return the issue id."""
    now = utcnow()
    with session_scope(engine) as session:
        issue_id = store_issue(session=session, issue=build_issue(FIXTURE.read_bytes())).id
        for start in range(0, readers, 10_000):
            chats = range(20_000_000 + start, 20_000_000 + min(start + 10_000, readers))
            subscribers = [
                {"chat_id": c, "status": "active", "referral_code": f"w{c}",
                 "created_at": now, "updated_at": now}
                for c in chats
            ]  # fmt: skip
            follows = [
                {"chat_id": c, "company": f, "company_folded": f, "created_at": now}
                for c in chats
                for f in FOLLOWS
            ]
            session.execute(insert(Subscriber.__table__), subscribers)
            session.execute(insert(WatchlistEntry.__table__), follows)
    return issue_id


def play_round(engine: Engine, issue_id: int, now: dt.datetime, settings: Settings):
    """One round without Telegram: page through readers, claim and mark what is due."""
    pages: list[float] = []
    claimed, after = 0, None
    days = due_days(now, {BERLIN}, settings.reminder_time)
    started = time.perf_counter()
    while days:
        begin = time.perf_counter()
        with session_scope(engine) as session:
            page = reminder_page(
                session=session,
                issue_id=issue_id,
                first_day=min(days),
                last_day=max(days),
                stale_before=now - dt.timedelta(minutes=10),
                after_chat=after,
                limit=PAGE,
            )
        pages.append(time.perf_counter() - begin)
        if not page.readers:
            break
        for due in due_reminders(page, now, settings):
            key = {"chat_id": due.chat_id, "day": due.day}
            with session_scope(engine) as session:
                if claim_reminder(session=session, **key, now=now, stale_before=now):
                    finish_reminder(session=session, **key, status=ReminderStatus.SENT, now=now)
                    claimed += 1
        after = page.readers[-1].chat_id
    return time.perf_counter() - started, pages, claimed


def report(name: str, engine: Engine, readers: int) -> None:
    """Print the database figures for one engine."""
    settings = Settings(_env_file=None, timezone="Europe/Berlin")  # type: ignore[call-arg]
    issue_id = fill(engine, readers)
    print(f"\n{name}: {readers} readers, {3 * readers} follows")
    for label, hour in (("08:59 (nothing due yet)", (7, 59)), ("09:00 (all due)", (8, 0)),
                        ("09:01 (all sent)", (8, 1))):  # fmt: skip
        now = dt.datetime(2025, 2, 4, *hour, tzinfo=dt.UTC)
        total, pages, claimed = play_round(engine, issue_id, now, settings)
        rate = f", {claimed / total:,.0f} reminders/s claimed+marked" if claimed else ""
        median = f" (median {statistics.median(pages) * 1000:.1f} ms)" if pages else ""
        print(f"  round at {label}: {total:.2f} s, {len(pages)} pages of {PAGE}{median}{rate}")


def timed(fn, repeat: int = 200) -> float:
    """Median seconds of `fn()` over `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pure_figures() -> None:
    """Print the in-memory figures."""
    issue = build_issue(FIXTURE.read_bytes())
    [section] = [s for s in issue.sections if s.kind == "earnings"]
    local = timed(lambda: localize_earnings(section.messages, issue.earnings, BERLIN))
    listed = [ListedCompany(f"firma {i:04d}", f"Firma {i:04d}") for i in range(2000)]
    listed.append(ListedCompany("palantir", "Palantir"))
    match = timed(lambda: match_company("palantier", listed), repeat=50)
    source = CalendarSource("KW 6/2025", issue.meta.url, issue.meta.date)
    ics = timed(lambda: earnings_calendar(issue.earnings, source), repeat=50)
    size = len(earnings_calendar(issue.earnings, source))
    print(
        f"\nIn memory: localising the KW6 earnings message {local * 1e6:.0f} µs; "
        f"matching 'palantier' against {len(listed):,} names {match * 1000:.2f} ms; "
        f"the KW6 .ics ({len(issue.earnings)} events, {size:,} bytes) {ics * 1000:.1f} ms"
    )


def main() -> None:
    """Run the benchmark on SQLite (a temporary file) and PostgreSQL (if given)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    for name, engine in each_database(args.postgres):
        report(name, engine, args.readers)
    pure_figures()


if __name__ == "__main__":
    main()
