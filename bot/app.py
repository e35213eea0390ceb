"""The composition root: builds the PTB `Application` with its handlers, jobs and services."""

from __future__ import annotations

import functools

from sqlalchemy import Engine
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.broadcast import compaction
from bot.broadcast import jobs as broadcast_jobs
from bot.broadcast.service import BroadcastService
from bot.config import Settings
from bot.corrections import jobs as correction_jobs
from bot.corrections.announce import PATTERN as CORRECTION_PATTERN
from bot.corrections.service import CorrectionService
from bot.database import Database
from bot.delivery.transport import build_request
from bot.deps import Deps, deps_of, install
from bot.publishing import jobs as publishing_jobs
from bot.publishing import review
from bot.publishing.duty import Publishing
from bot.readers import inline_mode, reminders
from bot.readers.reminders import ReminderRounds
from bot.runtime import leader, metrics, webhook_updates
from bot.runtime.admins import Notify, admin_notifier
from bot.runtime.jobs import schedule_jobs
from bot.runtime.leader import Leadership, new_leadership
from bot.runtime.metrics_server import MetricsServer
from bot.runtime.pacing import PacedRateLimiter
from bot.runtime.repeat_guard import RepeatGuard
from bot.runtime.schema import prepare_schema
from bot.runtime.throttle import BurstLimiter
from bot.runtime.updates import ChatOrderedUpdateProcessor
from handlers import (
    approval,
    broadcast,
    callbacks,
    corrections,
    earnings,
    errors,
    fallback,
    groups,
    inline,
    issues,
    membership,
    privacy,
    referrals,
    search,
    start,
    stats,
    upload,
    watchlist,
)
from handlers import settings as preferences
from handlers.commands import reader_commands
from handlers.scope import GROUP, GROUP_COMMAND, READER
from handlers.throttle import throttle
from storage.db import make_engine
from storage.tables.timestamps import utcnow

JOB_MODULES = (
    leader,
    broadcast_jobs,
    publishing_jobs,
    correction_jobs,
    reminders,
    compaction,
    webhook_updates,
    metrics,
    inline_mode,
)
"""Every area's jobs (`jobs(settings)`), scheduled in this order."""
REPLY_MAX_RETRIES = 2
REPLY_CONNECTIONS = 64  # the application's own requests (replies) in flight at once
THROTTLE_GROUP = -1  # runs before the commands (group 0) and can stop an update


def build_application(
    settings: Settings,
    *,
    engine: Engine | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    mode: str | None = None,
) -> Application:
    """Build the bot: settings, database (migrated), handlers in order, start-up hooks.

    `request`/`get_updates_request` replace PTB's HTTP layer (tests pass a recording fake).
    `mode` (`webhook` or `polling`, default: webhook when WEBHOOK_URL is set) is how this
    instance gets its updates; the leader lease notes it.
    """
    engine = engine or make_engine(settings.database_url)
    prepare_schema(engine, settings)
    limiter = PacedRateLimiter(max_retries=REPLY_MAX_RETRIES)
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .defaults(Defaults(tzinfo=settings.tz))
        .rate_limiter(limiter)
        .concurrent_updates(ChatOrderedUpdateProcessor())
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if request is not None:
        builder = builder.request(request)
    else:  # aiohttp: a fraction of httpx's CPU per request (bench/README.md, "Why aiohttp")
        builder = builder.request(build_request(REPLY_CONNECTIONS))
    if (updates := get_updates_request or request) is not None:
        builder = builder.get_updates_request(updates)
    app = builder.build()
    notify = admin_notifier(app.bot, settings.admin_ids)
    deps = build_deps(settings, Database(engine), mode or settings.mode, notify)
    install(app, deps)
    limiter.on_message = functools.partial(_give_way, deps)
    register_handlers(app)
    schedule_jobs(app, [job for module in JOB_MODULES for job in module.jobs(settings)])
    return app


def _give_way(deps: Deps) -> None:
    """A reply goes out: every run of this process sends one message later (one global limit)."""
    for service in (deps.broadcasts, deps.corrections):
        for engine in service.runs.engines.values():
            engine.pace.give_way()


def build_deps(settings: Settings, db: Database, mode: str, notify: Notify) -> Deps:
    """The services of one instance (`mode`: how it gets its updates, noted by the leader;
    `notify` tells the admins, e.g. when a background run keeps failing)."""
    broadcasts = BroadcastService(settings, db, notify=notify)
    leadership = new_leadership(settings, db, mode)
    return Deps(
        settings=settings,
        db=db,
        clock=utcnow,
        notify=notify,
        leadership=leadership,
        broadcasts=broadcasts,
        corrections=CorrectionService(settings, db, notify=notify),
        publishing=Publishing(settings, db, broadcasts),
        reminders=ReminderRounds(),
        throttle=BurstLimiter(),
        repeats=RepeatGuard(),
        metrics=metrics_server(settings, db, leadership),
    )


