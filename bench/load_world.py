"""The pieces of `bench/load.py`: the fake Bot API process, the database and the application, the
reader-command driver (a thread) and the event loop's lag probe."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.broadcast import FIXTURE, TOKEN, _bench_engine, _drop_bench_schema, fill, start_fake
from bot.app import build_application
from bot.config import Settings
from bot.deps import deps_of
from bot.simulator.objects import chat, make_command_update, message, user
from newsletter.issue import build_issue
from storage.db import migrate

ADMIN = 777_000_001
FIRST_DRIVER_CHAT = 90_000_001
WEB_PAGE = FIXTURE.parent / "kw06-2025.web.html"
# What makes a beehiiv page big is not its text: inline images, hidden blocks, page data.
FILLER = (
    '<div class="hidden-block" style="display:none"><img alt="" src="data:image/png;base64,'
    + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ" * 20
    + '"><p>Anzeige <b>Partner</b> <a href="https://example.com/?utm_source=x">Mehr</a></p></div>'
)
COMMANDS = (("latest",), ("earnings",), ("search", "nvidia"), ("archive",), ("help",))


class Simulator:
    """`python -m bot.simulator.bot_api --rate RATE` as its own process."""

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def __enter__(self) -> Simulator:
        self.process, self.base_url = start_fake(self.rate, 0.0, 0.0)
        self.url = self.base_url.removesuffix("/bot")
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait()

    def call(self, path: str, body: bytes | None = None) -> Any:
        """GET (or POST `body` to) an admin route of the fake; its JSON answer."""
        request = urllib.request.Request(
            self.url + path, data=body, method="POST" if body else "GET"
        )
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def stats(self) -> dict[str, Any]:
        """The fake's counters."""
        return self.call("/_stats")  # type: ignore[no-any-return]

    def push(self, update: dict[str, Any]) -> None:
        """Queue `update` for getUpdates."""
        self.call("/_update", json.dumps(update).encode())


class World:
    """The database (the KW6 issue, N readers, the broadcast prepared) and the application."""

    def __init__(self, args: argparse.Namespace, base_url: str, workdir: Path) -> None:
        self.url = args.database_url or f"sqlite:///{workdir / 'load.db'}"
        self.engine = _bench_engine(self.url)
        migrate(self.engine)
        self.broadcast_id = fill(self.engine, build_issue(FIXTURE.read_bytes()), args.readers)
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN, database_url=self.url,  # type: ignore[call-arg]
                            telegram_api_url=base_url, broadcast_rate=args.rate,
                            broadcast_paid=True, admin_ids=(ADMIN,))  # fmt: skip
        self.app = build_application(settings, engine=self.engine, mode="polling")

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.engine.dispose()
        _drop_bench_schema(self.url)

    async def broadcast(self) -> None:
        """Run the broadcast in the application's background, as /broadcast does; wait for it."""
        service = deps_of(self.app).broadcasts
        service.launch(self.broadcast_id)
        await service.tasks[self.broadcast_id]

    async def upload(self, api: Simulator, megabytes: float) -> None:
        """The admin sends a `megabytes` MB HTML issue; wait until the admin got the preview."""
        content = padded_page(megabytes)
        document = api.call("/_file?name=gross.html", content)
        sender = user(ADMIN, "Admin")
        update = {"update_id": 1, "message": message(1, ADMIN, sender=sender, document=document)}
        update["message"]["chat"] = chat(ADMIN, first_name="Admin")
        before = len(api.call(f"/_messages?chat_id={ADMIN}"))
        await asyncio.to_thread(api.push, update)
        while len(api.call(f"/_messages?chat_id={ADMIN}")) < before + 2:  # received, stored
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)  # the previews


def padded_page(megabytes: float) -> bytes:
    """The KW6 web page, padded to about `megabytes` MB after its post (the issue stays KW6)."""
    page = WEB_PAGE.read_text(encoding="utf-8")
    count = max(0, int((megabytes * 1_000_000 - len(page)) / len(FILLER)))
    at = page.rindex("</body>")
    return (page[:at] + FILLER * count + page[at:]).encode()


class Driver:
    """Pushes reader commands at `pace` per second, each from a new chat, from a thread."""

    def __init__(self, api: Simulator, pace: float) -> None:
        self.api, self.interval = api, 1.0 / pace
        self.pushed: dict[int, float] = {}  # chat → when its command was pushed
        self.phases: dict[str, list[int]] = {}
        self._current: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        """Start pushing."""
        self._thread.start()

    def stop(self) -> None:
        """Stop pushing (and wait a moment for the last replies)."""
        self._stop.set()
        self._thread.join()
        time.sleep(2.0)

    def mark(self, phase: str) -> str:
        """The chats pushed since the last mark belong to `phase`."""
        self.phases[phase], self._current = self._current, []
        return phase

    def _run(self) -> None:
        chats = itertools.count(FIRST_DRIVER_CHAT)
        commands = itertools.cycle(COMMANDS)
        next_at = time.monotonic()
        for chat_id in chats:
            if self._stop.is_set():
                return
            update = make_command_update(*next(commands), user_id=chat_id, update_id=chat_id)
            self.pushed[chat_id] = time.monotonic()
            self.api.push(update)
            self._current.append(chat_id)
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def latencies(self) -> dict[str, list[float]]:
        """Per phase: seconds from each push to the first reply the fake accepted."""
        first: dict[int, float] = {}
        for sent in self.api.call("/_messages"):
            chat_id = sent["chat_id"]
            if chat_id in self.pushed and chat_id not in first:
                first[chat_id] = sent["time"]
        return {
            phase: [first[c] - self.pushed[c] for c in chats if c in first]
            for phase, chats in self.phases.items()
        }


class LagProbe:
    """A task on the event loop that sleeps `STEP` and notes how much later it woke."""

    STEP = 0.005

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start probing on the running loop."""
        self._task = asyncio.create_task(self._run())

    def stop(self) -> None:
        """Stop probing."""
        assert self._task is not None
        self._task.cancel()

    def take(self) -> float:
        """The worst lag since the last `take`."""
        worst, self.worst = self.worst, 0.0
        return worst

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.STEP)
            self.worst = max(self.worst, time.perf_counter() - started - self.STEP)
