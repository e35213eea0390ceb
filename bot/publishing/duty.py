"""The publisher's cycle in the running bot: what happens after new content is stored.

`Publishing` lives in the application (`Deps.publishing`). `settle` is what happens after new
content is stored (by the feed poller, an upload, or `doppelbot ingest` in another process,
which the review job finds): the admins get their preview and check report, then the open
slot's issue starts if it is ready. Its jobs are `bot.publishing.jobs`.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot

from bot.broadcast.selection import Plan
from bot.broadcast.service import BroadcastService
from bot.config import Settings
from bot.database import Database
from bot.publishing.feed import FeedPoller
from bot.publishing.review import review_pending
from bot.publishing.slot import slot_tick
from bot.runtime.admins import Notify, admin_notifier


@dataclass(slots=True)
class Publishing:
    """The publisher's cycle in this process, on the application's broadcasts."""

    settings: Settings
    db: Database
    broadcasts: BroadcastService

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
