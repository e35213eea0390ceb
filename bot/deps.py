"""What handlers and jobs need from the application: settings and the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram.ext import CallbackContext

from bot.config import Settings
from bot.database import Database
from bot.runtime.repeat_guard import RepeatGuard
from bot.runtime.throttle import BurstLimiter
from storage.tables.timestamps import utcnow

_KEY = "deps"


@dataclass(frozen=True, slots=True)
class Deps:
    """The application's shared services, stored once in `bot_data`."""

    settings: Settings
    db: Database
    clock: Callable[[], dt.datetime] = utcnow  # aware UTC "now"; tests pin it
    throttle: BurstLimiter = field(default_factory=BurstLimiter)  # per-reader burst limit
    repeats: RepeatGuard = field(default_factory=RepeatGuard)  # a section button pressed twice

    def is_admin(self, chat_id: int | None) -> bool:
        """Return True when `chat_id` is in ADMIN_IDS."""
        return chat_id is not None and chat_id in self.settings.admin_ids


def install(bot_data: dict, deps: Deps) -> None:
    """Store `deps` in the application's `bot_data`."""
    bot_data[_KEY] = deps


def deps_of(context: CallbackContext) -> Deps:
    """Return the `Deps` of the application that runs this callback."""
    return context.application.bot_data[_KEY]


def app_deps(bot_data: dict) -> Deps:
    """The `Deps` stored in an application's `bot_data` (for set-up code, which has no
    callback context)."""
    return bot_data[_KEY]
