"""One million readers in PostgreSQL (run by hand, not a test): broadcast start, the
broadcaster's memory, the reader commands' database work, the ledger's size.

    python bench/scale.py [--subscribers N] [--database-url URL] [--issues K] [--explain]

Fills its own schema (`doppelbot_scale`, dropped afterwards; no other schema is touched) with
a year of issues (the real KW6 issue stored for 52 weeks), N active readers (default
1,000,000; most with the default choices, some compact, other sections, times or zones) plus
5 % former readers, and 5 % of the readers invited by 3,000 inviters (with the tally). Then:

1. Broadcasts (`bench/scale_broadcast.py`, a process of its own each, against the fake Bot API
   at 1000 msg/s, paid): the seconds from calling the broadcast start until the first message
   was accepted, and the peak memory over the first 100,000 messages; with N/10 readers first
   (filled first), then with all N. Then the same until the first message for the N run
   resumed, and for a broadcast interrupted in its last round (`bench/scale_resume.py`).
2. The query plans (`EXPLAIN ANALYZE`) of the broadcast's and the reader commands' queries.
3. p50/p95 of each reader command's database work (`bench/scale_commands.py`).
4. The ledger of one finished 7-message broadcast to all N readers, before and after
   compaction and after the message ids are dropped (`bench/scale_ledger.py`): bytes per reader
   and issue, per 1,000 readers, and how long compaction took.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python bench/scale.py` finds bench/ and tests/ too

from sqlalchemy import Engine, text  # noqa: E402

from bench.scale_commands import Plan, time_commands  # noqa: E402
from bench.scale_fill import (  # noqa: E402
    SCHEMA,
    add_referrals,
    analyze,
    draw_chat_ids,
    drop_schema,
    progress,
    scale_engine,
    store_issues,
    store_readers,
)
from bench.scale_ledger import LedgerFigures, measure_ledger  # noqa: E402
from bench.scale_plans import (  # noqa: E402
    broadcast_queries,
    command_queries,
    compaction_queries,
)
from bench.scale_resume import interrupted_broadcast  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.database import Database  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
MiB = 2**20


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python bench/scale.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--subscribers", "-n", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--issues", type=int, default=52, help="weekly issues stored")
    parser.add_argument("--messages", type=int, default=100_000, help="sent per broadcast run")
    parser.add_argument("--calls", type=int, default=200, help="calls per reader command")
    parser.add_argument("--explain", action="store_true", help="print every plan in full")
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Fill, measure, print, drop the schema."""
    args = parse_args(argv)
    engine = scale_engine(args.database_url, fresh=True)
    try:
        measure(args, engine)
    finally:
        engine.dispose()
        if not args.keep:
            drop_schema(args.database_url)


