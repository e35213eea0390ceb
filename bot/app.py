"""The composition root: builds the PTB `Application` with its handlers, jobs and services."""

from __future__ import annotations

from sqlalchemy import Engine
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.broadcast.compaction import schedule_compaction
from bot.broadcast.jobs import setup_broadcasts, stop_broadcasts
from bot.config import Settings
from bot.corrections.announce import PATTERN as CORRECTION_PATTERN
from bot.corrections.jobs import schedule_corrections
from bot.database import Database
from bot.deps import Deps, install
from bot.publishing import review
from bot.publishing.duty import setup_publishing
from bot.readers.reminders import schedule_reminders
from bot.runtime.leader import schedule_leadership, stop_leadership
from bot.runtime.pacing import PacedRateLimiter
from bot.runtime.schema import prepare_schema
from bot.runtime.updates import ChatOrderedUpdateProcessor
from bot.runtime.webhook_updates import schedule_update_pruning
from handlers import (
    approval,
    broadcast,
    callbacks,
    corrections,
    earnings,
    errors,
    fallback,
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
from handlers.scope import GROUP_COMMAND, READER
from handlers.throttle import throttle
from storage.db import make_engine

REPLY_MAX_RETRIES = 2
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
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .defaults(Defaults(tzinfo=settings.tz))
        .rate_limiter(PacedRateLimiter(max_retries=REPLY_MAX_RETRIES))
        .concurrent_updates(ChatOrderedUpdateProcessor())
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    app = builder.build()
    install(app.bot_data, Deps(settings=settings, db=Database(engine)))
    register_handlers(app)
    schedule_leadership(app, settings, Database(engine), mode or settings.mode)
    setup_broadcasts(app, settings, engine)
    setup_publishing(app, settings, Database(engine))
    schedule_corrections(app, settings)
    schedule_reminders(app, settings)
    schedule_compaction(app)
    schedule_update_pruning(app)
    return app


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
    # Fallbacks: keep these last, after every other command and button handler.
    app.add_handler(MessageHandler(READER & filters.COMMAND, fallback.unknown_command))
    app.add_handler(MessageHandler(READER, fallback.other_message))
    app.add_handler(MessageHandler(GROUP_COMMAND, fallback.group_command))
    app.add_handler(CallbackQueryHandler(fallback.stale_button))
    app.add_error_handler(errors.on_error)


async def _post_init(app: Application) -> None:
    """Runs once the bot is initialised: announce the command list to Telegram."""
    await app.bot.set_my_commands(reader_commands())


async def _post_stop(app: Application) -> None:
    """Runs once updates and jobs stopped: stop this instance's broadcasts (their leases are
    released), then give the leadership up, so another instance takes over at once."""
    await stop_broadcasts(app)
    await stop_leadership(app)
