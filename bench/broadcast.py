"""Broadcast benchmark (run by hand, not a test): the real broadcaster against the fake Bot API.

    python bench/broadcast.py --subscribers 2000 --rate 30 --latency-ms 100
    python bench/broadcast.py --subscribers 2000 --paid            # 1000 msg/s
    python bench/broadcast.py --subscribers 100000 --paid --messages 1
    python bench/broadcast.py --subscribers 17700 --compare            # full / half / all compact
    python bench/broadcast.py --subscribers 17700 --compact-share 0.5 --slots --clock virtual

Starts `python -m bot.simulator.bot_api` as a separate process (Telegram's limits: the global
rate — 30/s, or 1000/s with --paid —, ~1/s per chat with short bursts, 429 with retry_after,
the given latency and share of blocked chats), stores the KW6 issue (tests/fixtures through
build_issue + store_issue) and N active subscribers in a fresh database (a temporary SQLite file
unless --database-url), runs `run_broadcast` in this process and prints: messages per second
÷ the configured rate, seconds until every reachable subscriber had message 1, 429s, messages
lost and duplicated (from the fake's counters and the ledger), and peak memory.

Reader choices: `--compact-share S` gives that share of the readers the compact format (one
message), `--slots` spreads them over delivery times (07:00 half, 07:30 and 08:00 a fifth each,
12:00 a tenth; the broadcast is for Monday 07:00). `--clock virtual` runs the engine on a
virtual clock against the in-process fake (see `bench/virtual.py`) and prints the minutes until
the last reader (of each slot) had the issue; `--compare` does that for all readers full, half
compact and all compact.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python bench/broadcast.py` finds bench/ and tests/ too

from sqlalchemy import Engine, insert, text  # noqa: E402

from bench.virtual import report_virtual, run_virtual  # noqa: E402
from bot.broadcast.runner import run_broadcast  # noqa: E402
from bot.broadcast.selection import prepare_broadcast  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.database import Database  # noqa: E402
from bot.delivery.runner import RunResult  # noqa: E402
from bot.delivery.tuning import EngineSettings  # noqa: E402
from newsletter.issue import build_issue  # noqa: E402
from newsletter.model import Issue  # noqa: E402
from storage.db import make_engine, migrate  # noqa: E402
from storage.deliveries import delivery_counts  # noqa: E402
from storage.issues import store_issue  # noqa: E402
from storage.tables import Subscriber  # noqa: E402
from storage.tables.timestamps import utcnow  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "kw06-2025.rss.xml"
TOKEN = "123456:BENCH-token-for-the-fake-bot-api"
FIRST_CHAT = 10_000_000
BENCH_SCHEMA = "doppelbot_bench"  # PostgreSQL: the bench works in its own schema only
SLOT = dt.datetime(2025, 2, 3, 6, tzinfo=dt.UTC)  # Monday 3 February 2025, 07:00 in Berlin
SLOTS = (None, "07:30", None, "08:00", None, "07:30", None, "08:00", None, "12:00")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.broadcast",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--subscribers", "-n", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=None, help="BROADCAST_RATE (30; 1000 paid)")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--paid", action="store_true", help="BROADCAST_PAID=true")
    parser.add_argument("--blocked-share", type=float, default=0.02)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--messages", type=int, default=None, help="only the first K messages")
    parser.add_argument("--transport", choices=("auto", "httpx"), default="auto")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python memory")
    parser.add_argument("--compact-share", type=float, default=0.0, help="readers in compact")
    parser.add_argument("--slots", action="store_true", help="spread readers over slots")
    parser.add_argument("--clock", choices=("real", "virtual"), default="real")
    parser.add_argument("--compare", action="store_true", help="full, half, all compact")
    return parser.parse_args(argv)


def start_fake(
    limit: float, latency_ms: float, blocked_share: float
) -> tuple[subprocess.Popen, str]:
    """Start the fake Bot API process; return it and its base URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.simulator.bot_api", "--port", "0", "--rate", str(limit),
         "--latency-ms", str(latency_ms), "--blocked-share", str(blocked_share)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return server, server.stdout.readline().strip()  # type: ignore[union-attr]


