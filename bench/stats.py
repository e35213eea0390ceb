"""How long the statistics take: `doppelbot stats --png` on a year of history.

Run by hand from the repository root: `python bench/stats.py [--readers N] [--weeks W]
[--runs R] [--database-url URL]`. It fills a fresh database (a temporary SQLite file unless a
URL is given; use an empty one, it is not cleaned up) with N chats whose history spans W weeks:
every chat joined at a random time, a quarter left again (60 % unsubscribed, 40 % blocked, each
noted with the issue of the week), a tenth of those came back; one issue and one finished
broadcast per week, a referral for every fifth chat. Then it times `doppelbot stats --png` as a
subprocess (Python start, imports, migration check, figures, text, chart) and, in this process,
each phase alone. The ledger is left empty: the statistics never read it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.database import Database
from bot.stats.chart import render_chart
from bot.stats.figures import gather_stats
from bot.stats.texts import stats_text
from storage.db import make_engine, migrate, session_scope
from storage.issues import store_issue
from storage.tables import Broadcast, ReaderEvent, Referral, Subscriber
from tests.storage.factories import issue

BERLIN = ZoneInfo("Europe/Berlin")
CHUNK = 20_000


def _mondays(now: dt.datetime, weeks: int) -> list[dt.datetime]:
    """Monday 07:00 Berlin of each of the last `weeks` weeks, oldest first (as UTC)."""
    local = now.astimezone(BERLIN)
    monday = local.date() - dt.timedelta(days=local.weekday())
    days = [monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    return [dt.datetime.combine(d, dt.time(7), tzinfo=BERLIN).astimezone(dt.UTC) for d in days]


def _issues(engine: Engine, starts: list[dt.datetime], readers: int) -> list[int]:
    ids = []
    recipients = readers * 3 // 4
    with session_scope(engine) as session:
        for start in starts:
            year, week, _ = start.astimezone(BERLIN).isocalendar()
            issue_id = store_issue(session=session, issue=issue(week, year)).id
            session.add(
                Broadcast(
                    issue_id=issue_id, status="done", trigger="schedule", total_messages=7,
                    sent=7 * recipients, blocked=recipients // 300, failed=2, started_at=start,
                    finished_at=start + dt.timedelta(seconds=7 * recipients / 30),
                    recipients=recipients,
                )
            )  # fmt: skip
            ids.append(issue_id)
    return ids


def _insert(engine: Engine, table, rows: list[dict]) -> None:
    with engine.begin() as connection:
        for at in range(0, len(rows), CHUNK):
            connection.execute(insert(table), rows[at : at + CHUNK])


def fill(engine: Engine, readers: int, weeks: int, now: dt.datetime) -> None:
    """Write `readers` chats with `weeks` weeks of history ending at `now`."""
    rng = random.Random(8)
    starts = _mondays(now, weeks)
    issue_ids = _issues(engine, starts, readers)
    first = starts[0] - dt.timedelta(days=3)
    span = (now - first).total_seconds()

    def last_issue(at: dt.datetime) -> int | None:
        done = [i for i, s in zip(issue_ids, starts, strict=True) if s <= at]
        return done[-1] if done else None

    subscribers, events, referrals = [], [], []
    for n in range(readers):
        chat_id = 100_000_000 + n
        joined = first + dt.timedelta(seconds=rng.random() * span)
        status, stamps = "active", {"subscribed_at": joined}
        events.append({"chat_id": chat_id, "kind": "joined", "at": joined, "last_issue_id": None})
        if rng.random() < 0.25:
            left = joined + (now - joined) * rng.random()
            kind = "unsubscribed" if rng.random() < 0.6 else "blocked"
            status, stamps[f"{kind}_at"] = kind, left
            events.append(
                {"chat_id": chat_id, "kind": kind, "at": left, "last_issue_id": last_issue(left)}
            )
            if rng.random() < 0.1:
                back = left + (now - left) * rng.random()
                status, stamps["subscribed_at"] = "active", back
                events.append({"chat_id": chat_id, "kind": "returned", "at": back,
                               "last_issue_id": None})  # fmt: skip
        subscribers.append(
            {"chat_id": chat_id, "status": status, "referral_code": f"b{n}",
             "created_at": joined, "updated_at": now, "subscribed_at": None,
             "unsubscribed_at": None, "blocked_at": None, **stamps}
        )  # fmt: skip
        if n % 5 == 4:
            referrals.append({"referred_chat_id": chat_id, "referrer_chat_id": chat_id - 1,
                              "created_at": joined})  # fmt: skip
    _insert(engine, Subscriber.__table__, subscribers)
    _insert(engine, ReaderEvent.__table__, events)
    _insert(engine, Referral.__table__, referrals)


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def main() -> None:
    """Fill the database, then time the CLI and each phase."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="doppelbot-stats-"))
    url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    migrate(engine)
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    fill(engine, args.readers, args.weeks, now)
    with session_scope(engine) as session:
        counted = session.scalar(select(func.count()).select_from(ReaderEvent))
    print(f"filled {args.readers:,} chats, {counted:,} events, {args.weeks} broadcasts "
          f"in {time.perf_counter() - started:.1f} s ({url.split('://')[0]})")  # fmt: skip

    png = folder / "stats.png"
    env = {**os.environ, "DATABASE_URL": url}
    walls = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "stats", "--png", str(png)],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        walls.append(time.perf_counter() - started)
    runs = ", ".join(f"{wall:.2f} s" for wall in walls)
    size = png.stat().st_size
    print(f"doppelbot stats --png: median {_median_ms(walls)} ({runs}); chart {size:,} bytes")

    db = Database(engine)
    phases: dict[str, list[float]] = {"figures": [], "text": [], "chart": []}
    for _ in range(args.runs):
        t0 = time.perf_counter()
        stats = db.run_sync(gather_stats, now=now, tz=BERLIN)
        t1 = time.perf_counter()
        stats_text(stats)
        t2 = time.perf_counter()
        render_chart(stats.weeks)
        t3 = time.perf_counter()
        for name, seconds in zip(phases, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            phases[name].append(seconds)
    print("in-process medians: " + ", ".join(f"{k} {_median_ms(v)}" for k, v in phases.items()))
    print(f"active readers: {stats.readers.active:,}; weeks in the chart: {len(stats.weeks)}")
    engine.dispose()


if __name__ == "__main__":
    main()
