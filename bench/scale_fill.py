"""Filling PostgreSQL for `bench/scale.py`: a year of issues, N readers, their referrals.

Everything lives in one schema of its own (`SCHEMA`), created fresh and dropped afterwards;
no other schema is touched. Readers are written with `COPY` (psycopg), in chunks, with their
chat ids spread like Telegram's (random, sparse), and a realistic mix of choices: most keep the
defaults, some read compact, pick sections, another time or another zone. A share of them was
invited by a few thousand inviters (a few inviters bring most), credited in `referral` and
counted in `referral_tally` as the bot keeps it.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import random
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sqlalchemy import Engine, text

from bot.database import Database
from newsletter.issue import build_issue
from newsletter.model import Issue
from storage.db import make_engine, migrate
from storage.issues import store_issue

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "kw06-2025.rss.xml"
SCHEMA = "doppelbot_scale"  # the bench works in this schema only, and drops it afterwards
CHUNK = 100_000
SUBSCRIBER_COLUMNS = (
    "chat_id", "first_name", "username", "language_code", "status", "kind", "referral_code",
    "referred_by", "created_at", "updated_at", "subscribed_at", "unsubscribed_at", "blocked_at",
    "delivery_format", "sections", "delivery_time", "timezone",
)  # fmt: skip
TIMES = ("06:30", "07:30", "08:00", "12:00", "now")
ZONES = ("America/New_York", "Europe/London", "Asia/Tokyo", "Europe/Zurich")
SECTION_SETS = ("lead,news", "lead,chart,earnings", "earnings", "news,podcast")
INVITED_SHARE = 0.05
INVITERS = 3_000
FORMER_SHARE = 0.05  # former readers (unsubscribed, blocked) on top of the N active ones


def scale_engine(url: str, *, fresh: bool) -> Engine:
    """An engine on `url` inside `SCHEMA` (dropped and created again when `fresh`)."""
    if fresh:
        with make_engine(url).begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    return make_engine(url, connect_args={"options": f"-csearch_path={SCHEMA}"}, pool_size=8)


def drop_schema(url: str) -> None:
    """Leave the database as it was: drop `SCHEMA`."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def progress(message: str) -> None:
    """One line of progress on stderr (the figures go to stdout)."""
    print(f"  … {message}", file=sys.stderr, flush=True)


def year_of_issues(weeks: int = 52) -> list[Issue]:
    """The real KW6 issue, once per week of the year up to it (other dates, weeks and earnings
    dates; the same sections)."""
    kw6 = build_issue(FIXTURE.read_bytes())
    assert kw6.meta.date is not None
    issues = []
    for back in range(weeks - 1, -1, -1):
        issue = copy.deepcopy(kw6)
        shift = dt.timedelta(weeks=-back)
        date = kw6.meta.date + shift
        year, week, _ = date.isocalendar()
        issue.meta.date, issue.meta.week, issue.meta.year = date, week, year
        issue.meta.title = issue.meta.title.replace("KW6", f"KW{week}")
        issue.earnings = [dataclasses.replace(r, date=r.date + shift) for r in kw6.earnings]
        issues.append(issue)
    return issues


def store_issues(engine: Engine, weeks: int = 52) -> list[int]:
    """Migrate the schema and store `weeks` weekly issues; return their ids, oldest first."""
    migrate(engine)
    db = Database(engine)
    ids = [db.run_sync(store_issue, issue=issue).id for issue in year_of_issues(weeks)]
    progress(f"{len(ids)} issues stored")
    return ids


def draw_chat_ids(readers: int, seed: int = 7) -> list[int]:
    """Distinct chat ids like Telegram's (between 10⁸ and 8·10⁹, in no order): `readers`
    active ones, then `FORMER_SHARE` as many former readers."""
    total = readers + int(readers * FORMER_SHARE)
    return random.Random(seed).sample(range(100_000_000, 8_000_000_000), total)


def store_readers(engine: Engine, ids: Sequence[int], low: int, high: int, *,
                  active: bool = True, seed: int = 7) -> None:  # fmt: skip
    """COPY readers `low`..`high` of `ids` (active ones, else former readers); the first
    `INVITERS` ids are the inviters of the invited."""
    began = time.perf_counter()
    for start in range(low, high, CHUNK):
        end = min(high, start + CHUNK)
        rows = _readers(ids, start, end, seed, ids[:INVITERS], active=active)
        copy_rows(engine, "subscriber", SUBSCRIBER_COLUMNS, rows)
        progress(f"readers {end:,} of {high:,} stored ({time.perf_counter() - began:.0f} s)")


def add_referrals(engine: Engine) -> int:
    """Credit the invited readers' referrals and keep the tally; return how many."""
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO referral (referred_chat_id, referrer_chat_id, created_at) "
            "SELECT chat_id, referred_by, subscribed_at FROM subscriber "
            "WHERE referred_by IS NOT NULL AND status = 'active'"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO referral_tally (chat_id, count, reached_at) "
            "SELECT referrer_chat_id, count(*), max(created_at) FROM referral "
            "GROUP BY referrer_chat_id"
        ))  # fmt: skip
        return connection.execute(text("SELECT count(*) FROM referral")).scalar_one()


def analyze(engine: Engine) -> None:
    """VACUUM ANALYZE the schema's tables, as autovacuum does after a large change."""
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(text("VACUUM ANALYZE"))


def _readers(ids: Sequence[int], low: int, high: int, seed: int, inviters: Sequence[int],
             active: bool = True) -> Iterator[tuple]:  # fmt: skip
    """The subscriber rows of readers `low`..`high` (values in `SUBSCRIBER_COLUMNS` order)."""
    epoch = dt.datetime(2023, 2, 1, tzinfo=dt.UTC)
    for i in range(low, high):
        draw = random.Random(seed * 1_000_003 + i)
        joined = epoch + dt.timedelta(seconds=draw.randrange(2 * 365 * 86_400))
        invited = active and i >= len(inviters) and draw.random() < INVITED_SHARE
        inviter = inviters[int(len(inviters) * draw.random() ** 3)] if invited else None
        status = "active" if active else draw.choice(("unsubscribed", "blocked"))
        left = joined + dt.timedelta(days=30) if not active else None
        yield (
            ids[i], f"Leser {i}", f"leser{i}" if draw.random() < 0.6 else None,
            "de" if draw.random() < 0.9 else "en", status, "private", f"s{i:x}", inviter,
            joined, left or joined, joined, left if status == "unsubscribed" else None,
            left if status == "blocked" else None,
            "compact" if draw.random() < 0.10 else None,
            draw.choice(SECTION_SETS) if draw.random() < 0.03 else None,
            draw.choice(TIMES) if draw.random() < 0.08 else None,
            draw.choice(ZONES) if draw.random() < 0.04 else None,
        )  # fmt: skip


def copy_rows(engine: Engine, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """COPY `rows` into `table` of the schema (text format), in one transaction."""
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor:  # type: ignore[attr-defined]
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(sql) as copy_:
                buffer = io.StringIO()
                for count, row in enumerate(rows, start=1):
                    buffer.write("\t".join(_field(v) for v in row) + "\n")
                    if count % 20_000 == 0:
                        copy_.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy_.write(buffer.getvalue())
        raw.commit()
    finally:
        raw.close()


def _field(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)
