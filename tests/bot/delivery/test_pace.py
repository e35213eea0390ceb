"""The global pace and the per-chat spacing map of every run, on a fake clock."""

from __future__ import annotations

import asyncio

import pytest

from bot.delivery.pace import Pace
from bot.delivery.spacing import ChatSpacing
from tests.fakes.clock import FakeClock


async def test_slots_come_at_the_rate_however_many_wait() -> None:
    clock = FakeClock()
    pace = Pace(30, clock=clock, sleep=clock.sleep)
    start = clock()
    times = []
    for _ in range(91):
        await pace.acquire()
        times.append(clock())
    assert times[-1] - start == pytest.approx(90 / 30, abs=0.01)


async def test_concurrent_callers_share_one_rate() -> None:
    clock = FakeClock()
    pace = Pace(100, clock=clock, sleep=clock.sleep)
    times: list[float] = []

    async def sender() -> None:
        for _ in range(20):
            await pace.acquire()
            times.append(clock())

    await asyncio.gather(*(sender() for _ in range(5)))
    assert len(times) == 100
    assert max(times) - min(times) >= (100 - 11) / 100  # never more than the burst early


async def test_a_reply_that_goes_meanwhile_moves_the_run_back_one_slot() -> None:
    clock = FakeClock()
    pace = Pace(100, clock=clock, sleep=clock.sleep)
    for _ in range(50):
        await pace.acquire()
    start = clock()
    for _ in range(10):  # ten replies go out while the run sends 50 more
        pace.give_way()
    for _ in range(50):
        await pace.acquire()
    assert clock() - start == pytest.approx(60 / 100, abs=0.02)  # 60 messages at the rate


async def test_a_429_pause_holds_every_caller_until_it_ends() -> None:
    clock = FakeClock()
    pace = Pace(30, clock=clock, sleep=clock.sleep)
    await pace.acquire()
    pace.pause(5)
    assert pace.paused_until == pytest.approx(clock() + 5)
    before = clock()
    await pace.acquire()
    assert clock() - before >= 5
    assert pace.pauses == 1 and pace.paused_until is None


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Pace(0)


async def test_spacing_waits_out_the_second_since_the_last_answer() -> None:
    clock = FakeClock()
    spacing = ChatSpacing(1.0, clock=clock, sleep=clock.sleep)
    spacing.note(42)
    clock.advance(0.3)
    assert spacing.delay(42) == pytest.approx(0.7)
    assert spacing.delay(43) == 0
    await spacing.wait(42)
    assert spacing.delay(42) == 0


def test_spacing_memory_stays_flat_however_many_chats() -> None:
    clock = FakeClock()
    spacing = ChatSpacing(1.0, clock=clock)
    sizes = []
    for chat_id in range(100_000):  # 100,000 chats at 1000 per second
        spacing.note(chat_id)
        clock.advance(0.001)
        sizes.append(len(spacing))
    assert max(sizes) <= 1001
