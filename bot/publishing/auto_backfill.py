"""The automatic backfill: with FEED_URL (and BACKFILL=auto, the default) the leader stores the
publication's whole archive in the background once, on its first start.

The site is the feed's own link (its `<channel><link>`). The run starts once the feed was
polled (its first poll stores the newest issue first; at most a minute after the election),
goes at one request a second, pauses while a broadcast of this process runs, and stops when
this instance is no longer the leader or shuts down: the next election resumes it (what was
stored is not fetched again, see `bot.publishing.backfill`). When every post was handled, a
notice key marks it done for good and the admins get the summary; when the site cannot be read,
they hear why once per start and the next election tries again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.config import Settings
from bot.database import Database
from bot.publishing.backfill import backfill_site, site_address
from bot.publishing.backfill_report import BackfillReport
from bot.publishing.crawl import Sleep
from bot.publishing.source import SourceError, fetch
from newsletter.decoding import decode_input
from newsletter.errors import ParseError
from newsletter.feed import channel_link
from storage.feed_state import load_feed_state
from storage.notices import note_once, noted

log = logging.getLogger(__name__)

DONE = "backfill:auto:done"
START_DELAY = 60.0  # at most this long after the election, the feed's first poll comes first
FEED_LOOK = 2.0  # seconds between looks whether the feed was polled
YIELD_PAUSE = 10.0  # seconds between looks while a broadcast runs
RATE = 1.0  # requests a second

Notify = Callable[[str], Awaitable[None]]


@dataclass(slots=True)
class AutoBackfill:
    """One automatic run: `busy()` while a broadcast runs here, `leading()` while this
    instance is the leader."""

    settings: Settings
    db: Database
    notify: Notify
    busy: Callable[[], bool]
    leading: Callable[[], bool]
    now: Callable[[], dt.datetime]
    sleep: Sleep = asyncio.sleep
    clock: Callable[[], float] = time.monotonic
    start_delay: float = START_DELAY

    async def run(self) -> BackfillReport | None:
        """Backfill the feed's site unless that was done; None when there was nothing to do
        or the site could not be read (the admins were told)."""
        if self.settings.feed_url is None or await self.db.run(noted, key=DONE):
            return None
        await self._after_the_feed(self.settings.feed_url)
        try:
            site = await asyncio.to_thread(feed_site, self.settings.feed_url)
            report = await backfill_site(
                site,
                self.db,
                rate=RATE,
                today=self._today,
                turn=self._turn,
                clock=self.clock,
                sleep=self.sleep,
            )
        except (SourceError, ParseError) as exc:
            log.warning("automatic backfill failed: %s", exc)
            await self.notify(f"📚 Archiv nicht nachgeladen: {exc} (neuer Versuch beim Neustart)")
            return None
        if not report.stopped and await self.db.run(note_once, key=DONE):
            await self.notify(report.for_admins())
        return report

    async def _after_the_feed(self, feed_url: str) -> None:
        waited = 0.0
        while waited < self.start_delay:
            if (await self.db.run(load_feed_state, url=feed_url)).polled_at is not None:
                return
            await self.sleep(FEED_LOOK)
            waited += FEED_LOOK

    def _today(self) -> dt.date:
        return self.now().astimezone(self.settings.tz).date()

    async def _turn(self) -> bool:
        while self.busy() and self.leading():
            await self.sleep(YIELD_PAUSE)
        return self.leading()


def feed_site(feed_url: str) -> str:
    """The publication's address, from the feed's own link; raise `SourceError` or
    `ParseError` (one German line) when the feed names none."""
    link = channel_link(decode_input(fetch(feed_url).body))
    if link is None:
        raise SourceError(f"Der Feed {feed_url} nennt keine Adresse seiner Seite (<link>).")
    return site_address(link)
