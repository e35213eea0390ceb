"""The reader commands' database work for `bench/scale.py`, timed, and the query plans.

Each command does exactly the `Database` calls its handler makes (`handlers/*.py`), each one
transaction, for a random reader (and a random word or company): `/referral` the standing
(code, count, rank), `/top` the leaderboard, `/earnings` the reader's zone and the week's list
(or a company's report), `/archive` the first page (or the reader's reading and a week's
issue), `/search` the findings and the reader's zone. `explain` runs a function once while
recording its SQL, then `EXPLAIN (ANALYZE, BUFFERS)` of each statement in one transaction that
is rolled back.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import Engine, event

from bot.config import Settings
from bot.database import Database
from bot.readers.earnings import company_report, week_earnings
from bot.readers.library import archive_page, week_content
from bot.readers.preferences import reading_of
from bot.readers.search import find
from bot.readers.subscription import Profile, best_referrers, referral_standing
from bot.readers.zones import chat_zone

WORDS = ("china", "nvidia", "deepseek", "openai modell", "palantir", "zölle", "bewertung")
COMPANIES = ("palantir", "amazon", "novo nordisk", "alphabet", "uber", "palantier")

Command = Callable[[Database, Settings, int, random.Random], object]


def _referral(db: Database, settings: Settings, chat: int, rng: random.Random) -> object:
    profile = Profile(f"Leser {chat}", None, "de")
    return db.run_sync(referral_standing, chat_id=chat, profile=profile)


def _top(db: Database, settings: Settings, chat: int, rng: random.Random) -> object:
    return db.run_sync(best_referrers)


def _earnings_week(db: Database, settings: Settings, chat: int, rng: random.Random) -> object:
    db.run_sync(chat_zone, chat_id=chat, settings=settings)
    return db.run_sync(week_earnings)


def _earnings_company(db: Database, settings: Settings, chat: int, rng: random.Random) -> object:
    db.run_sync(chat_zone, chat_id=chat, settings=settings)
    return db.run_sync(company_report, name=rng.choice(COMPANIES), chat_id=chat)


def _archive(db: Database, settings: Settings, chat: int, rng: random.Random) -> object:
    return db.run_sync(archive_page, page=0)


def _archive_week(db: Database, settings: Settings, chat: int, rng: random.Random) -> object:
    reading = db.run_sync(reading_of, chat_id=chat, settings=settings)
    week = rng.randint(1, 52)
    return db.run_sync(week_content, week=week, year=None, zone=reading.zone, choice=reading.choice)


def _search(db: Database, settings: Settings, chat: int, rng: random.Random) -> object:
    findings = db.run_sync(find, query=rng.choice(WORDS))
    if findings:
        db.run_sync(chat_zone, chat_id=chat, settings=settings)
    return findings


COMMANDS: dict[str, Command] = {
    "/referral": _referral,
    "/top": _top,
    "/earnings": _earnings_week,
    "/earnings <company>": _earnings_company,
    "/archive": _archive,
    "/archive <week>": _archive_week,
    "/search <words>": _search,
}


class Timing(NamedTuple):
    """Milliseconds of a command's database work."""

    p50: float
    p95: float
    calls: int


def time_commands(
    db: Database, settings: Settings, readers: Sequence[int], calls: int = 200, seed: int = 3
) -> dict[str, Timing]:
    """Time `calls` runs of each command (after a few unmeasured ones) for random readers."""
    rng = random.Random(seed)
    timings = {}
    for name, command in COMMANDS.items():
        for _ in range(5):
            command(db, settings, rng.choice(readers), rng)
        spent = []
        for _ in range(calls):
            chat = rng.choice(readers)
            began = time.perf_counter()
            command(db, settings, chat, rng)
            spent.append((time.perf_counter() - began) * 1000)
        cuts = statistics.quantiles(spent, n=20)
        timings[name] = Timing(statistics.median(spent), cuts[18], calls)
    return timings


class Plan(NamedTuple):
    """One statement's plan: its SQL (shortened), the scans it used, the time it took."""

    sql: str
    scans: list[str]
    milliseconds: float
    text: str


@contextmanager
def recording(engine: Engine):
    """Collect the (statement, parameters) the engine executes meanwhile (no executemany)."""
    statements: list[tuple[str, Any]] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if not executemany and statement.lstrip().upper().startswith(
            ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
        ):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def explain(engine: Engine, fn: Callable[..., object], /, **kwargs: Any) -> list[Plan]:
    """Run `fn(session=…, **kwargs)` once (its transaction rolled back), then EXPLAIN ANALYZE
    each of its statements in order (in one transaction, rolled back too)."""
    from sqlmodel import Session

    with recording(engine) as statements, Session(engine) as session:
        try:
            fn(session=session, **kwargs)
            session.flush()
        finally:
            session.rollback()
    plans = []
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            for statement, parameters in statements:
                rows = connection.exec_driver_sql(
                    "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
                )
                plans.append(_plan(statement, "\n".join(row[0] for row in rows)))
        finally:
            transaction.rollback()
    return plans


_SCAN = re.compile(
    r"((?:Parallel )?(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Index Scan|Bitmap Heap Scan)"
    r"(?: Backward)?(?: using \w+)? on \w+)"
)


def _plan(statement: str, text: str) -> Plan:
    scans = list(dict.fromkeys(_SCAN.findall(text)))
    found = re.search(r"Execution Time: ([\d.]+) ms", text)
    sql = " ".join(statement.split())
    sql = re.sub(r"SELECT .*? FROM", "SELECT … FROM", sql, count=1)
    return Plan(sql[:110], scans, float(found.group(1)) if found else 0.0, text)
