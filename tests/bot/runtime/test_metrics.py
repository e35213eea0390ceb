"""`/metrics` and `/healthz` on METRICS_PORT: scraped from a running application (in-process)
and from a real `doppelbot run --polling` process. The metrics the issue names are there, their
values move (a broadcast counts its messages, an update is counted and timed), and no label
holds a token or a chat id."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine
from telegram import Update

from bot.app import build_application
from bot.deps import deps_of
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN, make_command_update
from storage.db import make_engine, migrate
from tests.bot.broadcast_fixtures import World, add_readers, copy_database
from tests.bot.broadcast_fixtures import settings as bot_settings
from tests.bot.instances import bot_env, free_port, start

NAMES = {
    "doppelbot_messages_total",
    "doppelbot_broadcast_progress_ratio",
    "doppelbot_broadcast_running",
    "doppelbot_readers",
    "doppelbot_updates_total",
    "doppelbot_update_seconds_bucket",
    "doppelbot_update_seconds_count",
    "doppelbot_is_leader",
    "doppelbot_telegram_429_total",
    "doppelbot_feed_last_success_timestamp_seconds",
    "doppelbot_reminders_total",
}
WORDS = {"sent", "blocked", "failed", "retried", "new", "active", "unsubscribed"}


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, by name and labels."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def check_labels(text: str, chat_ids: list[int]) -> None:
    """Labels are fixed words (or histogram buckets): no token, no chat id anywhere."""
    assert BOT_TOKEN not in text and BOT_TOKEN.split(":")[1] not in text
    for (_, labels), _value in samples(text).items():
        for key, label in labels:
            assert key in {"outcome", "state", "le"}, key
            assert key == "le" or label in WORDS, label
    for chat_id in chat_ids:
        assert str(chat_id) not in text


def scrape_until(port: int, seen: str, timeout: float = 10.0) -> httpx.Response:
    """GET /metrics until its text holds `seen` (the readers' gauge is read in a job)."""
    deadline = time.monotonic() + timeout
    while True:
        answer = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        if seen in answer.text or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


@pytest.fixture
def engine(sqlite_template: Engine, tmp_path) -> Engine:
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield engine
    engine.dispose()


async def test_a_running_application_serves_metrics_that_move(engine) -> None:
    readers = list(range(8_000_001, 8_000_011))
    add_readers(engine, readers)
    world = World(engine)
    app = build_application(
        bot_settings(metrics_port=free_port()), engine=engine, request=world.request
    )
    server = deps_of(app).metrics
    assert server is not None
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}") as client:
            before = samples((await client.get("/metrics")).text)
            update = Update.de_json(make_command_update("help", user_id=4242), app.bot)
            await app.update_processor.process_update(update, app.process_update(update))
            result = await world.run()
            await app.job_queue.get_jobs_by_name("metrics-readers")[0].run(app)  # type: ignore[index,union-attr]
            answer = await client.get("/metrics")
            health = await client.get("/healthz")
        port = server.port
        await app.post_stop(app)  # type: ignore[misc]
    assert result.complete
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    after = samples(answer.text)
    assert {name for name, _ in after} >= NAMES
    sent = value(after, "doppelbot_messages_total", outcome="sent")
    assert sent - value(before, "doppelbot_messages_total", outcome="sent") == len(readers) * 4
    assert value(after, "doppelbot_updates_total") > value(before, "doppelbot_updates_total")
    assert value(after, "doppelbot_update_seconds_count") > value(
        before, "doppelbot_update_seconds_count"
    )
    assert value(after, "doppelbot_broadcast_progress_ratio") == 1.0
    assert value(after, "doppelbot_readers", state="active") == len(readers)
    check_labels(answer.text, readers)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    with pytest.raises(httpx.ConnectError):  # stopped with the application
        httpx.get(f"http://127.0.0.1:{port}/metrics")


def test_a_real_process_serves_metrics_and_health(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    port = free_port()
    with FakeBotAPIThread() as api:
        env = bot_env(url, api.base_url, free_port(), METRICS_PORT=str(port))
        bot = start(env, tmp_path / "bot.log", "--polling")
        try:
            api.push_update(make_command_update("help", user_id=4242))
            api.wait_for(lambda a: len(a.sent_to(4242)) >= 1, timeout=30)
            metrics = scrape_until(port, "doppelbot_readers{")  # read at start, once
            health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        finally:
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(30)
    assert code == 0, (tmp_path / "bot.log").read_text()
    found = samples(metrics.text)
    assert {name for name, _ in found} >= NAMES
    assert value(found, "doppelbot_updates_total") >= 1
    assert value(found, "doppelbot_is_leader") == 1
    check_labels(metrics.text, [4242])
    assert health.status_code == 200
    assert health.json()["leader"] is True and health.json()["mode"] == "polling"


async def test_a_taken_metrics_port_is_one_german_line(engine) -> None:
    from bot.config import ConfigError
    from bot.database import Database
    from bot.runtime.leader import new_leadership
    from bot.runtime.metrics_server import MetricsServer

    db = Database(engine)
    leadership = new_leadership(bot_settings(), db, "polling")
    first = MetricsServer(db, leadership, instance="a", listen="127.0.0.1", port=0)
    await first.start()
    try:
        second = MetricsServer(db, leadership, instance="b", listen="127.0.0.1", port=first.port)
        with pytest.raises(ConfigError, match=r"^Kann für die Metriken nicht auf 127\.0\.0\.1:"):
            await second.start()
    finally:
        await first.stop()
