"""Webhook mode's HTTP server, with real HTTP requests on 127.0.0.1: the right secret is
processed, a wrong or missing one refused with nothing processed, a repeated update (also on a
second instance of the same database) processed once, `/healthz` 200 and 503."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine, func, select

from bot.app import build_application
from bot.database import Database
from bot.deps import deps_of, install
from bot.runtime.webhook_server import SECRET_HEADER, WebhookServer
from bot.simulator.objects import USER_ID, make_command_update
from storage.db import make_engine
from storage.tables import WebhookUpdate
from tests.bot.broadcast_fixtures import copy_database, settings
from tests.fakes.request import RecordingRequest

SECRET = "geheim_Webhook-123"
PATH = "/telegram"


def webhook_settings():
    return settings(webhook_url=f"https://bot.example.org{PATH}", webhook_secret=SECRET)


async def post_update(
    port: int, update: dict, secret: str | None = SECRET, body: bytes | None = None
) -> tuple[int, str]:
    """POST an update as Telegram does (JSON, the secret header unless None)."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    data = body if body is not None else json.dumps(update).encode()
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"http://127.0.0.1:{port}{PATH}", data=data, headers=headers) as response,
    ):
        return response.status, await response.text()


async def get_health(port: int) -> tuple[int, dict]:
    """GET /healthz: status and JSON body."""
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}/healthz") as response,
    ):
        return response.status, await response.json()


class Instance:
    """One bot instance in webhook mode: application, fake Telegram, HTTP server."""

    def __init__(self, app, request: RecordingRequest, server: WebhookServer) -> None:
        self.app, self.request, self.server = app, request, server

    async def post(self, update: dict, secret: str | None = SECRET, body: bytes | None = None):
        return await post_update(self.server.port, update, secret, body)

    async def health(self) -> tuple[int, dict]:
        return await get_health(self.server.port)

    async def replies(self, count: int) -> list[str]:
        """Wait until the reader got `count` replies; return them."""
        await self.request.wait_for(lambda r: len(r.texts(USER_ID)) >= count, timeout=10)
        return self.request.texts(USER_ID)


@asynccontextmanager
async def instance(engine: Engine, **overrides) -> AsyncIterator[Instance]:
    request = RecordingRequest()
    app = build_application(
        webhook_settings(), engine=engine, request=request, mode="webhook", **overrides
    )
    server = WebhookServer(app, webhook_settings())
    async with app:
        await app.start()
        await server.start("127.0.0.1", 0)
        try:
            yield Instance(app, request, server)
        finally:
            await server.stop()
            await app.stop()


@pytest.fixture
def database(sqlite_template: Engine, tmp_path: Path) -> Engine:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield engine
    engine.dispose()


def noted(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(WebhookUpdate)).scalar_one()


async def test_an_update_with_the_right_secret_is_processed(database: Engine) -> None:
    async with instance(database) as bot:
        assert await bot.post(make_command_update("help", update_id=501)) == (200, "OK")
        [reply] = await bot.replies(1)
    assert "/latest" in reply
    assert noted(database) == 1


@pytest.mark.parametrize("secret", [None, "", "falsch", SECRET + "x", SECRET.lower()])
async def test_a_missing_or_wrong_secret_is_refused_and_nothing_processed(
    database: Engine, secret: str | None
) -> None:
    async with instance(database) as bot:
        status, _ = await bot.post(make_command_update("help", update_id=601), secret=secret)
        assert status == 403
        # A correct update afterwards is answered; the refused one never is.
        assert (await bot.post(make_command_update("privacy", update_id=602)))[0] == 200
        [reply] = await bot.replies(1)
        assert len(bot.request.calls_to("sendMessage")) == 1
    assert "/latest" not in reply  # the privacy text, not the help
    assert noted(database) == 1


async def test_a_repeated_update_is_processed_once_even_on_another_instance(
    database: Engine,
) -> None:
    update = make_command_update("help", update_id=701)
    async with instance(database) as first, instance(database) as second:
        assert await first.post(update) == (200, "OK")
        await first.replies(1)
        assert await first.post(update) == (200, "OK")  # Telegram's retry, same instance
        assert await second.post(update) == (200, "OK")  # ... or behind the load balancer
        assert await second.post(make_command_update("privacy", update_id=702)) == (200, "OK")
        await second.replies(1)
        assert len(first.request.texts(USER_ID)) == 1
        assert len(second.request.texts(USER_ID)) == 1
        assert (first.server.repeated, second.server.repeated) == (1, 1)
    assert noted(database) == 2


async def test_a_body_that_is_no_update_gets_400(database: Engine) -> None:
    async with instance(database) as bot:
        assert (await bot.post({}, body=b"kein json"))[0] == 400
        assert (await bot.post({"message": {}}))[0] == 400
    assert noted(database) == 0


async def test_healthz_is_200_with_the_instance_state(database: Engine) -> None:
    async with instance(database) as bot:
        status, body = await bot.health()
    assert status == 200
    assert body["status"] == "ok" and body["database"] == "ok" and body["mode"] == "webhook"
    assert isinstance(body["leader"], bool) and body["instance"]


async def test_healthz_is_503_when_the_database_does_not_answer(
    database: Engine, tmp_path: Path
) -> None:
    async with instance(database) as bot:
        deps = deps_of(bot.app)
        gone = make_engine(f"sqlite:///{tmp_path / 'no-such-dir' / 'bot.db'}")
        install(bot.app, replace(deps, db=Database(gone)))
        server = WebhookServer(bot.app, webhook_settings())
        await server.start("127.0.0.1", 0)
        try:
            status, body = await get_health(server.port)
            update_status = (await post_update(server.port, make_command_update("help")))[0]
        finally:
            await server.stop()
            gone.dispose()
    assert status == 503
    assert body["status"] == "error" and body["database"] == "unreachable"
    assert update_status == 503  # Telegram will deliver it again (to a healthy instance)
