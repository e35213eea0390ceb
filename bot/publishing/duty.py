"""The publishing duties of the running bot, wired by `bot.app`: review, feed, channel.

`Publishing` lives in `bot_data`. `settle` is what happens after new content is stored (by the
feed poller, an upload, or `doppelbot ingest` in another process, which the review job finds):
the admins get their preview and check report, then the open slot's issue starts if it is
ready. Jobs, each in the leader only (`bot.runtime.leader`): the review every few seconds, the feed
every FEED_INTERVAL (with FEED_URL), the channel check whenever this instance becomes leader (with
CHANNEL_ID).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot
from telegram.ext import Application, CallbackContext

from bot.broadcast.channel import ensure_channel
from bot.broadcast.service import BroadcastService, app_service
from bot.config import Settings
from bot.database import Database
from bot.publishing import texts
from bot.publishing.feed import FeedPoller
from bot.publishing.review import review_pending
from bot.runtime.admins import admin_notifier
from bot.runtime.leader import leader_only, on_election

log = logging.getLogger(__name__)

REVIEW_INTERVAL = 15.0  # seconds: how soon an issue stored by another process is previewed
FEED_FIRST = 5.0
_KEY = "publishing"


@dataclass(slots=True)
class Publishing:
    """The publisher's cycle in this process; `bot_data` holds its `BroadcastService`."""

    settings: Settings
    db: Database
    bot_data: dict

    @property
    def service(self) -> BroadcastService:
        """The application's broadcasts."""
        return app_service(self.bot_data)

    async def settle(self, bot: Bot) -> None:
        """Preview new content to the admins, then start the open slot's issue if ready."""
        await review_pending(bot, self.settings, self.db, now=self.service.now)
        await self.service.catch_up(admin_notifier(bot, self.settings.admin_ids))

    def poller(self, bot: Bot) -> FeedPoller | None:
        """The FEED_URL poller (None without FEED_URL)."""
        if self.settings.feed_url is None:
            return None
        notify = admin_notifier(bot, self.settings.admin_ids)
        return FeedPoller(self.settings.feed_url, self.db, notify, now=self.service.now)


def setup_publishing(app: Application, settings: Settings, db: Database) -> Publishing:
    """Install `Publishing` in `bot_data` and schedule its jobs."""
    publishing = Publishing(settings, db, app.bot_data)
    app.bot_data[_KEY] = publishing
    job_queue = app.job_queue
    assert job_queue is not None
    review = leader_only(review_job)
    job_queue.run_repeating(review, REVIEW_INTERVAL, first=REVIEW_INTERVAL, name="review")
    if settings.feed_url is not None:
        interval = settings.feed_interval.total_seconds()
        job_queue.run_repeating(leader_only(feed_job), interval, first=FEED_FIRST, name="feed")
    if settings.channel_id is not None:
        on_election(app, channel_job, name="channel-check")
    return publishing


def publishing_of(context: CallbackContext) -> Publishing:
    """The `Publishing` of the application that runs this callback."""
    return publishing_of_app(context.application)


def publishing_of_app(app: Application) -> Publishing:
    """The `Publishing` installed in `app`."""
    return app.bot_data[_KEY]


async def review_job(context: CallbackContext) -> None:
    """Every few seconds: preview what was stored elsewhere; start a ready slot."""
    await publishing_of(context).settle(context.bot)


async def feed_job(context: CallbackContext) -> None:
    """Every FEED_INTERVAL: poll the feed; settle what it stored."""
    publishing = publishing_of(context)
    poller = publishing.poller(context.bot)
    if poller is None:
        return
    result = await poller.poll()
    if result.stored:
        await publishing.settle(context.bot)


async def channel_job(context: CallbackContext) -> None:
    """At start-up: check CHANNEL_ID, tell the admins if the bot cannot post there."""
    publishing = publishing_of(context)
    problem = await ensure_channel(context.bot, publishing.settings, publishing.db)
    if problem is not None:
        notify = admin_notifier(context.bot, publishing.settings.admin_ids)
        await notify(texts.channel_problem(publishing.settings.channel_id or "", problem))
