"""Webhook mode's HTTP server (aiohttp): Telegram's updates in, `GET /healthz` for the platform.

`POST <path of WEBHOOK_URL>` takes an update only with the header
`X-Telegram-Bot-Api-Secret-Token` equal to WEBHOOK_SECRET (compared in constant time): a missing
or wrong secret gets 403 and nothing is processed. An update is noted by its update_id in the
database first (`storage.webhook_updates`): a repeated delivery (Telegram retries what it
thinks failed, possibly to another instance behind the load balancer) gets 200 and is not
processed again. A new update is handed to PTB's `Application` through its update queue and
answered with 200 at once; the handlers run in the background. While stopping, the server
takes no more updates (503, so Telegram delivers them again, to another instance).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.deps import deps_of
from bot.runtime.health import health
from storage.webhook_updates import claim_update, forget_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
MAX_BODY = 1024 * 1024  # an update is a few kB; a document's metadata at most


class WebhookServer:
    """The server of one instance; `await start()`, then `await stop()`."""

    def __init__(self, app: Application, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.secret = settings.require_webhook()[1].encode()
        self.db = deps_of(app).db
        self.accepting = True
        self.taken = 0  # updates handed to the application
        self.repeated = 0  # deliveries recognised as repeats
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        """The aiohttp application with both routes."""
        web_app = web.Application(client_max_size=MAX_BODY)
        web_app.router.add_post(self.settings.webhook_path, self._update)
        web_app.router.add_get(HEALTH_PATH, self._health)
        return web_app

    async def start(self, host: str, port: int) -> None:
        """Listen on `host:port` (port 0: any free port, see `port`)."""
        self._runner = web.AppRunner(self.web_app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._runner is not None, "not started"
        return self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Take no more updates, close the listening socket, finish the requests under way."""
        self.accepting = False
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.secret):
            log.warning("webhook request with a missing or wrong secret refused")
            return web.Response(status=403, text="Forbidden")
        if not self.accepting:
            return web.Response(status=503, text="Stopping")
        try:
            data = json.loads(await request.read())
            update_id = int(data["update_id"])
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="Bad Request: not an update")
        try:
            if not await self.db.run(claim_update, update_id=update_id):
                self.repeated += 1
                log.info("update %d was delivered before: not processed again", update_id)
                return web.Response(text="OK")
        except Exception:
            log.exception("could not note update %d", update_id)
            return web.Response(status=503, text="Database unavailable")
        return await self._hand_over(data, update_id)

    async def _hand_over(self, data: dict[str, Any], update_id: int) -> web.Response:
        """Give the update to the application; if that fails, forget it so the retry counts."""
        try:
            await self.app.update_queue.put(Update.de_json(data, self.app.bot))
        except Exception:
            log.exception("update %d could not be taken", update_id)
            await self.db.run(forget_update, update_id=update_id)
            return web.Response(status=503, text="Not taken")
        self.taken += 1
        return web.Response(text="OK")

    async def _health(self, request: web.Request) -> web.Response:
        status, body = await health(self.db, deps_of(self.app).leadership, self.settings.instance)
        return web.json_response(body, status=status)
