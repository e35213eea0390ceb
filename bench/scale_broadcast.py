"""One broadcast of `bench/scale.py`, in a process of its own (so its memory is the
broadcaster's alone): start it, send the first K messages against the fake Bot API, stop.

    python bench/scale_broadcast.py --database-url URL --issue-id 52 [--messages 100000]
                                    [--tracemalloc]

Runs in `bench.scale_fill.SCHEMA` of an already filled database. Starts the fake Bot API
(`python -m bot.simulator.bot_api --rate 1000`) as a process of its own, calls
`prepare_broadcast` and `run_broadcast` (paid, 1000 msg/s) and stops the engine cleanly (a
`RunHooks(engine=…)` hook, `engine.stop`) once K messages are recorded; the fake has accepted
at least as many by then. Prints one JSON object: the seconds from calling the broadcast start
until the fake accepted the first message (both clocks are the machine's monotonic clock), the
peak RSS (and RSS before the run and after 10 %, 50 %, 100 % of the messages), with
`--tracemalloc` the peak of the Python heap the run allocated (tracing slows the run and costs
memory of its own: RSS is measured in a run without it), and the fake's counters.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `python bench/scale_broadcast.py` finds bench/ and tests/ too

from bench.broadcast import TOKEN, fake_stats, start_fake  # noqa: E402
from bench.scale_fill import scale_engine  # noqa: E402
from bot.broadcast.rounds import Engine  # noqa: E402
from bot.broadcast.runner import run_broadcast  # noqa: E402
from bot.broadcast.selection import prepare_broadcast  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.database import Database  # noqa: E402
from bot.delivery.runner import RunHooks  # noqa: E402
from storage.subscribers import count_active  # noqa: E402

RATE = 1000.0
STOP_REASON = "bench: genug Nachrichten"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--issue-id", type=int, required=True)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--blocked-share", type=float, default=0.01)
    parser.add_argument("--tracemalloc", action="store_true", help="trace the Python heap")
    return parser.parse_args(argv)


def rss_now() -> int:
    """This process's resident memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def rss_peak() -> int:
    """This process's peak resident memory since it started (VmHWM), in bytes. (Not
    `ru_maxrss`: that keeps the peak of the parent process this one was forked from.)"""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


class Watch:
    """Samples RSS while the engine sends, and stops it after `messages` recorded ones (of
    this run)."""

    def __init__(self, messages: int) -> None:
        self.messages = messages
        self.marks: dict[str, int] = {}
        self.traced: dict[str, int] = {}  # the Python heap at the marks (with tracemalloc)
        self.peak = 0
        self.task: asyncio.Task[None] | None = None

    def hook(self, engine: Engine) -> None:
        """`RunHooks.engine`: start watching `engine`."""
        self.task = asyncio.get_running_loop().create_task(self._watch(engine))

    async def _watch(self, engine: Engine) -> None:
        marks = {int(self.messages * share): f"{share:.0%}" for share in (0.1, 0.5, 1.0)}
        progress = engine.progress
        base = progress.sent + progress.blocked + progress.failed  # a resumed broadcast's
        while True:
            done = progress.sent + progress.blocked + progress.failed - base
            rss = rss_now()
            self.peak = max(self.peak, rss)
            for count, name in marks.items():
                if done >= count and name not in self.marks:
                    self.marks[name] = rss
                    if tracemalloc.is_tracing():
                        self.traced[name] = tracemalloc.get_traced_memory()[0]
            if done >= self.messages:
                engine.stop(STOP_REASON)
                return
            await asyncio.sleep(0.05)


def main(argv: list[str] | None = None) -> None:
    """Run one broadcast and print its figures as JSON."""
    args = parse_args(argv)
    engine = scale_engine(args.database_url, fresh=False)
    db = Database(engine)
    readers = db.run_sync(count_active)
    server, base_url = start_fake(RATE, 0.0, args.blocked_share)
    try:
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN,  # type: ignore[call-arg]
                            database_url=args.database_url, telegram_api_url=base_url,
                            broadcast_rate=RATE, broadcast_paid=True)  # fmt: skip
        watch = Watch(args.messages)
        rss_before = rss_now()
        if args.tracemalloc:
            tracemalloc.start()
        began = time.monotonic()
        plan = db.run_sync(prepare_broadcast, trigger="cli", issue_id=args.issue_id)
        prepared = time.monotonic() - began
        assert plan.broadcast.id is not None
        result = asyncio.run(
            run_broadcast(plan.broadcast.id, settings=settings, db=db,
                          hooks=RunHooks(engine=watch.hook))
        )  # fmt: skip
        traced = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else None
        tracemalloc.stop()
        peak = rss_peak()
        stats = fake_stats(base_url)
    finally:
        server.terminate()
        server.wait(10)
        engine.dispose()
    span = (stats["last_at"] or 0) - (stats["first_at"] or 0)
    print(json.dumps({
        "readers": readers,
        "broadcast_id": result.row_id,
        "stopped": result.stop_reason,
        "prepare_seconds": prepared,
        "start_seconds": (stats["first_at"] or began) - began,
        "sends": stats["sends"],
        "rate": stats["sends"] / span if span else None,
        "rate_limited": stats["rate_limited"],
        "duplicates": stats["duplicates"],
        "rss_before": rss_before,
        "rss_peak_sampled": watch.peak,
        "rss_peak": peak,
        "rss_marks": watch.marks,
        "traced_peak": traced,
        "traced_marks": watch.traced,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
