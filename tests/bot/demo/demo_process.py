"""`doppelbot demo` as a real process: `python -m bot demo --port <free> --no-browser`, started
with no token and no Telegram settings in its environment, ready once it printed its address;
stopped with SIGINT (Ctrl+C)."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.bot.instances import free_port

ROOT = Path(__file__).resolve().parents[3]
START_SECONDS = 30.0


class DemoProcess:
    """One running demo; `url` is the address it printed."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("TELEGRAM_", "DATABASE_", "ADMIN_", "FEED_"))
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "demo", "--port", str(self.port), "--no-browser"],
            cwd=ROOT,
            env=clean,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.first_line = self._first_line()  # its address, or "" when it stopped
        self.url = f"http://127.0.0.1:{self.port}"

    def _first_line(self) -> str:
        assert self.proc.stdout is not None
        with selectors.DefaultSelector() as waiting:
            waiting.register(self.proc.stdout, selectors.EVENT_READ)
            if not waiting.select(START_SECONDS):
                self.proc.kill()
                raise TimeoutError(f"the demo printed nothing in {START_SECONDS} s")
        return self.proc.stdout.readline()  # "" when it ended

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.loads(response.read())

    def post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def interrupt(self, timeout: float = 20.0) -> tuple[int, str]:
        """Ctrl+C: SIGINT, then wait; return the exit code and what it wrote on stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return self.proc.returncode, err

    def wait_for_bot(self, user: int, count: int, timeout: float = 20.0) -> list[str]:
        """The bubbles of `user`'s chat once the bot sent at least `count` messages there."""
        deadline = time.monotonic() + timeout
        since, bubbles = 0, {}
        while time.monotonic() < deadline:
            answer = self.get(f"/api/chat/{user}?since={since}")
            since = answer["revision"]
            bubbles.update((m["id"], m["html"]) for m in answer["messages"])
            if sum('data-from="bot"' in html for html in bubbles.values()) >= count:
                return list(bubbles.values())
        raise TimeoutError(f"fewer than {count} bot messages in chat {user}")
