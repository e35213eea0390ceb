"""`doppelbot run` in webhook mode: serve Telegram's updates over HTTPS behind the platform.

Start: build the application (migrated under a lock), check that no instance is in the way
(`instance_guard`: on SQLite this instance must be the only one; on PostgreSQL any number of
webhook instances share the database, but not with a polling one), start the application
(handlers, JobQueue, the leader election), listen on LISTEN:PORT, then register WEBHOOK_URL
with WEBHOOK_SECRET as `secret_token` (every instance registers the same URL: the load
balancer's). SIGTERM or SIGINT: stop taking updates, finish those in flight, stop broadcasts
cleanly (their leases are released), give the leadership up, exit 0. The webhook stays
registered for the other instances.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.config import ConfigError, Settings
from bot.deps import deps_of
from bot.runtime.instance_guard import guard_start
from bot.runtime.webhook_server import WebhookServer

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def serve_webhook(app: Application, settings: Settings) -> int:
    """Serve `app` (built for webhook mode) until SIGTERM/SIGINT; return the exit code (0)."""
    url, _ = settings.require_webhook()
    sqlite = settings.database_url.startswith("sqlite")
    guard_start(deps_of(app).leadership, exclusive=sqlite, sqlite=sqlite)
    return asyncio.run(_serve(app, settings, url))


async def _serve(app: Application, settings: Settings, url: str) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    server = WebhookServer(app, settings)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        try:
            await _listen(server, settings)
            await _register(app, settings, url)
            log.info("webhook mode: listening on %s:%d", settings.listen, server.port)
            await stop.wait()
            log.info("stop signal: no more updates, finishing those under way")
        finally:
            await server.stop()
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return 0


async def _listen(server: WebhookServer, settings: Settings) -> None:
    try:
        await server.start(settings.listen, settings.port)
    except OSError as exc:
        raise ConfigError(
            f"Kann nicht auf {settings.listen}:{settings.port} lauschen (LISTEN, PORT): "
            f"{exc.strerror or exc}"
        ) from None


async def _register(app: Application, settings: Settings, url: str) -> None:
    _, secret = settings.require_webhook()
    try:
        await app.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    except TelegramError as exc:
        raise ConfigError(f"Telegram lehnt WEBHOOK_URL ab: {exc.message}") from None
