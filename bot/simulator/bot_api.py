"""A fake Telegram Bot API HTTP server on 127.0.0.1 (aiohttp) for end-to-end tests and benchmarks.

    async with FakeBotAPI(rate=30, per_chat_rate=1.0, burst=3, latency=0.1) as api:
        ...  # run `doppelbot run` with TELEGRAM_API_URL=api.base_url
        await api.wait_for(lambda a: a.stats()["sends"] >= 10, timeout=10)

Serves `/bot<TOKEN>/<method>` (JSON, form or multipart bodies, query strings) through a
`TelegramBackend`, so rules, flood limits, chat fates and scripted failures are those of the
`RecordingRequest`. Admin routes: `GET /_stats`, `GET /_messages` (`?chat_id=`: one chat's),
`POST /_reset`, `POST /_update` (body: an update), `POST /_fail` (body: see
`_failure_from_json`), `POST /_file` (body: a file's bytes, `?name=`; answers the `document` an
update carries).
CLI: `python -m bot.simulator.bot_api --port 8081 --rate 1000 --latency-ms 100` (see `cli.py`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, Unpack

from aiohttp import web
from aiohttp.web_request import FileField

from bot.simulator.backend import BackendOptions, TelegramBackend
from bot.simulator.delivery import WebhookDelivery
from bot.simulator.flood import FloodControl
from bot.simulator.params import ParamDecoder, Upload
from bot.simulator.rules import UNAUTHORIZED, ApiError, Failure, Timeout
from bot.simulator.scripts import ScriptedTimeout
from bot.simulator.view import FakeTelegramView

_JSON = "application/json"
_GATEWAY_TIMEOUT = ApiError(504, "Gateway Timeout")


class FakeBotAPI(FakeTelegramView):
    """The fake Bot API server; use as `async with FakeBotAPI(...) as api`.

    `rate`/`per_chat_rate` None or 0 turn a flood limit off; `latency` (s) delays every answer
    (requests overlap); `token` None accepts any token; `allow_local_webhooks` lets
    `setWebhook` take `http://127.0.0.1:PORT/...` (a test's bot); `deliver_webhooks` POSTs
    pending updates to the webhook like Telegram (`bot.simulator.delivery`); `chat_log` keeps
    each chat as its people see it (`bot.simulator.chats`); `web_files` maps photo URLs to the
    bytes Telegram would fetch there (`bot.simulator.media`); `clock` drives flood limits and
    record times; `sleep` is used for latency, scripted timeouts and retries.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        rate: float | None = 30.0,
        per_chat_rate: float | None = 1.0,
        burst: float = 3,
        global_burst: float | None = None,
        latency: float = 0.0,
        deliver_webhooks: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        **backend: Unpack[BackendOptions],
    ) -> None:
        flood = None
        if rate or per_chat_rate:
            flood = FloodControl(
                rate, per_chat_rate, burst=burst, global_burst=global_burst, clock=clock
            )
        self.backend = TelegramBackend(clock=clock, flood=flood, **backend)
        self.host, self.port, self.token = host, port, token
        self.delivery = WebhookDelivery(self.backend, sleep=sleep) if deliver_webhooks else None
        self.latency = latency
        self._sleep = sleep
        self._decoder = ParamDecoder()
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What PTB's `base_url` takes: `http://127.0.0.1:PORT/bot`."""
        return f"{self.url}/bot"

    async def start(self) -> None:
        """Start serving; `port=0` picks a free port (read `port` afterwards)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        app.router.add_get("/_stats", self._stats)
        app.router.add_get("/_messages", self._messages)
        app.router.add_post("/_reset", self._reset)
        app.router.add_post("/_update", self._update)
        app.router.add_post("/_fail", self._fail)
        app.router.add_post("/_file", self._add_file)
        # In-flight long polls must not hold up stop() for aiohttp's default 60 s.
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=1024)
        await site.start()
        self.port = self._runner.addresses[0][1]
        if self.delivery is not None:
            self.delivery.start()

    async def stop(self) -> None:
        """Stop serving (and delivering)."""
        if self.delivery is not None:
            await self.delivery.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # HTTP ---------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        if self.latency:
            await self._sleep(self.latency)
        token, method = request.match_info["token"], request.match_info["method"]
        if self.token is not None and token != self.token:
            return _reply(UNAUTHORIZED.status, UNAUTHORIZED.body())
        try:
            params = await self._params(request)
        except ValueError:
            error = ApiError(400, "Bad Request: can't parse JSON body")
            return _reply(error.status, error.body())
        try:
            status, body = await self.backend.call(method, params)
        except ScriptedTimeout as exc:
            await self._sleep(exc.seconds)
            status, body = exc.answer or (_GATEWAY_TIMEOUT.status, _GATEWAY_TIMEOUT.body())
        return _reply(status, body)

    async def _file(self, request: web.Request) -> web.Response:
        if self.token is not None and request.match_info["token"] != self.token:
            return _reply(UNAUTHORIZED.status, UNAUTHORIZED.body())
        content = self.backend.files.download(request.match_info["path"])
        if content is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=content, content_type="application/octet-stream")

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if request.query_string:
            params.update(self._decoder.decode(request.query))
        if not request.body_exists:
            return params
        ctype = request.content_type
        if ctype == _JSON:
            params.update(await request.json())
            chat_id = params.get("chat_id")
            if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
                params["chat_id"] = int(chat_id)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            fields = {}
            for name, value in (await request.post()).items():
                if isinstance(value, str):
                    fields[name] = value
                elif isinstance(value, FileField):
                    data = value.file.read()
                    params[name] = Upload(value.filename, len(data), data, value.content_type)
            params.update(self._decoder.decode(fields))
        return params

    async def _stats(self, request: web.Request) -> web.Response:
        return _reply(200, self.stats())

    async def _messages(self, request: web.Request) -> web.Response:
        chat_id = request.query.get("chat_id")
        found = self.messages if chat_id is None else self.sent_to(int(chat_id))
        return _reply(200, [m.to_dict() for m in found])

    async def _reset(self, request: web.Request) -> web.Response:
        self.reset()
        return _reply(200, {"ok": True})

    async def _update(self, request: web.Request) -> web.Response:
        return _reply(200, {"ok": True, "update_id": self.push_update(await request.json())})

    async def _add_file(self, request: web.Request) -> web.Response:
        """POST the file's bytes (`?name=issue.html`); answers the `document` of a message."""
        name = request.query.get("name", "file.html")
        return _reply(200, self.backend.files.add(await request.read(), name))

    async def _fail(self, request: web.Request) -> web.Response:
        data = await request.json()
        failure = _failure_from_json(data)
        self.fail_for(data.get("chat_id"), failure, times=data.get("times", 1),
                      method=data.get("method"))  # fmt: skip
        return _reply(200, {"ok": True})


def _failure_from_json(data: dict[str, Any]) -> Failure:
    """`{"timeout": s, "delivered": bool}` or `{"status": n, "description": s, "parameters": {}}`,
    each with optional `chat_id`, `times` (null: always) and `method`."""
    if "timeout" in data:
        return Timeout(bool(data.get("delivered", True)), float(data["timeout"]))
    return ApiError(int(data["status"]), str(data["description"]), data.get("parameters"))


def _reply(status: int, body: Any) -> web.Response:
    return web.Response(status=status, body=json.dumps(body).encode(), content_type=_JSON)


if __name__ == "__main__":
    from bot.simulator.cli import main

    main()
