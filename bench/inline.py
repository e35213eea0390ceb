"""Inline sharing benchmark (run by hand, not a test): how fast `@bot …` is answered.

    python bench/inline.py [--issues 250] [--runs 60] [--database-url URL]

Stores N issues (the real KW6 issue, rendered once, stored N times as the weeks before it, each
with a word of its own in the lead and its earnings list rotated) in a fresh database (a
temporary SQLite file unless --database-url; on PostgreSQL in a schema of its own, dropped
afterwards), builds the real application on the recording fake Telegram (which checks every
answer against Telegram's rules) and feeds it inline queries of each kind: empty (the newest
issue), words (the search of /search), a company (and a typo of one: the earnings date) and a
calendar week. Half the queries come from users the bot never saw (their invite code is made
then). Prints p50/p95/max per kind and overall, against the target of 0.5 s at p95.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from telegram import Update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.webhook import schema_url  # noqa: E402
from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.database import Database  # noqa: E402
from bot.simulator.objects import BOT_TOKEN, make_inline_query_update  # noqa: E402
from newsletter.issue import build_issue  # noqa: E402
from newsletter.model import Issue, Message  # noqa: E402
from storage.db import make_engine  # noqa: E402
from storage.issues import store_issue  # noqa: E402
from tests.fakes.request import RecordingRequest  # noqa: E402

TARGET = 0.5  # seconds, p95
KW06 = ROOT / "tests" / "fixtures" / "kw06-2025.rss.xml"
QUERIES = {
    "empty": [""],
    "words": ["DeepSeek", "Staatsfonds Norwegen", "thema17", "Inflation", "OpenAI Geschichte"],
    "company": ["Palantir", "palantier", "PayPal", "Alphabet"],
    "kw": ["kw 6", "kw 6 2024", "kw 40", "KW12/2022"],
}


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issues", type=int, default=250)
    parser.add_argument("--runs", type=int, default=60, help="queries per kind")
    parser.add_argument("--database-url", default=None, help="PostgreSQL (own schema)")
    return parser.parse_args()


def issues(count: int) -> list[Issue]:
    """`count` issues: KW6 2025 and the weeks before it, each a little different."""
    base = build_issue(KW06.read_bytes())
    made = []
    for n in range(count):
        day = dt.date(2025, 2, 3) - dt.timedelta(weeks=n)
        year, week, _ = day.isocalendar()
        meta = dataclasses.replace(base.meta, week=week, year=year, date=day,
                                   title=f"KW{week} - Ausgabe {n}")  # fmt: skip
        sections = []
        for section in base.sections:
            if section.kind == "lead":
                first = section.messages[0]
                word = Message(f"{first.text}\n\nThema{n}", first.entities, first.photo)
                markdown = f"{section.markdown}\n\nThema{n}"
                messages = [word, *section.messages[1:]]
                section = dataclasses.replace(section, messages=messages, markdown=markdown)
            sections.append(section)
        shift = n % max(1, len(base.earnings))
        rows = base.earnings[shift:] + base.earnings[:shift]
        earnings = [dataclasses.replace(r, date=r.date - dt.timedelta(weeks=n)) for r in rows]
        made.append(dataclasses.replace(base, meta=meta, sections=sections, earnings=earnings))
    return made


async def measure(database: str, args: argparse.Namespace) -> dict[str, list[float]]:
    """Store the issues, then answer every query through the application; seconds per kind."""
    engine = make_engine(database)
    settings = Settings(_env_file=None, telegram_bot_token=BOT_TOKEN, database_url=database,  # type: ignore[call-arg]
                        timezone="Europe/Berlin")  # fmt: skip
    request = RecordingRequest()
    app = build_application(settings, engine=engine, request=request)
    began = time.perf_counter()
    for issue in issues(args.issues):
        Database(engine).run_sync(store_issue, issue=issue)
    print(f"{args.issues} issues stored in {time.perf_counter() - began:.1f} s")
    times: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    async with app:
        for n in range(args.runs * len(QUERIES)):
            kind = list(QUERIES)[n % len(QUERIES)]
            choices = QUERIES[kind]
            query = choices[(n // len(QUERIES)) % len(choices)]
            user = 9_000_000 + (n if n % 2 else 0)  # half new sharers, half one known
            update = make_inline_query_update(query, user_id=user, query_id=str(n + 1),
                                              update_id=n + 1)  # fmt: skip
            start = time.perf_counter()
            await app.process_update(Update.de_json(update, app.bot))
            times[kind].append(time.perf_counter() - start)
    answered = len(request.calls_to("answerInlineQuery"))
    assert answered == args.runs * len(QUERIES), answered
    assert not request.violations, request.violations[:3]
    engine.dispose()
    return times


def line(name: str, values: list[float]) -> str:
    """ "words  60 queries  p50 12.3 ms  p95 20.1 ms  max 25.0 ms  p95/target 0.04"."""
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (f"{name:<8} {len(values):4d} queries  p50 {statistics.median(values) * 1000:7.1f} ms"
            f"  p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms"
            f"  p95/target {p95 / TARGET:.2f}")  # fmt: skip


def main() -> None:
    """Run the benchmark and print the figures."""
    args = parse_args()
    schema, database = None, f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-inline-'))}/bot.db"
    if args.database_url:
        schema, database = schema_url(args.database_url)
    try:
        times = asyncio.run(measure(database, args))
    finally:
        if schema is not None:
            admin = make_engine(args.database_url)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    print(f"answering inline queries (target: p95 ≤ {TARGET * 1000:.0f} ms)")
    for kind, values in times.items():
        print(line(kind, values))
    print(line("all", [v for values in times.values() for v in values]))


if __name__ == "__main__":
    main()