def fake_stats(base_url: str) -> dict:
    """GET /_stats of the fake."""
    with urllib.request.urlopen(base_url.removesuffix("/bot") + "/_stats") as response:
        return json.load(response)


def _bench_engine(url: str) -> Engine:
    """An engine on `url`; on PostgreSQL inside its own fresh schema, never touching others."""
    if not url.startswith(("postgres://", "postgresql")):
        return make_engine(url)
    with make_engine(url).begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {BENCH_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {BENCH_SCHEMA}"))
    return make_engine(url, connect_args={"options": f"-csearch_path={BENCH_SCHEMA}"})


def _drop_bench_schema(url: str) -> None:
    """Leave a PostgreSQL database as it was: drop the bench's schema."""
    if url.startswith(("postgres://", "postgresql")):
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {BENCH_SCHEMA} CASCADE"))
        engine.dispose()


def choices(i: int, compact_share: float, slots: bool) -> dict[str, str | None]:
    """Reader i's choices: compact for a `compact_share` of the readers (spread evenly), and
    with `slots` a delivery time from `SLOTS` (by i, so every share has every slot)."""
    compact = (i * 7919) % 1000 < compact_share * 1000  # spread apart from the slot pattern
    time = SLOTS[i % len(SLOTS)] if slots else None
    return {"delivery_format": "compact" if compact else None, "delivery_time": time}


def fill(
    engine: Engine, issue: Issue, subscribers: int, *, compact_share: float = 0.0,
    slots: bool = False,
) -> int:  # fmt: skip
    """Store the issue and the subscribers; return the broadcast id (for Monday 07:00 with
    `slots`, else for everyone at once)."""
    db = Database(engine)
    issue_id = db.run_sync(store_issue, issue=issue).id
    now = utcnow()
    with engine.begin() as connection:
        for start in range(0, subscribers, 20_000):
            rows = [
                {"chat_id": FIRST_CHAT + i, "status": "active", "referral_code": f"b{i}",
                 "created_at": now, "updated_at": now, **choices(i, compact_share, slots)}
                for i in range(start, min(start + 20_000, subscribers))
            ]  # fmt: skip
            connection.execute(insert(Subscriber.__table__), rows)
    anchor = SLOT if slots else None
    plan = db.run_sync(prepare_broadcast, trigger="cli", issue_id=issue_id, anchor=anchor)
    assert plan.broadcast.id is not None
    return plan.broadcast.id


async def broadcast(
    args: argparse.Namespace, settings: Settings, db: Database, bid: int
) -> tuple[RunResult, float]:
    """Run the broadcaster; return its result and the seconds it took."""
    tuning = EngineSettings.for_rate(settings.rate)
    request = None
    if args.transport == "httpx":
        from telegram.request import HTTPXRequest

        request = HTTPXRequest(connection_pool_size=tuning.window, read_timeout=15)
    started = time.perf_counter()
    result = await run_broadcast(
        bid, settings=settings, db=db, request=request, engine_settings=tuning
    )
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the figures."""
    args = parse_args(argv)
    settings_rate = args.rate or (1000.0 if args.paid else 30.0)
    limit = 1000.0 if args.paid else 30.0  # what the fake Telegram allows overall
    issue = build_issue(FIXTURE.read_bytes())
    if args.messages:
        issue.sections[:] = _first_messages(issue, args.messages)
    messages = len(issue.messages)
    if args.compare or args.clock == "virtual":
        shares = (0.0, 0.5, 1.0) if args.compare else (args.compact_share,)
        for share in shares:
            virtual(args, issue, share, settings_rate, limit)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = _bench_engine(url)
        migrate(engine)
        bid = fill(engine, issue, args.subscribers)
        server, base_url = start_fake(limit, args.latency_ms, args.blocked_share)
        try:
            settings = Settings(_env_file=None, telegram_bot_token=TOKEN, database_url=url,  # type: ignore[call-arg]
                                telegram_api_url=base_url, broadcast_rate=settings_rate,
                                broadcast_paid=args.paid)  # fmt: skip
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if args.tracemalloc:
                tracemalloc.start()
            cpu_before = time.process_time()
            result, seconds = asyncio.run(broadcast(args, settings, Database(engine), bid))
            cpu = time.process_time() - cpu_before
            traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
            rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            stats = fake_stats(base_url)
        finally:
            server.terminate()
            server.wait(10)
        ledger = Database(engine).run_sync(delivery_counts, broadcast_id=bid)
        engine.dispose()
        _drop_bench_schema(url)
    report(args, settings_rate, messages, result, seconds, cpu, stats, ledger,
           (rss_before, rss_peak, traced))  # fmt: skip


def virtual(args: argparse.Namespace, issue: Issue, share: float, rate: float, limit: float):
    """One broadcast on the virtual clock; print the minutes until the last reader (of each
    slot) had the issue."""
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = _bench_engine(url)
        migrate(engine)
        bid = fill(engine, issue, args.subscribers, compact_share=share, slots=args.slots)
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN, database_url=url,  # type: ignore[call-arg]
                            broadcast_rate=rate, broadcast_paid=args.paid)  # fmt: skip
        started = time.perf_counter()
        run = run_virtual(bid, settings, Database(engine), slot=SLOT, limit=limit)
        seconds = time.perf_counter() - started
        engine.dispose()
        _drop_bench_schema(url)
    times = {FIRST_CHAT + i: choices(i, share, args.slots)["delivery_time"]
             for i in range(args.subscribers)}  # fmt: skip
    name = {0.0: "all full", 1.0: "all compact"}.get(share, f"{share:.0%} compact")
    print(report_virtual(run, f"{args.subscribers} readers at {rate:g} msg/s, {name}", times,
                         seconds))  # fmt: skip


def _first_messages(issue: Issue, count: int) -> list:
    """Sections cut so that the issue has only its first `count` messages."""
    kept, left = [], count
    for section in issue.sections:
        if left <= 0:
            break
        section.messages[:] = section.messages[:left]
        left -= len(section.messages)
        kept.append(section)
    return kept


def report(args, rate, messages, result, seconds, cpu, stats, ledger, memory) -> None:
    """Print the figures."""
    rss_before, rss_peak, traced = memory
    per_method = stats["per_method"]
    attempts = per_method.get("sendMessage", 0) + per_method.get("sendPhoto", 0)
    limited = stats["rate_limited"]
    blocked = ledger.get("skipped", 0)
    reachable = args.subscribers - blocked
    expected = reachable * messages
    unique = stats["sends"] - stats["duplicates"]
    firsts = stats["first_message_at"].values()
    first_round = max(firsts) - min(firsts) if firsts else 0.0
    span = (stats["last_at"] or 0) - (stats["first_at"] or 0)
    used = attempts - limited  # requests that took a slot of Telegram's rate
    print(f"subscribers {args.subscribers}, {messages} messages, rate {rate:g}/s"
          f"{' (paid)' if args.paid else ''}, latency {args.latency_ms:g} ms, "
          f"transport {args.transport}, database {args.database_url or 'SQLite file'}")  # fmt: skip
    print(f"complete: {result.complete}, {seconds:.1f} s, broadcaster CPU {cpu:.1f} s "
          f"({cpu / max(seconds, 1e-9) * 100:.0f} % of one core)")  # fmt: skip
    print(f"messages/s: {used / span:.1f} (÷ rate = {used / span / rate:.3f}); accepted "
          f"{stats['sends'] / span:.1f}/s; blocked readers {blocked}")  # fmt: skip
    print(f"message 1 reached every reachable subscriber after {first_round:.1f} s "
          f"(N/rate = {reachable / rate:.1f} s)")  # fmt: skip
    print(f"429 received: {limited}; lost: {expected - unique}; duplicated: {stats['duplicates']}; "
          f"ledger sent {ledger.get('sent', 0)} of {expected}; min gap per chat "
          f"{stats['min_chat_gap'] or 0:.2f} s; window {result.window}, peak unrecorded "
          f"{result.peak_unrecorded}")  # fmt: skip
    traced_text = f", tracemalloc peak {traced / 2**20:.1f} MiB" if traced is not None else ""
    print(f"peak memory: ru_maxrss {rss_peak / 1024:.0f} MiB (before the run "
          f"{rss_before / 1024:.0f} MiB){traced_text}")  # fmt: skip


if __name__ == "__main__":
    main()
