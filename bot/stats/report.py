"""The statistics as /stats and `doppelbot stats` show them: the German text and the chart.

`build_report` gathers the figures in one transaction, writes the text and draws the chart;
`make_report` does the same in a worker thread, so the running bot's event loop never waits
for the database or for matplotlib. `save_chart` writes the PNG for the CLI
(`bot.cli.stats`), which draws the chart only when asked for it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.database import Database
from bot.stats.chart import render_chart
from bot.stats.figures import gather_stats
from bot.stats.texts import chart_caption, stats_text


class ChartWriteError(Exception):
    """The chart could not be written to the given path; the message is one German line."""


@dataclass(frozen=True, slots=True)
class StatsReport:
    """The German text of the figures, the chart's caption and the chart as PNG bytes."""

    text: str
    caption: str
    chart: bytes


def build_report(db: Database, *, now: dt.datetime, tz: ZoneInfo) -> StatsReport:
    """Gather the figures at `now` (weeks in `tz`) and render text and chart."""
    stats = db.run_sync(gather_stats, now=now, tz=tz)
    return StatsReport(
        text=stats_text(stats),
        caption=chart_caption(len(stats.weeks)),
        chart=render_chart(stats.weeks),
    )


async def make_report(db: Database, *, now: dt.datetime, tz: ZoneInfo) -> StatsReport:
    """`build_report` in a worker thread."""
    return await asyncio.to_thread(build_report, db, now=now, tz=tz)


_REASONS = (
    (IsADirectoryError, "das ist ein Ordner"),
    (FileNotFoundError, "den Ordner gibt es nicht"),
    (PermissionError, "keine Schreibrechte"),
)


def save_chart(chart: bytes, path: Path) -> None:
    """Write the PNG to `path`; `ChartWriteError` with a German reason if that fails."""
    write_output(chart, path, what="die Grafik")


def write_output(data: bytes, path: Path, *, what: str) -> None:
    """Write a file the command line was asked for (`what`: "die Grafik"); `ChartWriteError`
    with a German reason if that fails."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        reason = next((text for kind, text in _REASONS if isinstance(exc, kind)), None)
        raise ChartWriteError(
            f"Kann {what} nicht schreiben: {path}: {reason or exc.strerror or exc}"
        ) from None
