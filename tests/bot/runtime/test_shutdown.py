"""SIGTERM with a real `doppelbot run` process (its updates delivered by the fake Bot API as
Telegram does, once again after a missed 200): stop taking updates, finish those in flight,
stop the broadcast cleanly (its lease released, to be resumed), give the leadership up, exit 0
— in webhook mode and in polling mode. And a second instance on the same SQLite file is
refused with one German line."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import Engine, func, select

from bot.database import Database
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import make_command_update
from newsletter.issue import build_issue
from storage.db import make_engine, migrate
from storage.issues import store_issue
from storage.leader_leases import current_leader
from storage.tables import Broadcast, Delivery
from tests.bot.broadcast_fixtures import add_readers
from tests.bot.instances import (
    SECRET,
    bot_env,
    free_port,
    ingested_before,
    just_passed,
    post_update,
    start,
)
from tests.conftest import FIXTURES

READER = 4242
READERS = range(6_000_001, 6_000_151)


@pytest.fixture
def database(tmp_path: Path) -> Engine:
    """An SQLite file with the KW6 issue (due a minute ago) and 150 readers."""
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    Database(engine).run_sync(
        store_issue, issue=build_issue((FIXTURES / "kw06-2025.rss.xml").read_bytes())
    )
    add_readers(engine, READERS)
    yield engine
    engine.dispose()


def test_sigterm_in_webhook_mode_finishes_in_flight_work_and_releases_everything(
    database: Engine, tmp_path: Path
) -> None:
    schedule, slot = just_passed()
    ingested_before(database, slot)
    port = free_port()
    with FakeBotAPIThread(rate=1000, allow_local_webhooks=True, deliver_webhooks=True) as api:
        env = bot_env(str(database.url), api.base_url, port, BROADCAST_AT=schedule,
                      BROADCAST_GRACE="1h", BROADCAST_RATE="20")  # fmt: skip
        bot = start(env, tmp_path / "bot.log", "--webhook")
        try:
            api.wait_for(lambda a: a.backend.webhook.active, timeout=30)
            api.wait_for(lambda a: a.stats()["sends"] >= 40, timeout=30)  # the catch-up runs
            api.call(lambda a: setattr(a.delivery, "repeat", 1))  # a 200 Telegram misses
            api.push_update(make_command_update("latest", user_id=READER))  # Telegram delivers
            api.wait_for(lambda a: len(a.sent_to(READER)) >= 1, timeout=10)
        finally:
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(30)
        replies = api.texts(READER)
        webhook = api.call(lambda a: (a.backend.webhook.url, a.backend.webhook.secret_token))
        deliveries = api.call(lambda a: list(a.delivery.attempts))
    log = (tmp_path / "bot.log").read_text()
    assert code == 0, log
    assert "Traceback" not in log
    assert [status for _, status in deliveries] == [200, 200]  # the same update twice
    assert len(replies) == 7  # processed once, and finished though SIGTERM came meanwhile
    assert webhook == (f"http://127.0.0.1:{port}/telegram", SECRET)
    with database.connect() as connection:
        broadcast = connection.execute(select(Broadcast.__table__)).one()
        rows = connection.execute(select(func.count()).select_from(Delivery)).scalar_one()
    assert broadcast.status == "running" and broadcast.owner is None  # resumable, lease free
    assert 0 < rows < len(READERS) * 7
    assert Database(database).run_sync(current_leader, name="main").owner is None
    with pytest.raises(OSError):  # nothing listens any more
        post_update(port, make_command_update("help", user_id=READER, update_id=10))


def test_sigterm_in_polling_mode_exits_0_and_gives_the_leadership_up(
    database: Engine, tmp_path: Path
) -> None:
    with FakeBotAPIThread() as api:
        env = bot_env(str(database.url), api.base_url, free_port(), BROADCAST_GRACE="1s")
        bot = start(env, tmp_path / "bot.log", "--polling")
        try:
            api.wait_for(lambda a: a.stats()["per_method"].get("getUpdates", 0) >= 1, 30)
            assert Database(database).run_sync(current_leader, name="main").owner is not None
        finally:
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(30)
    assert code == 0, (tmp_path / "bot.log").read_text()
    assert Database(database).run_sync(current_leader, name="main").owner is None


def test_a_second_instance_on_the_same_sqlite_file_is_refused(
    database: Engine, tmp_path: Path
) -> None:
    with FakeBotAPIThread() as api:
        env = bot_env(str(database.url), api.base_url, free_port(), BROADCAST_GRACE="1s",
                      LEASE_TTL="3s")  # fmt: skip
        first = start(env, tmp_path / "first.log", "--polling")
        try:
            api.wait_for(lambda a: a.stats()["per_method"].get("getUpdates", 0) >= 1, 30)
            second = subprocess.run(
                [sys.executable, "-m", "bot", "run", "--webhook"],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                env={**env, "PORT": str(free_port())},
                timeout=60,
            )
        finally:
            first.send_signal(signal.SIGTERM)
            first.wait(30)
    assert second.returncode == 2
    [line] = second.stderr.strip().splitlines()[-1:]
    assert line.startswith("doppelbot: Fehler: Auf dieser SQLite-Datenbank läuft schon eine")


def test_a_409_conflict_while_polling_stops_with_one_german_line(
    database: Engine, tmp_path: Path
) -> None:
    from bot.simulator.objects import BOT_TOKEN

    async def other_poller(url: str) -> None:
        """Another process polls the same token (once, one second)."""
        async with (
            aiohttp.ClientSession() as session,
            session.post(f"{url}{BOT_TOKEN}/getUpdates", data={"timeout": "1"}) as response,
        ):
            await response.read()

    with FakeBotAPIThread() as api:
        env = bot_env(str(database.url), api.base_url, free_port(), BROADCAST_GRACE="1s")
        bot = start(env, tmp_path / "bot.log", "--polling")
        try:
            api.wait_for(lambda a: a.stats()["per_method"].get("getUpdates", 0) >= 1, 30)
            asyncio.run(other_poller(api.base_url))  # the newer poll ends the bot's: 409
            code = bot.wait(30)
        finally:
            if bot.poll() is None:
                bot.kill()
    log = (tmp_path / "bot.log").read_text()
    assert code == 2, log
    assert log.splitlines()[-1].startswith("doppelbot: Fehler: Telegram meldet 409 Conflict")
    assert "Traceback" not in log
