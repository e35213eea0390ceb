"""Polite HTTP for the backfill: one request at a time, paced, retried, conditional.

Every request goes through `Crawler.get`: it waits for its turn (`Pacer`: at most `rate`
requests a second, never closer together than robots.txt's Crawl-delay), sends our User-Agent
(`bot.publishing.source`: it names Doppelbot and where it comes from) with a timeout, and tries
again on 429 and 5xx answers and on timeouts (not on a refused connection): after
`Retry-After` when the server says how long, else after growing pauses (2, 4, 8, 16 s), at most
`MAX_TRIES` times in all. A `Retry-After` longer than `MAX_RETRY_AFTER` gives the page up at
once. Time is injected (`clock`, `sleep`), so tests never wait.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import time
from collections.abc import Awaitable, Callable

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential

from bot.publishing.source import (
    Fetched,
    HttpStatusError,
    SourceError,
    TimedOut,
    fetch,
    http_client,
)

MAX_TRIES = 5
FIRST_PAUSE = 2.0  # seconds before the second try when the server names no Retry-After
MAX_RETRY_AFTER = 600.0  # a server asking for a longer pause gets it from the next run
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
TIMEOUT = 20.0  # seconds, for connecting and for each read of one request

Sleep = Callable[[float], Awaitable[None]]
Fetch = Callable[..., Fetched]


class Pacer:
    """Spaces requests: each starts at least `interval` seconds after the one before."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.interval = interval
        self.clock, self.sleep = clock, sleep
        self._last: float | None = None

    async def wait(self) -> None:
        """Return when the next request may start (at once for the first)."""
        if self._last is not None:
            pause = self._last + self.interval - self.clock()
            if pause > 0:
                await self.sleep(pause)
        self._last = self.clock()


def retry_after(exc: BaseException | None, now: dt.datetime | None = None) -> float | None:
    """The seconds a 429/503 answer's `Retry-After` asks for (a number or an HTTP date)."""
    if not isinstance(exc, HttpStatusError):
        return None
    value = exc.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def is_transient(exc: BaseException) -> bool:
    """Whether trying again soon may help: no answer in time, or a 429/5xx answer (a refused
    connection is not tried again: the next run tries it)."""
    if isinstance(exc, HttpStatusError):
        return exc.status in RETRY_STATUSES
    return isinstance(exc, TimedOut)


_growing = wait_exponential(multiplier=FIRST_PAUSE, min=FIRST_PAUSE)


def _pause(state: RetryCallState) -> float:
    asked = retry_after(state.outcome.exception() if state.outcome else None)
    return asked if asked is not None else _growing(state)


def _give_up(state: RetryCallState) -> bool:
    asked = retry_after(state.outcome.exception() if state.outcome else None)
    return state.attempt_number >= MAX_TRIES or (asked or 0.0) > MAX_RETRY_AFTER


class Crawler:
    """One polite client for one backfill run (`close` when done)."""

    def __init__(
        self,
        *,
        rate: float,
        fetcher: Fetch = fetch,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self.pacer = Pacer(1.0 / rate, clock=clock, sleep=sleep)
        self.fetcher, self.sleep = fetcher, sleep
        self.client = client or http_client(TIMEOUT)
        self.requests = 0

    def obey(self, crawl_delay: float | None) -> None:
        """Space requests by robots.txt's Crawl-delay when it is longer than 1/rate."""
        self.pacer.interval = max(1.0 / self.rate, crawl_delay or 0.0)

    async def get(self, url: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET `url` politely (see the module docstring); raise `SourceError` in the end."""
        retrying = AsyncRetrying(
            stop=_give_up,
            wait=_pause,
            retry=retry_if_exception(is_transient),
            sleep=self.sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                await self.pacer.wait()
                self.requests += 1
                return await asyncio.to_thread(
                    self.fetcher, url, headers=headers, client=self.client
                )
        raise SourceError(f"Abruf fehlgeschlagen: {url}")  # pragma: no cover - reraise=True

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()