def measure(args: argparse.Namespace, engine: Engine) -> None:
    """The steps of the module docstring, printing as they go."""
    url, readers = args.database_url, args.subscribers
    settings = Settings(_env_file=None, telegram_bot_token="1:x", database_url=url)  # type: ignore[call-arg]
    began = time.perf_counter()
    issue_ids = store_issues(engine, args.issues)
    ids = draw_chat_ids(readers)
    store_readers(engine, ids, 0, readers // 10)
    analyze(engine)
    runs = [broadcast_runs(url, issue_ids[-1], issue_ids[-2], args.messages)]
    store_readers(engine, ids, readers // 10, readers)
    store_readers(engine, ids, readers, len(ids), active=False)
    referrals = add_referrals(engine)
    analyze(engine)
    print(f"bench/scale.py: {readers:,} readers (+{len(ids) - readers:,} former), "
          f"{len(issue_ids)} issues, {referrals:,} referrals by up to 3,000 inviters, "
          f"{_server(engine)}; filled in {time.perf_counter() - began:.0f} s (with the "
          f"N/10 run)")  # fmt: skip
    runs.append(broadcast_runs(url, issue_ids[-3], issue_ids[-4], args.messages))
    resumed = {f"after {args.messages:,} messages": broadcast_run(url, issue_ids[-3], 10_000)}
    late, rows = interrupted_broadcast(engine, issue_ids[-5], settings)
    resumed[f"in its last round ({rows:,} ledger rows)"] = broadcast_run(url, issue_ids[-5], 2_000)
    report_runs(runs, args.messages, resumed)
    active = sorted(ids[:readers])
    broadcast = broadcast_queries(engine, runs[-1]["broadcast_id"], late, active)
    report_plans("broadcast", broadcast, args.explain)
    report_plans("reader commands", command_queries(engine, settings, active), args.explain)
    timings = time_commands(Database(engine), settings, active, calls=args.calls)
    report_commands(timings, args.calls)
    _forget_ledgers(engine)

    def plans(stage: str, broadcast_id: int) -> None:
        found = compaction_queries(engine, broadcast_id, active)
        report_plans(f"the ledger, {stage}", found, args.explain)

    report_ledger(measure_ledger(engine, issue_ids[-6], active, explain=plans))


def broadcast_runs(url: str, plain: int, traced_issue: int, messages: int) -> dict:
    """Run `bench/scale_broadcast.py` for the issue `plain`, and with tracemalloc for
    `traced_issue`; return the figures of the first with the traced ones of the second."""
    first = broadcast_run(url, plain, messages)
    second = broadcast_run(url, traced_issue, messages, "--tracemalloc")
    traced = {key: second[key] for key in ("traced_peak", "traced_marks")}
    return {**first, **traced, "traced_rate": second["rate"]}


def broadcast_run(url: str, issue_id: int, messages: int, *flags: str) -> dict:
    """Run `bench/scale_broadcast.py` for the issue (a new broadcast, or its unfinished one
    resumed); return its figures."""
    progress(f"broadcast of issue {issue_id}, {messages:,} messages {' '.join(flags)}")
    found = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale_broadcast.py"), "--database-url", url,
         "--issue-id", str(issue_id), "--messages", str(messages), *flags],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(found.stdout.strip().splitlines()[-1])


def report_runs(runs: list[dict], messages: int, resumed: dict[str, dict]) -> None:
    """The broadcast figures."""
    print(
        f"\nBroadcast, paid (fake Bot API at 1000 msg/s), the first {messages:,} messages, "
        f"each run a process of its own (the Python heap in a second run with tracemalloc):"
    )
    print(
        "| readers | start → first message accepted | msg/s | RSS before → peak | "
        "RSS at 10 / 50 / 100 % | Python heap peak | heap at 10 / 50 / 100 % |"
    )
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        rss = " / ".join(f"{v / MiB:.0f}" for v in run["rss_marks"].values())
        heap = " / ".join(f"{v / MiB:.1f}" for v in run["traced_marks"].values())
        print(
            f"| {run['readers']:,} | {run['start_seconds']:.2f} s | {run['rate'] or 0:.0f} | "
            f"{run['rss_before'] / MiB:.0f} → {run['rss_peak'] / MiB:.0f} MiB | {rss} MiB | "
            f"{run['traced_peak'] / MiB:.1f} MiB | {heap} MiB |"
        )
    for run in runs:
        print(
            f"  {run['readers']:,} readers: sent {run['sends']:,} (with tracemalloc "
            f"{run['traced_rate'] or 0:.0f} msg/s), 429s {run['rate_limited']}, duplicates "
            f"{run['duplicates']}; prepare_broadcast {run['prepare_seconds'] * 1000:.0f} ms"
        )
    for label, run in resumed.items():
        print(f"  resumed {label}, {run['readers']:,} readers: the first message "
              f"{run['start_seconds']:.2f} s after the start")  # fmt: skip


def report_plans(title: str, plans: dict[str, list[Plan]], full: bool) -> None:
    """One line per statement: its time at the database and the scans it used."""
    print(f"\nQuery plans, {title} (EXPLAIN ANALYZE):")
    for name, found in plans.items():
        for plan in found:
            print(f"  {name:<28} {plan.milliseconds:8.2f} ms  {'; '.join(plan.scans) or '-'}")
            if full:
                print(f"      {plan.sql}\n" + "\n".join(f"      {line}" for line in
                                                        plan.text.splitlines()))  # fmt: skip


def report_commands(timings: dict, calls: int) -> None:
    """p50/p95 per reader command."""
    print(f"\nReader commands, database work per call ({calls} calls each, random readers):")
    print("| command | p50 | p95 |\n|---|---|---|")
    for name, timing in timings.items():
        print(f"| `{name}` | {timing.p50:.2f} ms | {timing.p95:.2f} ms |")


def report_ledger(figures: LedgerFigures) -> None:
    """The ledger's size at each stage: in all, per reader and issue, per 1,000 readers."""
    n = figures.readers
    print(f"\nLedger of one 7-message broadcast to {n:,} readers ({figures.rows:,} rows); "
          f"compaction {figures.compaction_seconds:.1f} s, dropping the ids "
          f"{figures.drop_seconds:.1f} s. Bytes on disk (table, indexes, TOAST):")  # fmt: skip
    print("| stage | rows (ledger / summaries) | `delivery` | `delivery_summary` | ledger, bytes "
          "per reader | summary, bytes per reader | both, per 1,000 readers |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for size in figures.sizes:
        print(f"| {size.stage} | {size.delivery_rows:,} / {size.summary_rows:,} | "
              f"{size.delivery / MiB:,.1f} MiB | {size.summary / MiB:,.1f} MiB | "
              f"{size.delivery / n:,.0f} | {size.summary / n:,.0f} | "
              f"{(size.delivery + size.summary) / n:,.0f} kB |")  # fmt: skip


def _forget_ledgers(engine: Engine) -> None:
    """Empty the ledger of the bench's broadcast runs, so its size is one broadcast's."""
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(text("TRUNCATE delivery"))


def _server(engine: Engine) -> str:
    with engine.connect() as connection:
        version = connection.execute(text("SHOW server_version")).scalar_one()
    return f"PostgreSQL {version}, schema {SCHEMA}"


if __name__ == "__main__":
    main()
