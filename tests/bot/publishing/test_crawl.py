"""The polite crawler on a fake clock: pacing by rate and Crawl-delay, Retry-After (seconds or a
date), growing pauses, at most five tries, no retry where trying again cannot help."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.publishing.crawl import MAX_TRIES, Crawler, Pacer, retry_after
from bot.publishing.source import Fetched, HttpStatusError, NoAnswer, SourceError, TimedOut
from tests.fakes.clock import FakeClock


class Answers:
    """A fake `fetch`: answers from a list (an exception is raised), recording the clock."""

    def __init__(self, clock: FakeClock, *answers: Fetched | Exception) -> None:
        self.clock = clock
        self.answers = list(answers)
        self.at: list[float] = []
        self.headers: list[dict[str, str] | None] = []

    def __call__(self, url: str, *, headers=None, client=None) -> Fetched:
        self.at.append(self.clock())
        self.headers.append(headers)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


OK = Fetched(200, b"ok", {})


def status(code: int, **headers: str) -> HttpStatusError:
    return HttpStatusError(
        f"HTTP {code}", code, {k.replace("_", "-"): v for k, v in headers.items()}
    )


def crawler(clock: FakeClock, answers: Answers, rate: float = 1.0) -> Crawler:
    return Crawler(rate=rate, fetcher=answers, clock=clock, sleep=clock.sleep)


async def test_requests_are_spaced_by_the_rate_and_never_closer_than_the_crawl_delay() -> None:
    clock = FakeClock(start=0.0)
    answers = Answers(clock, *[OK] * 6)
    polite = crawler(clock, answers, rate=4.0)
    for _ in range(3):
        await polite.get("http://127.0.0.1/x")
    polite.obey(1.5)  # robots.txt: Crawl-delay: 1.5
    for _ in range(2):
        await polite.get("http://127.0.0.1/x")
    polite.obey(0.1)  # a shorter delay than the rate allows changes nothing
    await polite.get("http://127.0.0.1/x")
    assert answers.at == [0.0, 0.25, 0.5, 2.0, 3.5, 3.75]
    polite.close()


async def test_a_slow_caller_is_not_made_to_wait_again() -> None:
    clock = FakeClock(start=0.0)
    pacer = Pacer(1.0, clock=clock, sleep=clock.sleep)
    await pacer.wait()
    clock.advance(5.0)  # parsing a page took longer than the interval
    await pacer.wait()
    assert clock.slept == []


async def test_a_503_is_asked_again_after_its_retry_after() -> None:
    clock = FakeClock(start=0.0)
    answers = Answers(clock, status(503, retry_after="7"), OK)
    assert (await crawler(clock, answers).get("http://127.0.0.1/p/a")).body == b"ok"
    assert answers.at == [0.0, 7.0]


async def test_a_429_without_retry_after_waits_longer_each_time_and_gives_up_after_five() -> None:
    clock = FakeClock(start=0.0)
    answers = Answers(clock, *[status(429)] * MAX_TRIES)
    with pytest.raises(HttpStatusError, match="HTTP 429"):
        await crawler(clock, answers).get("http://127.0.0.1/p/a")
    assert len(answers.at) == MAX_TRIES == 5
    assert clock.slept == [2.0, 4.0, 8.0, 16.0]


async def test_a_timeout_is_tried_again_and_a_404_or_a_refused_connection_is_not() -> None:
    clock = FakeClock(start=0.0)
    refused = NoAnswer("keine Verbindung")
    answers = Answers(clock, TimedOut("Zeitüberschreitung"), OK, status(404), refused)
    polite = crawler(clock, answers)
    assert (await polite.get("http://127.0.0.1/p/a")).status == 200
    with pytest.raises(HttpStatusError, match="HTTP 404"):
        await polite.get("http://127.0.0.1/p/b")
    with pytest.raises(NoAnswer, match="keine Verbindung"):
        await polite.get("http://127.0.0.1/p/c")
    assert len(answers.at) == 4


async def test_a_retry_after_beyond_ten_minutes_gives_the_page_up_at_once() -> None:
    clock = FakeClock(start=0.0)
    answers = Answers(clock, status(503, retry_after="3600"), OK)
    with pytest.raises(SourceError, match="HTTP 503"):
        await crawler(clock, answers).get("http://127.0.0.1/p/a")
    assert len(answers.at) == 1 and clock.slept == []


async def test_conditional_headers_reach_the_fetch() -> None:
    clock = FakeClock()
    answers = Answers(clock, Fetched(304, b"", {}))
    got = await crawler(clock, answers).get("http://127.0.0.1/p/a", {"If-None-Match": '"x"'})
    assert got.status == 304 and answers.headers == [{"If-None-Match": '"x"'}]


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = dt.datetime(2025, 2, 10, 6, 0, tzinfo=dt.UTC)
    date = status(503, retry_after="Mon, 10 Feb 2025 06:00:30 GMT")
    assert retry_after(date, now) == 30.0
    assert retry_after(status(429, retry_after="12"), now) == 12.0
    assert retry_after(status(503, retry_after="bald"), now) is None
    assert retry_after(status(503), now) is None
    assert retry_after(ValueError("x"), now) is None
