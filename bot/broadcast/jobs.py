"""The broadcast's schedule: BROADCAST_AT every week, catch-up and resumption at start-up.

PTB's JobQueue (APScheduler) fires `scheduled_broadcast` at BROADCAST_AT in TIMEZONE: a cron
trigger with the zone's tzinfo, so 07:00 stays 07:00 in Berlin in winter (06:00 UTC) and in
summer (05:00 UTC). Its days use PTB's numbering (0 = Sunday), as `Settings.schedule` gives
them. APScheduler forgets a run missed while the bot was down, so at start-up
`startup_check` first resumes interrupted broadcasts, then catches up on a scheduled time that
passed less than BROADCAST_GRACE ago (see `BroadcastService.catch_up`); every LEASE_TTL/3
`watchdog` takes over a broadcast whose sender died (several instances on one database) and
starts the open slot's issue once it arrived or was approved (`bot.publishing.slot`).

With several instances only the leader runs these jobs (`bot.runtime.leader.leader_only`), and a
newly elected leader runs `startup_check` at once (`on_election`): it resumes the broadcast the old
leader was sending and catches up on a schedule it missed.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from telegram.ext import Application, CallbackContext, Job

from bot.broadcast import texts
from bot.broadcast.selection import BroadcastError
from bot.broadcast.service import (
    BroadcastService,
    Notify,
    app_service,
    install_service,
    service_of,
)
from bot.config import Settings
from bot.database import Database
from bot.runtime.admins import admin_notifier
from bot.runtime.leader import leader_only, on_election

log = logging.getLogger(__name__)

BROADCAST_JOB = "broadcast"
STARTUP_JOB = "broadcast-startup"
WATCHDOG_INTERVAL = 60.0


def setup_broadcasts(app: Application, settings: Settings, engine: Engine) -> None:
    """Install the `BroadcastService` and schedule its jobs."""
    install_service(app.bot_data, BroadcastService(settings, Database(engine)))
    schedule_jobs(app, settings)


def schedule_jobs(app: Application, settings: Settings) -> Job:
    """Add the weekly broadcast, the start-up check (when elected) and the watchdog, each for
    the leader only; return the weekly job."""
    job_queue = app.job_queue
    if job_queue is None:  # pragma: no cover - PTB is installed with the job-queue extra
        raise RuntimeError("python-telegram-bot[job-queue] is required")
    schedule = settings.schedule
    grace = int(settings.broadcast_grace.total_seconds())
    weekly = job_queue.run_daily(
        leader_only(scheduled_broadcast),
        time=schedule.time.replace(tzinfo=settings.tz),
        days=schedule.days,
        name=BROADCAST_JOB,
        job_kwargs={"misfire_grace_time": max(1, grace), "coalesce": True},
    )
    on_election(app, startup_check, name=STARTUP_JOB)
    every = watchdog_interval(settings)
    job_queue.run_repeating(
        leader_only(watchdog), interval=every, first=every, name="broadcast-watchdog"
    )
    return weekly


def watchdog_interval(settings: Settings) -> float:
    """How often the leader looks for broadcasts whose sender died: a third of LEASE_TTL (so a
    new leader resumes one within a minute), at most every minute."""
    return max(1.0, min(WATCHDOG_INTERVAL, settings.lease_ttl.total_seconds() / 3))


async def scheduled_broadcast(context: CallbackContext) -> None:
    """BROADCAST_AT: send the newest issue that was never sent, or tell the admins why not."""
    notify = _notifier(context)
    try:
        await service_of(context).scheduled(notify)
    except BroadcastError as exc:
        await notify(texts.not_sent(str(exc)))


async def startup_check(context: CallbackContext) -> None:
    """Once after start: resume interrupted broadcasts, then catch up on a missed time."""
    await watchdog(context)


async def watchdog(context: CallbackContext) -> None:
    """Every LEASE_TTL/3: take over broadcasts whose sending process is gone, and send the open
    slot's issue once it is there and released (catch-up, late issues, approvals)."""
    service, notify = service_of(context), _notifier(context)
    await service.resume_interrupted(notify)
    try:
        await service.catch_up(notify)
    except BroadcastError as exc:
        log.info("no catch-up: %s", exc)


async def stop_broadcasts(app: Application) -> None:
    """`post_stop` hook: stop this process's broadcasts cleanly (they resume at next start)."""
    await app_service(app.bot_data).stop_all()


def _notifier(context: CallbackContext) -> Notify:
    """Send a text to every admin (an admin who blocked the bot is skipped)."""
    return admin_notifier(context.bot, service_of(context).settings.admin_ids)
