"""The publisher's cycle in the running bot: what happens after new content is stored.

`Publishing` lives in the application (`Deps.publishing`). `settle` is what happens after new
content is stored (by the feed poller, an upload, or `doppelbot ingest` in another process,
which the review job finds): the admins get their preview and check report, then the open
slot's issue starts if it is ready. It also runs the automatic backfill in the background
(`start_backfill`, `stop_backfill`). Its jobs are `bot.publishing.jobs`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot

from bot.broadcast.selection import Plan
from bot.broadcast.service import BroadcastService
from bot.config import Settings
from bot.database import Database
from bot.publishing.auto_backfill import AutoBackfill
from bot.publishing.feed import FeedPoller
from bot.publishing.review import review_pending
from bot.publishing.slot import slot_tick
from bot.runtime.admins import Notify, admin_notifier

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Publishing:
    """The publisher's cycle in this process, on the application's broadcasts."""

    settings: Settings
    db: Database
    broadcasts: BroadcastService
    backfill: asyncio.Task[Any] | None = field(default=None)

    async def settle(self, bot: Bot) -> None:
        """Preview new content to the admins, then start the open slot's issue if ready."""
        await review_pending(bot, self.settings, self.db, now=self.broadcasts.now)
        await self.catch_up(admin_notifier(bot, self.settings.admin_ids))

    async def catch_up(self, notify: Notify | None = None) -> Plan | None:
        """Start the open slot's issue if it is there and released (see `bot.publishing.slot`)."""
        return await slot_tick(self.broadcasts, notify)

    def poller(self, bot: Bot) -> FeedPoller | None:
        """The FEED_URL poller (None without FEED_URL)."""
        if self.settings.feed_url is None:
            return None
        notify = admin_notifier(bot, self.settings.admin_ids)
        return FeedPoller(self.settings.feed_url, self.db, notify, now=self.broadcasts.now)

    def start_backfill(self, bot: Bot, leading: Callable[[], bool]) -> bool:
        """Start the automatic backfill in the background unless it runs (see
        `bot.publishing.auto_backfill`); False when it runs already."""
        if self.backfill is not None and not self.backfill.done():
            return False
        auto = AutoBackfill(
            self.settings,
            self.db,
            admin_notifier(bot, self.settings.admin_ids),
            busy=lambda: any(not task.done() for task in self.broadcasts.tasks.values()),
            leading=leading,
            now=self.broadcasts.now,
        )
        self.backfill = asyncio.create_task(self._backfill(auto))
        return True

    async def stop_backfill(self) -> None:
        """Stop the automatic backfill (at shutdown; the next election resumes it)."""
        if self.backfill is not None and not self.backfill.done():
            self.backfill.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.backfill

    @staticmethod
    async def _backfill(auto: AutoBackfill) -> None:
        try:
            await auto.run()
        except Exception:
            log.exception("the automatic backfill crashed; the next election tries again")
