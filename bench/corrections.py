"""Correction benchmark (run by hand, not a test): the real correction against the fake Bot API.

    python -m bench.corrections --subscribers 600             # edits at the default 30/s
    python -m bench.corrections --subscribers 2000 --rate 1000

Starts the fake Bot API as a separate process (`python -m bot.simulator.bot_api`, 1000/s overall,
~1/s per chat with short bursts, 429 with retry_after, the given latency), stores the KW6 issue
and N subscribers in a temporary SQLite file, broadcasts it at 1000/s (so the fake holds every
message), stores KW6 with a word of the lead and the chart's caption changed, and runs
`run_correction` at `--rate` (default 30/s, BROADCAST_RATE's default). Prints edits per second
÷ the rate, 429s, edits repeated or missing, and the correction's counters.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from bench.broadcast import FIXTURE, TOKEN, fake_stats, fill, start_fake
from bot.broadcast.runner import run_broadcast
from bot.config import Settings
from bot.corrections.proposal import prepare_correction
from bot.corrections.runner import run_correction
from bot.database import Database
from bot.delivery.tuning import EngineSettings
from newsletter.issue import build_issue
from storage.corrections import get_correction
from storage.db import make_engine, migrate
from storage.issues import store_issue

CHANGES = (
    (b"kaum 6 Millionen US-Dollar", b"kaum 6 Milliarden US-Dollar"),
    (b"300.000 US-Dollar pro Kopf", b"250.000 US-Dollar pro Kopf"),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.corrections",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--subscribers", "-n", type=int, default=600)
    parser.add_argument("--rate", type=float, default=30.0, help="edits per second (30)")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the figures."""
    args = parse_args(argv)
    raw = FIXTURE.read_bytes()
    changed = raw
    for old, new in CHANGES:
        changed = changed.replace(old, new)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        migrate(engine)
        db = Database(engine)
        bid = fill(engine, build_issue(raw), args.subscribers)
        server, base_url = start_fake(1000.0, args.latency_ms, 0.0)
        try:
            settings = Settings(_env_file=None, telegram_bot_token=TOKEN, database_url=url,  # type: ignore[call-arg]
                                telegram_api_url=base_url, broadcast_rate=1000.0)  # fmt: skip
            asyncio.run(run_broadcast(bid, settings=settings, db=db))
            sends = fake_stats(base_url)
            db.run_sync(store_issue, issue=build_issue(changed))
            correction_id = db.run_sync(prepare_correction)
            settings = settings.model_copy(update={"broadcast_rate": args.rate})
            tuning = EngineSettings.for_rate(args.rate)
            started = time.perf_counter()
            result = asyncio.run(
                run_correction(correction_id, settings=settings, db=db, engine_settings=tuning)
            )
            seconds = time.perf_counter() - started
            stats = fake_stats(base_url)
        finally:
            server.terminate()
            server.wait(10)
        correction = db.run_sync(get_correction, correction_id=correction_id)
        engine.dispose()
    calls = stats["per_method"]
    tried = calls.get("editMessageText", 0) + calls.get("editMessageCaption", 0)
    done = correction.edited + correction.unchanged
    rate = done / seconds if seconds else 0.0
    print(f"subscribers {args.subscribers}, 2 changed messages, rate {args.rate:g}/s")
    print(f"complete: {result.complete}; {done} edits in {seconds:.1f} s")
    print(f"edits per second: {rate:.1f} = {rate / args.rate:.3f} of the rate")
    print(f"429 during the correction: {stats['rate_limited'] - sends['rate_limited']}")
    print(f"edit calls: {tried} (repeated: {tried - done}); missing: {2 * args.subscribers - done}")
    print(
        f"ledger: edited {correction.edited}, unchanged {correction.unchanged}, "
        f"skipped {correction.skipped}, failed {correction.failed}; "
        f"peak unrecorded {result.peak_unrecorded} of window {result.window}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
