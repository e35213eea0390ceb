"""The publisher's jobs, each in the leader only (`bot.runtime.jobs`).

- `slot`: at BROADCAST_AT every week, the slot's issue starts if it is new and released, else
  the admins hear why not. PTB's JobQueue fires it with the zone's tzinfo, so 07:00 stays 07:00
  in Berlin in winter and summer; its days use PTB's numbering (0 = Sunday), as
  `Settings.schedule` gives them. APScheduler forgets a run missed while the bot was down:
- `slot-watch`: when elected and every LEASE_TTL/3, the open slot's issue starts once it is
  there and released (catch-up after a restart within BROADCAST_GRACE, late issues, approvals).
- `review`: every few seconds, new or changed issues stored elsewhere are previewed to the
  admins (then the slot is settled).
- `feed`: every FEED_INTERVAL (with FEED_URL), the feed is polled.
- `channel-check`: when elected (with CHANNEL_ID), the bot checks it may post to the channel.
- `backfill`: when elected (with FEED_URL and BACKFILL=auto), the site's whole archive is
  stored in the background once (`bot.publishing.auto_backfill`).
"""

from __future__ import annotations

import logging

from telegram.ext import CallbackContext

from bot.broadcast import texts as broadcast_texts
from bot.broadcast.channel import channel_notice
from bot.broadcast.jobs import watchdog_interval
from bot.broadcast.selection import BroadcastError
from bot.config import Settings
from bot.deps import deps_of
from bot.publishing.slot import slot_time
from bot.runtime.jobs import Job

log = logging.getLogger(__name__)

SLOT_JOB = "broadcast"
SLOT_WATCH_JOB = "slot-watch"
REVIEW_INTERVAL = 15.0  # seconds: how soon an issue stored by another process is previewed
FEED_FIRST = 5.0


def jobs(settings: Settings) -> list[Job]:
    """The slot at BROADCAST_AT, its watch, the review, and the feed and channel when set."""
    grace = int(settings.broadcast_grace.total_seconds())
    weekly = {"misfire_grace_time": max(1, grace), "coalesce": True}
    found = [
        Job(
            SLOT_JOB,
            slot_job,
            at=settings.schedule.time.replace(tzinfo=settings.tz),
            days=settings.schedule.days,
            options=weekly,
        ),
        Job(SLOT_WATCH_JOB, slot_watch_job, every=watchdog_interval(settings), on_election=True),
        Job("review", review_job, every=REVIEW_INTERVAL),
    ]
    if settings.feed_url is not None:
        every = settings.feed_interval.total_seconds()
        found.append(Job("feed", feed_job, every=every, first=FEED_FIRST))
    if settings.channel_id is not None:
        found.append(Job("channel-check", channel_job, on_election=True))
    if settings.feed_url is not None and settings.backfill == "auto":
        found.append(Job("backfill", backfill_job, on_election=True))
    return found


async def slot_job(context: CallbackContext) -> None:
    """BROADCAST_AT: send the slot's issue, or tell the admins why not."""
    deps = deps_of(context)
    try:
        await slot_time(deps.broadcasts, deps.notify)
    except BroadcastError as exc:
        await deps.notify(broadcast_texts.not_sent(str(exc)))


async def slot_watch_job(context: CallbackContext) -> None:
    """When elected and every LEASE_TTL/3: start the open slot's issue once it is ready."""
    deps = deps_of(context)
    try:
        await deps.publishing.catch_up(deps.notify)
    except BroadcastError as exc:
        log.info("no catch-up: %s", exc)


async def review_job(context: CallbackContext) -> None:
    """Every few seconds: preview what was stored elsewhere; start a ready slot."""
    await deps_of(context).publishing.settle(context.bot)


async def feed_job(context: CallbackContext) -> None:
    """Every FEED_INTERVAL: poll the feed; settle what it stored."""
    publishing = deps_of(context).publishing
    poller = publishing.poller(context.bot)
    if poller is None:
        return
    result = await poller.poll()
    if result.stored:
        await publishing.settle(context.bot)


async def backfill_job(context: CallbackContext) -> None:
    """When elected: store the site's archive in the background, once for good."""
    deps = deps_of(context)
    deps.publishing.start_backfill(context.bot, lambda: deps.leadership.is_leader)


async def channel_job(context: CallbackContext) -> None:
    """When elected: check CHANNEL_ID, tell the admins if the bot cannot post there."""
    deps = deps_of(context)
    notice = await channel_notice(context.bot, deps.settings, deps.db, now=deps.clock())
    if notice is not None:
        await deps.notify(notice)
