"""The fake server for synchronous drivers: hosted in a thread, or run as its own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bot.simulator import rules
from bot.simulator.bot_api_thread import FakeBotAPIThread
from bot.simulator.objects import BOT_TOKEN, make_command_update

ROOT = Path(__file__).resolve().parents[3]


def test_thread_hosted_server_serves_a_synchronous_client() -> None:
    with FakeBotAPIThread(rate=None, per_chat_rate=None) as api, httpx.Client() as http:
        url = f"{api.base_url}{BOT_TOKEN}"
        api.fail_for(7, rules.BLOCKED)
        assert (
            http.post(f"{url}/sendMessage", data={"chat_id": "7", "text": "x"}).status_code == 403
        )
        sent = http.post(f"{url}/sendMessage", data={"chat_id": "7", "text": "Hallo"}).json()
        update_id = api.push_update(make_command_update("start"))
        updates = http.post(f"{url}/getUpdates", data={"timeout": "5"}).json()["result"]
        api.wait_for(lambda a: a.stats()["per_method"].get("getUpdates") == 1, timeout=5)
        assert sent["result"]["text"] == "Hallo"
        assert [u["update_id"] for u in updates] == [update_id]
        assert api.texts(7) == ["Hallo"] and api.stats()["errors"] == {403: 1}
        api.reset()
        assert api.messages == [] and api.calls == []


def test_thread_wait_for_times_out_when_nothing_happens() -> None:
    with FakeBotAPIThread() as api, pytest.raises(TimeoutError):
        api.wait_for(lambda a: bool(a.messages), timeout=0)


def test_command_line_server_prints_its_url_and_serves_stats() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.simulator.bot_api", "--rate", "5", "--blocked", "13"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base_url = server.stdout.readline().strip()  # type: ignore[union-attr]
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/bot")
        with httpx.Client(base_url=base_url.removesuffix("/bot")) as http:
            blocked = http.post(f"/bot{BOT_TOKEN}/sendMessage", data={"chat_id": 13, "text": "x"})
            stats = http.get("/_stats").json()
    finally:
        server.terminate()
        server.wait(10)
    assert blocked.json()["description"] == "Forbidden: bot was blocked by the user"
    assert stats["requests"] == 1 and stats["errors"] == {"403": 1}
