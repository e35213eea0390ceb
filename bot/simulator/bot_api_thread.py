"""`FakeBotAPIThread`: the fake Bot API server on its own event loop in a thread, for tests that
drive a subprocess (`doppelbot run`) synchronously::

    with FakeBotAPIThread(rate=30, latency=0.05) as api:
        env = {**os.environ, "TELEGRAM_API_URL": api.base_url, "TELEGRAM_BOT_TOKEN": BOT_TOKEN}
        proc = subprocess.Popen(["doppelbot", "run"], env=env)
        api.push_update(make_command_update("start"))
        api.wait_for(lambda a: a.texts(USER_ID), timeout=20)

Every method runs on the server's loop, so results are consistent snapshots.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from bot.simulator.bot_api import FakeBotAPI
from bot.simulator.records import Call, SentMessage, Violation

T = TypeVar("T")


class FakeBotAPIThread:
    """Runs `FakeBotAPI(**kwargs)` in a background thread; a context manager."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._api: FakeBotAPI | None = None

    def __enter__(self) -> FakeBotAPIThread:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self, timeout: float = 10.0) -> None:
        """Start the thread and the server; return once it listens."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                self._api = FakeBotAPI(**self._kwargs)
                loop.run_until_complete(self._api.start())
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._api.stop())
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
        self._thread.start()
        if not ready.wait(timeout):
            raise TimeoutError("fake Bot API did not start")
        if failure:
            raise failure[0]

    def stop(self) -> None:
        """Stop the server and join the thread."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = self._thread = None

    def call(self, fn: Callable[[FakeBotAPI], T], timeout: float = 10.0) -> T:
        """Run `fn(api)` on the server's loop and return its result."""
        assert self._loop is not None and self._api is not None, "not started"
        api = self._api

        async def run() -> T:
            return fn(api)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout)

    def run(self, fn: Callable[[FakeBotAPI], Coroutine[Any, Any, T]], timeout: float = 10.0) -> T:
        """Run the coroutine `fn(api)` on the server's loop and return its result."""
        assert self._loop is not None and self._api is not None, "not started"
        return asyncio.run_coroutine_threadsafe(fn(self._api), self._loop).result(timeout)

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/bot`, for PTB's `base_url` / TELEGRAM_API_URL."""
        assert self._api is not None, "not started"
        return self._api.base_url

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT` (admin routes live here)."""
        assert self._api is not None, "not started"
        return self._api.url

    @property
    def messages(self) -> list[SentMessage]:
        """A snapshot of the accepted messages."""
        return self.call(lambda api: list(api.messages))

    @property
    def calls(self) -> list[Call]:
        """A snapshot of the calls."""
        return self.call(lambda api: list(api.calls))

    @property
    def violations(self) -> list[Violation]:
        """A snapshot of the violations."""
        return self.call(lambda api: list(api.violations))

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call of `method`, in order."""
        return self.call(lambda api: api.calls_to(method))

    def sent_to(self, chat_id: int | str) -> list[SentMessage]:
        """Accepted messages in `chat_id`, in order."""
        return self.call(lambda api: api.sent_to(chat_id))

    def texts(self, chat_id: int | str) -> list[str]:
        """Texts and captions of accepted messages in `chat_id`, in order."""
        return self.call(lambda api: api.texts(chat_id))

    def stats(self) -> dict[str, Any]:
        """As `FakeBotAPI.stats()`."""
        return self.call(lambda api: api.stats())

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        return self.call(lambda api: api.push_update(update))

    def fail_for(self, *args: Any, **kwargs: Any) -> None:
        """As `TelegramBackend.fail_for`."""
        self.call(lambda api: api.fail_for(*args, **kwargs))

    def reset(self) -> None:
        """As `FakeBotAPI.reset`."""
        self.call(lambda api: api.reset())

    def wait_for(self, predicate: Callable[[FakeBotAPI], bool], timeout: float = 10.0) -> None:
        """Block until `predicate(api)` holds (evaluated on the server's loop after every
        request); `TimeoutError` after `timeout` seconds."""
        assert self._loop is not None and self._api is not None, "not started"
        future = asyncio.run_coroutine_threadsafe(
            self._api.wait_for(predicate, timeout), self._loop
        )
        future.result(timeout + 5)
