"""Everything handlers and jobs need, typed, in one object under one `bot_data` key.

The composition root (`bot.app.build_application`) builds the services and installs one
`Deps`; a handler or job gets it with `deps_of(context)`, set-up and shutdown code with
`deps_of(app)`. The services' types are imported for the type checker only: the areas import
this module, never the other way round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext

from bot.config import Settings
from bot.database import Database

if TYPE_CHECKING:
    from bot.broadcast.service import BroadcastService
    from bot.corrections.service import CorrectionService
    from bot.publishing.duty import Publishing
    from bot.readers.reminders import ReminderRounds
    from bot.runtime.admins import Notify
    from bot.runtime.leader import Leadership
    from bot.runtime.metrics_server import MetricsServer
    from bot.runtime.repeat_guard import RepeatGuard
    from bot.runtime.throttle import BurstLimiter

KEY = "deps"


@dataclass(frozen=True, slots=True)
class Deps:
    """The application's settings, database and services."""

    settings: Settings
    db: Database
    clock: Callable[[], dt.datetime]  # aware UTC "now"; tests pin it
    notify: Notify  # a text to every admin (ADMIN_IDS), through the application's bot
    leadership: Leadership  # leader or follower (the schedule runs in the leader only)
    broadcasts: BroadcastService
    corrections: CorrectionService
    publishing: Publishing
    reminders: ReminderRounds
    throttle: BurstLimiter  # per-reader burst limit
    repeats: RepeatGuard  # a section button pressed twice
    metrics: MetricsServer | None = None  # /metrics and /healthz on METRICS_PORT (None: off)

    def is_admin(self, chat_id: int | None) -> bool:
        """Return True when `chat_id` is in ADMIN_IDS."""
        return chat_id is not None and chat_id in self.settings.admin_ids


def install(app: Application[Any, Any, Any, Any, Any, Any], deps: Deps) -> None:
    """Store `deps` in the application (replacing what was there: tests swap a service)."""
    app.bot_data[KEY] = deps


def deps_of(
    holder: CallbackContext[Any, Any, Any, Any] | Application[Any, Any, Any, Any, Any, Any],
) -> Deps:
    """The `Deps` of the application that runs this callback (or of `app` itself)."""
    app = holder.application if isinstance(holder, CallbackContext) else holder
    deps: Deps = app.bot_data[KEY]
    return deps
