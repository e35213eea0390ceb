"""Readers under load (run by hand, not a test): reply latency while a paid broadcast runs and
while an admin's large upload is parsed.

    python bench/load.py [--readers 6000] [--rate 1000] [--pace 4] [--upload-mb 15]
                         [--database-url URL]

The fake Bot API runs as its own process (`python -m bot.simulator.bot_api --rate RATE`: the paid
broadcast's 1000 msg/s, one message per chat and second). This process runs the real
application in polling mode (`build_application`, PTB's updater against the fake) on a fresh
database (a temporary SQLite file unless --database-url; PostgreSQL in a schema of its own,
dropped afterwards) with the KW6 issue and N active readers, and a driver thread that pushes
reader commands (/latest, /earnings, /search nvidia, /archive, /help) from other chats at a
steady pace (`--pace` per second, each from a new chat). Three phases:

1. idle: commands only;
2. busy: the issue's broadcast (BROADCAST_PAID, BROADCAST_RATE) to the N readers runs, started
   as the admin's /broadcast does (`BroadcastService.launch`); commands go on until it is done;
3. upload: an admin sends the KW6 web page padded to `--upload-mb` MB (inline images, hidden
   blocks: `load_world.padded_page`); the commands go on until it is stored.

A reply's latency is from the update being pushed to the fake until the fake accepted the first
reply to that chat (both on the machine's monotonic clock). Printed per phase: p50/p95/max
latency, the event loop's worst lag (a probe task sleeping 5 ms), and for the broadcast the
messages per second and this process's CPU seconds per 1,000 messages (the fake's CPU is its
own process's). Ratios to the targets of issue 16: busy p95 ≤ 0.5 s and ≤ idle p95 + 0.3 s,
upload p95 ≤ 1 s, ≤ 0.5 CPU s per 1,000 messages.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_world import Driver, LagProbe, Simulator, World  # noqa: E402

TARGETS = {"busy_p95": 0.5, "busy_over_idle": 0.3, "upload_p95": 1.0, "cpu_per_1000": 0.5}


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=6000)
    parser.add_argument("--rate", type=float, default=1000.0, help="BROADCAST_RATE (paid)")
    parser.add_argument("--pace", type=float, default=4.0, help="reader commands per second")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--upload-mb", type=float, default=15.0)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (own schema)")
    return parser.parse_args()


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def describe(name: str, latencies: list[float], lag: float) -> tuple[float, float]:
    """Print one phase's line; return its p50 and p95."""
    p50, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(
        f"{name:7} replies {len(latencies):4}  p50 {p50:6.3f} s  p95 {p95:6.3f} s  "
        f"max {max(latencies):6.3f} s  worst loop lag {lag:6.3f} s"
    )
    return p50, p95


async def bench(args: argparse.Namespace, workdir: Path) -> None:
    """Run the three phases and print the figures."""
    with Simulator(rate=args.rate) as api, World(args, api.base_url, workdir) as world:
        app = world.app
        probe = LagProbe()
        driver = Driver(api, pace=args.pace)
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0.0, timeout=10)  # type: ignore[union-attr]
            probe.start()
            driver.start()
            await asyncio.sleep(2.0)
            driver.mark("warm-up"), probe.take()  # first imports, caches, the leader's start
            await asyncio.sleep(args.idle_seconds)
            idle = driver.mark("idle"), probe.take()

            sends_before, cpu_before, began = api.stats()["sends"], cpu_seconds(), time.monotonic()
            await world.broadcast()
            cpu, seconds = cpu_seconds() - cpu_before, time.monotonic() - began
            sent = api.stats()["sends"] - sends_before
            busy = driver.mark("busy"), probe.take()

            await world.upload(api, args.upload_mb)
            upload = driver.mark("upload"), probe.take()
            driver.stop()
            probe.stop()
            latencies, stats = driver.latencies(), api.stats()
            await app.updater.stop()  # type: ignore[union-attr]
            await app.stop()  # the last /latest replies are paced: a few seconds
    print(f"{args.readers} readers, broadcast at {args.rate:g} msg/s, {args.pace:g} commands/s")
    _, idle_p95 = describe("idle", latencies[idle[0]], idle[1])
    _, busy_p95 = describe("busy", latencies[busy[0]], busy[1])
    _, upload_p95 = describe("upload", latencies[upload[0]], upload[1])
    per_1000 = cpu / (sent / 1000)
    print(
        f"broadcast: {sent} messages in {seconds:.1f} s = {sent / seconds:.0f} msg/s "
        f"({sent / seconds / args.rate:.2f} of the rate); CPU {cpu:.1f} s = "
        f"{per_1000:.3f} CPU s per 1,000 messages"
    )
    print(f"429s from the fake: {stats['rate_limited']}, violations: {stats['violations']}")
    print(
        f"against the targets: busy p95 {busy_p95 / TARGETS['busy_p95']:.2f} of 0.5 s, "
        f"busy - idle p95 {(busy_p95 - idle_p95) / TARGETS['busy_over_idle']:.2f} of 0.3 s, "
        f"upload p95 {upload_p95 / TARGETS['upload_p95']:.2f} of 1 s, "
        f"CPU {per_1000 / TARGETS['cpu_per_1000']:.2f} of 0.5 s per 1,000"
    )


def main() -> None:
    """Entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="doppelbot-load-") as workdir:
        asyncio.run(bench(args, Path(workdir)))


if __name__ == "__main__":
    main()
