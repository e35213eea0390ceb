"""A PostgreSQL that goes away (a proxy between the bot and the database cuts every
connection and refuses new ones): the running bot keeps running, `/healthz` answers 503 and an
update Telegram posts meanwhile gets 503 (Telegram delivers it again); once the database is
back, the same update is answered and `/healthz` is 200 again. And a real `doppelbot broadcast
--now` survives a cut of 20 seconds in the middle (it used to give up after 10 failed polls): it
pauses, finishes by itself, every reader has every message, nothing twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from bot.database import Database
from bot.delivery.tuning import window_for
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import USER_ID, make_command_update
from storage.db import make_engine, migrate
from storage.issues import store_issue
from tests.bot.broadcast_fixtures import TEXTS, add_readers, small_issue
from tests.bot.instances import bot_env, command, free_port
from tests.bot.runtime.test_webhook import instance
from tests.fakes.proxy import CuttableProxy

READERS = range(5_000_001, 5_000_601)  # 600 readers × 4 messages
RATE = 200
CUT = 20.0  # seconds without a database, as in the report of issue 16


@pytest.fixture
def proxied(postgres_schema: str) -> Iterator[tuple[str, CuttableProxy]]:
    """The URL of this test's migrated PostgreSQL schema through a proxy, and the proxy."""
    url = make_url(postgres_schema)
    engine = make_engine(postgres_schema)
    migrate(engine)
    engine.dispose()
    with CuttableProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port)
        yield through.render_as_string(hide_password=False), proxy


async def test_healthz_is_503_and_updates_wait_while_postgresql_is_away(proxied) -> None:
    url, proxy = proxied
    engine = make_engine(url)
    try:
        async with instance(engine) as bot:
            assert (await bot.health())[0] == 200
            proxy.cut()
            status, body = await bot.health()
            assert status == 503 and body["database"] == "unreachable"
            update = make_command_update("help")
            assert (await bot.post(update))[0] == 503  # Telegram will deliver it again
            assert bot.request.texts(USER_ID) == []
            proxy.restore()
            assert (await bot.health())[0] == 200
            assert (await bot.post(update))[0] == 200  # delivered again: answered now
            assert len(await bot.replies(1)) == 1
    finally:
        engine.dispose()


def wait_for(condition, timeout: float, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(step)


def test_a_broadcast_survives_a_database_outage_and_finishes_by_itself(
    proxied, postgres_schema: str, tmp_path: Path
) -> None:
    url, proxy = proxied
    direct = make_engine(postgres_schema)
    Database(direct).run_sync(store_issue, issue=small_issue())
    add_readers(direct, READERS)
    total = len(READERS) * len(TEXTS)
    with FakeBotAPIThread(rate=1000) as api:
        env = bot_env(url, api.base_url, free_port(), BROADCAST_RATE=str(RATE))
        log = tmp_path / "broadcast.log"
        process = command(env, log, "broadcast", "--now")
        try:
            wait_for(lambda: api.stats()["sends"] >= total // 4, timeout=30)
            proxy.cut()
            cut_at = api.stats()["sends"]
            time.sleep(CUT)
            during = api.stats()["sends"] - cut_at
            assert process.poll() is None, log.read_text()  # still running, paused
            proxy.restore()
            assert process.wait(timeout=60) == 0, log.read_text()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            direct.dispose()
        stats = api.stats()
        assert all(api.texts(chat) == list(TEXTS) for chat in READERS)
    assert during <= window_for(RATE)  # only what was in flight when the database went
    assert stats["duplicates"] == 0 and stats["sends"] == total
    text = log.read_text()
    assert "paused: heartbeat failed" in text and "the database answers again" in text
    assert "abgeschlossen" in text
