"""`doppelbot stats [--png FILE]`: the statistics on stdout, the chart into a file.

The text is the one /stats sends. With `--png` the chart is written first; a path that cannot
be written raises `ChartWriteError` (one German line, exit code 2) and prints nothing else.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from bot.database import Database
from bot.stats.chart import render_chart
from bot.stats.figures import gather_stats
from bot.stats.report import save_chart
from bot.stats.texts import stats_text
from storage.db import make_engine, migrate
from storage.tables.timestamps import utcnow


def print_stats(settings: Settings, *, png: Path | None = None) -> int:
    """Print the statistics of DATABASE_URL (and write the chart to `png`); return 0.

    The chart is drawn only when it is asked for (matplotlib costs half a second).
    """
    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        stats = Database(engine).run_sync(gather_stats, now=utcnow(), tz=settings.tz)
    finally:
        engine.dispose()
    if png is not None:
        save_chart(render_chart(stats.weeks), png)
    sys.stdout.write(stats_text(stats) + "\n")
    return 0


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `doppelbot stats [--png FILE]`."""
    stats = commands.add_parser("stats", help="Statistik: Leser:innen, Empfehlungen, Versände")
    stats.add_argument("--png", metavar="FILE", help="die Grafik als PNG in FILE schreiben")
    stats.set_defaults(handler=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    """Print the statistics (and write the chart); return the exit code."""
    from bot.config import load_settings

    return print_stats(load_settings(), png=Path(args.png) if args.png else None)
