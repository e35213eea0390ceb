"""How long the backfill's own work takes per post, against the 1 s it waits by default.

Serves N issue pages (the test site of `tests/bot/publishing/beehiiv_site.py` on 127.0.0.1, no
Crawl-delay) and backfills them into a fresh SQLite file at a rate far above the default, so
the time is the backfill's own: fetch, parse and render, check, store, record the state. Then a
second run (every page answers 304). Prints milliseconds per post for both runs, the share of
the default pacing interval (1 s) that work takes, how long a polite run of N posts takes at
1 request a second, and the process's peak memory.

    python -m bench.backfill [--posts N] [--real]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

from bot.database import Database
from bot.publishing.backfill import backfill_site
from storage.db import make_engine, migrate
from tests.bot.publishing.beehiiv_site import BeehiivSite, synthetic_post

KW6 = (Path(__file__).resolve().parents[1] / "tests/fixtures/kw06-2025.web.html").read_bytes()
FAST = 1000.0  # requests a second: pacing out of the way
DEFAULT_RATE = 1.0


async def run(site: str, db: Database) -> tuple[float, int]:
    """Backfill once; return the seconds it took and the posts it handled."""
    started = time.perf_counter()
    report = await backfill_site(site, db, rate=FAST, today=lambda: dt.date(2026, 1, 5))
    return time.perf_counter() - started, report.done


def page(number: int, real: bool) -> bytes:
    """Post page `number`: a small synthetic issue, or the real KW6 page (17 KB) as KW `number`
    (of 2020 onwards, 52 a year)."""
    week, year = (number - 1) % 52 + 1, 2020 + (number - 1) // 52
    if not real:
        return synthetic_post(week, year)
    return KW6.replace(b"KW6 - Der Drache", f"KW{week}/{year} - Der Drache".encode())


def main() -> None:
    """Run the two backfills and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--real", action="store_true", help="the real KW6 page, renamed per week")
    options = parser.parse_args()
    pages = {f"kw{n + 1}": page(n + 1, options.real) for n in range(options.posts)}
    with tempfile.TemporaryDirectory() as folder, BeehiivSite(pages, crawl_delay="0") as site:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        db = Database(engine)
        first, handled = asyncio.run(run(site.url, db))
        second, _ = asyncio.run(run(site.url, db))
        requests = len(site.requests) // 2
        engine.dispose()
    per_post, per_304 = first / handled * 1000, second / handled * 1000
    polite = requests / DEFAULT_RATE
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"posts: {handled}, requests per run: {requests}")
    print(f"first run:  {first:6.2f} s, {per_post:6.1f} ms per post (fetch, render, store)")
    print(f"second run: {second:6.2f} s, {per_304:6.1f} ms per post (304: nothing downloaded)")
    print(f"work per post / default pacing interval (1 s): {per_post / 1000:.1%}")
    print(f"a polite run at 1 request/s: {polite:.0f} s ({polite / 60:.1f} min)")
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
