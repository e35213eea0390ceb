"""`doppelbot backfill SITE [--rate R] [--since YYYY-MM-DD]`: store the publication's archive.

SITE is the publication's address (`https://doppelgaenger.beehiiv.com` or a custom domain).
Every post it lists goes through the one ingest (`bot.publishing.backfill`), politely (at most
R requests a second, default 1, never faster than robots.txt's Crawl-delay). A progress bar
on stderr (in a terminal), then the summary line and a line per skipped or failed post and per
warning. Exit code 0, or 1 when a post failed (a run again tries it); a SITE that cannot be
reached at all is one German line and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

DEFAULT_RATE = 1.0


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot backfill SITE [--rate R] [--since YYYY-MM-DD]`."""
    backfill = commands.add_parser(
        "backfill", help="alle Ausgaben einer beehiiv-Seite speichern (das Archiv nachladen)"
    )
    backfill.add_argument(
        "site", metavar="SITE", help="Adresse der Publikation, z. B. https://name.beehiiv.com"
    )
    backfill.add_argument(
        "--rate",
        type=_rate,
        default=DEFAULT_RATE,
        metavar="R",
        help="höchstens R Abrufe pro Sekunde (Standard 1; robots.txt kann langsamer verlangen)",
    )
    backfill.add_argument(
        "--since", type=_day, metavar="JJJJ-MM-TT", help="nur Beiträge ab diesem Tag"
    )
    backfill.set_defaults(handler=run_backfill)


def run_backfill(args: argparse.Namespace) -> int:
    """Backfill SITE into DATABASE_URL, print the summary; 0, or 1 when a post failed."""
    import asyncio

    from bot.config import load_settings
    from bot.database import Database
    from bot.publishing.backfill import backfill_site, site_address
    from storage.db import make_engine, migrate

    site = site_address(args.site)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    bar = ProgressBar()
    try:
        migrate(engine)
        report = asyncio.run(
            backfill_site(
                site,
                Database(engine),
                rate=args.rate,
                since=args.since,
                today=lambda: dt.datetime.now(settings.tz).date(),
                progress=bar,
            )
        )
    finally:
        bar.close()
        engine.dispose()
    print(report.summary())
    for line in report.details():
        print(line)
    return 1 if report.failed else 0


class ProgressBar:
    """tqdm on stderr, only in a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int) -> None:
        """The posts were found."""
        from tqdm import tqdm

        self.bar = tqdm(
            total=total, unit=" Beiträge", desc="Backfill", file=sys.stderr, disable=None
        )

    def advance(self, slug: str) -> None:
        """One more post handled."""
        if self.bar is not None:
            self.bar.set_postfix_str(slug[:40], refresh=False)
            self.bar.update()

    def close(self) -> None:
        """Take the bar off the terminal."""
        if self.bar is not None:
            self.bar.close()


def _rate(text: str) -> float:
    try:
        rate = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"erwartet eine Zahl, nicht {text!r}") from None
    if not 0 < rate <= 100:
        raise argparse.ArgumentTypeError(f"erwartet eine Zahl über 0 bis 100, nicht {text!r}")
    return rate


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"erwartet ein Datum wie 2024-01-31, nicht {text!r}"
        ) from None
