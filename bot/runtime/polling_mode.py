"""`doppelbot run` in polling mode: one instance fetches updates with `getUpdates`.

Telegram serves one poller per bot, so this instance must be the only one: it claims the
leadership before it polls (`instance_guard`; a second polling instance on the same database
gets one German line and exit 2), and when Telegram answers 409 Conflict anyway (a process on
another database polls the same token, or a webhook is set) it stops with one German line and
exit 2 instead of fighting over updates. SIGTERM or SIGINT: PTB stops polling, finishes the
updates in flight, then broadcasts are stopped cleanly and the leadership is given up; exit 0.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Conflict
from telegram.ext import Application, ContextTypes

from bot.config import Settings
from bot.deps import deps_of
from bot.runtime.instance_guard import SecondInstance, guard_start

log = logging.getLogger(__name__)

CONFLICT = (
    "Telegram meldet 409 Conflict: ein anderer Prozess holt schon die Updates dieses Bots "
    "(Long Polling oder ein Webhook). Es darf nur eine Instanz pollen: die andere beenden, oder "
    "für mehrere Instanzen WEBHOOK_URL setzen."
)


def serve_polling(app: Application, settings: Settings) -> int:
    """Poll with `app` (built for polling) until SIGTERM/SIGINT; return the exit code (0), or
    raise `SecondInstance`."""
    sqlite = settings.database_url.startswith("sqlite")
    guard_start(deps_of(app).leadership, exclusive=True, sqlite=sqlite)
    conflict = ConflictStop()
    app.add_error_handler(conflict)
    app.run_polling(allowed_updates=Update.ALL_TYPES)
    if conflict.seen:
        raise SecondInstance(CONFLICT)
    return 0


class ConflictStop:
    """Error handler: a 409 Conflict while polling stops this instance (and is remembered)."""

    def __init__(self) -> None:
        self.seen = False

    async def __call__(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update is None and isinstance(context.error, Conflict):
            if not self.seen:
                log.error("409 Conflict from getUpdates: %s", context.error.message)
            self.seen = True
            context.application.stop_running()