def metrics_server(
    settings: Settings, db: Database, leadership: Leadership
) -> MetricsServer | None:
    """The metrics server when METRICS_PORT is set."""
    if settings.metrics_port is None:
        return None
    return MetricsServer(
        db,
        leadership,
        instance=settings.instance,
        listen=settings.metrics_listen,
        port=settings.metrics_port,
    )


def register_handlers(app: Application) -> None:
    """Register every handler, in order: the one place that knows them all."""
    app.add_handler(TypeHandler(Update, throttle), group=THROTTLE_GROUP)
    reader_commands_ = {
        "start": start.start,
        "subscribe": start.subscribe,
        "unsubscribe": start.unsubscribe,
        "latest": issues.latest,
        "archive": issues.archive,
        "search": search.search,
        "earnings": earnings.earnings,
        "referral": referrals.referral,
        "top": referrals.top,
        "help": privacy.help_command,
        "privacy": privacy.privacy,
        "deletedata": privacy.delete_data,
        "follow": watchlist.follow_command,
        "unfollow": watchlist.unfollow_command,
        "following": watchlist.following,
    }
    for command, callback in reader_commands_.items():
        app.add_handler(CommandHandler(command, callback, filters=READER))
    reader_buttons = (
        (callbacks.SUBSCRIBE_PATTERN, start.subscribe_button),
        (callbacks.ARCHIVE_PATTERN, issues.archive_page_button),
        (callbacks.SEARCH_MORE_PATTERN, search.more_button),
        (callbacks.ISSUE_PATTERN, issues.open_issue_button),
        (callbacks.SECTION_PATTERN, issues.open_issue_button),
        (callbacks.DELETE_PATTERN, privacy.delete_button),
        (callbacks.FOLLOW_PATTERN, watchlist.follow_button),
    )
    for pattern, callback in reader_buttons:
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    app.add_handler(CommandHandler("broadcast", broadcast.broadcast, filters=READER))
    app.add_handler(CallbackQueryHandler(broadcast.confirm_button, pattern=broadcast.PATTERN))
    app.add_handler(CommandHandler("approve", approval.approve_command, filters=READER))
    app.add_handler(CommandHandler("hold", approval.hold_command, filters=READER))
    app.add_handler(CallbackQueryHandler(approval.review_button, pattern=review.PATTERN))
    app.add_handler(MessageHandler(READER & filters.Document.ALL, upload.document))
    app.add_handler(
        MessageHandler(READER & filters.Regex(upload.URL) & ~filters.COMMAND, upload.link)
    )
    app.add_handler(CommandHandler("stats", stats.stats, filters=READER))
    app.add_handler(CallbackQueryHandler(corrections.correct_button, pattern=CORRECTION_PATTERN))
    app.add_handler(ChatMemberHandler(membership.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(CommandHandler("settings", preferences.settings, filters=READER))
    app.add_handler(
        CallbackQueryHandler(preferences.settings_button, pattern=callbacks.SETTINGS_PATTERN)
    )
    register_group_handlers(app)
    app.add_handler(InlineQueryHandler(inline.inline_query))
    app.add_handler(ChosenInlineResultHandler(inline.chosen_result))
    # Fallbacks: keep these last, after every other command and button handler.
    app.add_handler(MessageHandler(READER & filters.COMMAND, fallback.unknown_command))
    app.add_handler(MessageHandler(READER, fallback.other_message))
    app.add_handler(MessageHandler(GROUP_COMMAND, fallback.group_command))
    app.add_handler(CallbackQueryHandler(fallback.stale_button))
    app.add_error_handler(errors.on_error)


def register_group_handlers(app: Application) -> None:
    """The commands that work in groups and supergroups (`/cmd` or `/cmd@<bot>`), and a group
    that becomes a supergroup; every other command there gets the fallback's one note."""
    group_commands = {
        "subscribe": groups.subscribe,
        "unsubscribe": groups.unsubscribe,
        "settings": groups.admins_only(preferences.settings),
        "latest": issues.latest,
        "help": groups.help_command,
        "start": groups.help_command,
    }
    for command, callback in group_commands.items():
        app.add_handler(CommandHandler(command, callback, filters=GROUP))
    app.add_handler(MessageHandler(GROUP & filters.StatusUpdate.MIGRATE, groups.migrated))


async def _post_init(app: Application) -> None:
    """Runs once the bot is initialised: announce the command list to Telegram, serve the
    metrics (METRICS_PORT)."""
    await app.bot.set_my_commands(reader_commands())
    if (server := deps_of(app).metrics) is not None:
        await server.start()


async def _post_stop(app: Application) -> None:
    """Runs once updates and jobs stopped: stop the automatic backfill, this instance's
    broadcasts and corrections (their leases are released; they resume later), then give the
    leadership up, so another instance takes over at once."""
    deps = deps_of(app)
    await deps.publishing.stop_backfill()
    await deps.broadcasts.stop_all()
    await deps.corrections.stop_all()
    await deps.leadership.release()
    if deps.metrics is not None:
        await deps.metrics.stop()
