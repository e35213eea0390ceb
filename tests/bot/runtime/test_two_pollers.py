"""Two real `doppelbot run --polling` processes on one token, each with its own SQLite
database, against the simulator (which ends the older long poll with 409 as Telegram does): the
newcomer stops with one German line and exit 2, the instance that serves keeps answering
readers and tells the admins once; a webhook set while it polls is told once too, and polling
goes on once the webhook is gone."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx

from bot.runtime.conflict import OTHER_POLLER, WEBHOOK_SET
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN, make_command_update
from storage.db import make_engine, migrate
from tests.bot.instances import bot_env, free_port, start

ADMIN = 999_000_001
READER = 4242


def bot_api(api: FakeBotAPIThread, method: str, **params: str) -> None:
    """Call the Bot API with the bot's token, as another program would."""
    answer = httpx.post(f"{api.base_url}{BOT_TOKEN}/{method}", data=params, timeout=10)
    assert answer.json()["ok"], answer.text


def database(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return url


def test_a_second_poller_yields_and_the_serving_one_holds_its_ground(tmp_path: Path) -> None:
    with FakeBotAPIThread() as api:
        api.call(lambda a: setattr(a.backend.inline, "enabled", True))  # no inline-mode notice
        first_env = bot_env(database(tmp_path / "first.db"), api.base_url, free_port(),
                            ADMIN_IDS=str(ADMIN), BROADCAST_GRACE="1s")  # fmt: skip
        first = start(first_env, tmp_path / "first.log", "--polling")
        try:
            api.push_update(make_command_update("help", user_id=READER))
            api.wait_for(lambda a: len(a.sent_to(READER)) >= 1, timeout=30)  # it serves
            second_env = bot_env(database(tmp_path / "second.db"), api.base_url, free_port(),
                                 ADMIN_IDS=str(ADMIN), LOG_LEVEL="WARNING")  # fmt: skip
            second = subprocess.run(
                [sys.executable, "-m", "bot", "run", "--polling"],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                env=second_env,
                timeout=60,
            )
            answered = len(api.sent_to(READER))
            api.push_update(make_command_update("help", user_id=READER, update_id=2))
            api.wait_for(lambda a: len(a.sent_to(READER)) > answered, timeout=30)
            api.wait_for(lambda a: len(a.texts(ADMIN)) >= 1, timeout=10)

            bot_api(api, "setWebhook", url="https://bot.example.org/hook")  # someone sets one
            api.wait_for(lambda a: len(a.texts(ADMIN)) >= 2, timeout=10)
            getupdates = api.stats()["per_method"]["getUpdates"]
            api.wait_for(lambda a: a.stats()["per_method"]["getUpdates"] >= getupdates + 2, 10)
            bot_api(api, "deleteWebhook")  # polling works again
            answered = len(api.sent_to(READER))
            api.push_update(make_command_update("help", user_id=READER, update_id=3))
            api.wait_for(lambda a: len(a.sent_to(READER)) > answered, timeout=30)
            admin = api.texts(ADMIN)
        finally:
            first.send_signal(signal.SIGTERM)
            code = first.wait(30)
    log = (tmp_path / "first.log").read_text()
    assert second.returncode == 2, second.stderr
    assert second.stderr.splitlines() == [
        "doppelbot: Fehler: Telegram meldet 409 Conflict: ein anderer Prozess holt schon die "
        "Updates dieses Bots (Long Polling mit demselben Token, oder ein Webhook). Diese Instanz "
        "weicht ihm: die andere beenden, oder für mehrere Instanzen WEBHOOK_URL setzen."
    ]
    assert admin == [OTHER_POLLER, WEBHOOK_SET]  # each once, though 409s kept coming
    assert code == 0, log
    assert "Traceback" not in log
