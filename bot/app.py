"""The composition root: builds the PTB `Application` with its handlers, jobs and services."""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import BaseRequest

from bot.config import Settings
from bot.database import Database
from bot.deps import Deps, install
from storage.db import make_engine, migrate

log = logging.getLogger(__name__)

REPLY_MAX_RETRIES = 2


def build_application(
    settings: Settings,
    *,
    engine: Engine | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application:
    """Build the bot: settings, database (migrated), handlers in order, start-up hooks.

    `request`/`get_updates_request` replace PTB's HTTP layer (tests pass a recording fake).
    """
    engine = engine or make_engine(settings.database_url)
    migrate(engine)
    builder = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.telegram_api_url)
        .defaults(Defaults(tzinfo=settings.tz))
        .rate_limiter(AIORateLimiter(max_retries=REPLY_MAX_RETRIES))
        .post_init(_post_init)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    app = builder.build()
    install(app.bot_data, Deps(settings=settings, db=Database(engine)))
    register_handlers(app)
    return app


def register_handlers(app: Application) -> None:
    """Register every handler, in order: the one place that knows them all."""


async def _post_init(app: Application) -> None:
    """Runs once the bot is initialised: announce the command list to Telegram."""
