"""409 Conflict while polling, decided on an injected clock: a poller that has not served yields
(and makes no further getUpdates call that would end the other one's poll); one that serves
holds its ground and the admins hear once per kind of conflict (again after a quiet hour)."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot
from telegram.error import Conflict

from bot.runtime.conflict import (
    OTHER_POLLER,
    QUIET,
    SERVING_AFTER,
    WEBHOOK_SET,
    PollWatch,
    WatchedRequest,
)
from bot.simulator.objects import BOT_TOKEN, make_command_update
from tests.fakes.clock import FakeClock
from tests.fakes.request import RecordingRequest

OTHER = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"  # noqa: E501
WEBHOOK = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"  # noqa: E501


def test_a_poller_that_has_not_served_yields() -> None:
    clock = FakeClock()
    watch = PollWatch(monotonic=clock)
    watch.calling()
    clock.advance(SERVING_AFTER - 1)
    watch.conflict(OTHER)
    assert watch.yielded and watch.notices() == []


@pytest.mark.parametrize("served_by", ["an answer", "time"])
def test_a_poller_that_serves_holds_its_ground_and_tells_once_per_kind(served_by) -> None:
    clock = FakeClock()
    watch = PollWatch(monotonic=clock)
    watch.calling()
    if served_by == "an answer":
        watch.answered()
    else:
        clock.advance(SERVING_AFTER)
    for _ in range(5):
        watch.conflict(OTHER)
        clock.advance(30)  # PTB's backoff at its longest
    assert not watch.yielded
    assert watch.notices() == [OTHER_POLLER]
    watch.conflict(WEBHOOK)
    watch.conflict(WEBHOOK)
    assert watch.notices() == [WEBHOOK_SET]
    clock.advance(QUIET)  # an hour without a conflict: a new one is news again
    watch.conflict(OTHER)
    assert watch.notices() == [OTHER_POLLER] and watch.conflicts == 8


async def test_a_yielded_poller_makes_no_further_get_updates_call() -> None:
    request = RecordingRequest()
    watch = PollWatch()
    async with Bot(BOT_TOKEN, request=request, get_updates_request=WatchedRequest(request, watch)) as bot:  # fmt: skip  # noqa: E501
        mine = asyncio.create_task(bot.get_updates(timeout=5))
        await request.backend.wait_until(lambda: len(request.calls_to("getUpdates")) == 1, 5)
        other = asyncio.create_task(request.backend.call("getUpdates", {"timeout": 2}))
        with pytest.raises(Conflict):
            await mine
        assert watch.yielded
        request.backend.push_update(make_command_update("start"))
        assert await bot.get_updates(timeout=0) == ()  # answered by the wrapper, not Telegram
        assert len(request.calls_to("getUpdates")) == 2  # the other poller's only
        status, body = await other
    assert status == 200 and len(body["result"]) == 1  # its poll was not ended


async def test_answered_get_updates_makes_the_poller_serve() -> None:
    request = RecordingRequest()
    watch = PollWatch()
    async with Bot(BOT_TOKEN, request=request, get_updates_request=WatchedRequest(request, watch)) as bot:  # fmt: skip  # noqa: E501
        await bot.get_updates(timeout=0)
        await bot.get_me()  # other calls do not count
    assert watch.served and watch.serving and watch.started is not None
