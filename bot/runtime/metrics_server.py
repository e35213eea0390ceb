"""The metrics server (METRICS_PORT): `GET /metrics` for Prometheus, `GET /healthz` as in webhook
mode, on METRICS_LISTEN (default 127.0.0.1), in polling and webhook mode alike.

Started once the application is initialised and stopped when it stops (`bot.app`'s start-up and
shutdown hooks); a port that is taken stops the start with one German line. It serves nothing
but these two routes: no update, no token, no reader's id.
"""

from __future__ import annotations

import logging

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.config import ConfigError
from bot.database import Database
from bot.runtime.containment import optional
from bot.runtime.health import health
from bot.runtime.leader import Leadership
from bot.runtime.metrics import exposition, read_readers

log = logging.getLogger(__name__)

METRICS_PATH = "/metrics"
HEALTH_PATH = "/healthz"


class MetricsServer:
    """`await start()` listens on `listen:port` (port 0: any free one, see `port`); `await
    stop()` closes it."""

    def __init__(
        self, db: Database, leadership: Leadership, *, instance: str, listen: str, port: int
    ) -> None:
        self.db, self.leadership, self.instance = db, leadership, instance
        self.listen, self.wanted_port = listen, port
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        """The aiohttp application with both routes."""
        web_app = web.Application()
        web_app.router.add_get(METRICS_PATH, self._metrics)
        web_app.router.add_get(HEALTH_PATH, self._health)
        return web_app

    async def start(self) -> None:
        """Listen; a port that cannot be had is a `ConfigError` (one German line)."""
        runner = web.AppRunner(self.web_app(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.listen, self.wanted_port).start()
        except OSError as exc:
            await runner.cleanup()
            raise ConfigError(
                f"Kann für die Metriken nicht auf {self.listen}:{self.wanted_port} lauschen "
                f"(METRICS_LISTEN, METRICS_PORT): {exc.strerror or exc}"
            ) from None
        self._runner = runner
        await optional("reading the readers' counts", read_readers(self.db))
        log.info("metrics on http://%s:%d%s", self.listen, self.port, METRICS_PATH)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._runner is not None, "not started"
        return self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close the listening socket and finish the requests under way."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _health(self, request: web.Request) -> web.Response:
        status, body = await health(self.db, self.leadership, self.instance)
        return web.json_response(body, status=status)
