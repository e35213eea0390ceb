"""`doppelbot run` in polling mode: one instance fetches updates with `getUpdates`.

Telegram serves one poller per bot, so this instance must be the only one: it claims the
leadership before it polls (`instance_guard`; a second polling instance on the same database
gets one German line and exit 2). When Telegram answers 409 Conflict anyway (a process on
another database polls the same token, or a webhook is set), `bot.runtime.conflict` decides: an
instance that has not served yet yields (one German line, exit 2); one that serves keeps
polling with backoff and tells the admins once. The getUpdates requests go through the
`WatchedRequest` the composition root built with this run's `PollWatch` (`polling_request`).
SIGTERM or SIGINT: polling stops, the updates in flight are finished, then broadcasts are
stopped cleanly and the leadership is given up; exit 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from telegram import Update
from telegram.error import Conflict, TelegramError
from telegram.ext import Application
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings
from bot.deps import deps_of
from bot.runtime.admins import Notify
from bot.runtime.conflict import YIELDED, PollWatch, WatchedRequest
from bot.runtime.containment import optional
from bot.runtime.instance_guard import SecondInstance, guard_start

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
CONFLICT = YIELDED  # the line a yielding instance ends with


def polling_request(watch: PollWatch, inner: BaseRequest | None = None) -> WatchedRequest:
    """The getUpdates request layer of a polling instance: `inner` (default: PTB's own, one
    connection) reporting to `watch`."""
    return WatchedRequest(inner or HTTPXRequest(connection_pool_size=1), watch)


def serve_polling(app: Application, settings: Settings, watch: PollWatch) -> int:
    """Poll with `app` (built for polling, its getUpdates through `polling_request(watch)`)
    until SIGTERM/SIGINT; return the exit code (0), or raise `SecondInstance`."""
    sqlite = settings.database_url.startswith("sqlite")
    guard_start(deps_of(app).leadership, exclusive=True, sqlite=sqlite)
    asyncio.run(_serve(app, watch))
    if watch.yielded:
        raise SecondInstance(CONFLICT)
    return 0


async def _serve(app: Application, watch: PollWatch) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    told: set[asyncio.Task[None]] = set()
    notify = deps_of(app).notify

    def polling_failed(exc: TelegramError) -> None:
        """PTB's retry loop met `exc` (it retries with backoff; must not raise)."""
        if not isinstance(exc, Conflict):
            app.create_task(app.process_error(error=exc, update=None))
        elif watch.yielded:
            stop.set()
        for text in watch.notices():  # a conflict this instance holds out (logged by the watch)
            task = loop.create_task(_tell(notify, text))
            told.add(task)
            task.add_done_callback(told.discard)

    updater = app.updater
    assert updater is not None, "built for polling"
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await updater.start_polling(allowed_updates=Update.ALL_TYPES, error_callback=polling_failed)
        await app.start()
        await stop.wait()
        log.info("polling stops: %s", "yielded" if watch.yielded else "stop signal")
    finally:
        if updater.running:
            await updater.stop()
        if app.running:
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
        if told:
            await asyncio.gather(*told, return_exceptions=True)
        await app.shutdown()
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)


async def _tell(notify: Notify, text: str) -> None:
    await optional("conflict notice", notify(text))
