"""Per-chat pacing: a burst of three, then about one message per second; groups untouched."""

from __future__ import annotations

import asyncio

from bot.runtime.pacing import ChatPacer, PacedRateLimiter
from tests.fakes.clock import FakeClock


def test_three_at_once_then_one_per_interval() -> None:
    pacer = ChatPacer(burst=3, interval=1.0, clock=FakeClock())
    assert [pacer.reserve(1) for _ in range(6)] == [0, 0, 0, 1.0, 2.0, 3.0]


def test_chats_are_paced_separately() -> None:
    pacer = ChatPacer(burst=1, interval=1.0, clock=FakeClock())
    assert [pacer.reserve(1), pacer.reserve(2), pacer.reserve(1)] == [0, 0, 1.0]


def test_a_pause_refills_the_burst() -> None:
    clock = FakeClock()
    pacer = ChatPacer(burst=3, interval=1.0, clock=clock)
    for _ in range(5):
        pacer.reserve(1)
    clock.advance(10)
    assert [pacer.reserve(1) for _ in range(4)] == [0, 0, 0, 1.0]


def test_paced_sends_never_exceed_the_fake_telegrams_per_chat_limit() -> None:
    from bot.simulator.flood import FloodControl

    clock = FakeClock()
    pacer = ChatPacer(clock=clock, sleep=clock.sleep)
    flood = FloodControl(rate=None, per_chat_rate=1.0, burst=3, clock=clock)

    async def send_many() -> list[int]:
        refusals = []
        for _ in range(20):
            await pacer.wait(7)
            refusals.append(flood.take(7))
        return refusals

    assert asyncio.run(send_many()) == [0] * 20


async def test_rate_limiter_paces_private_sends_only() -> None:
    clock = FakeClock()
    limiter = PacedRateLimiter(
        pacer=ChatPacer(burst=1, interval=1.0, clock=clock, sleep=clock.sleep)
    )
    await limiter.initialize()

    async def call() -> bool:
        return True

    announced: list[int] = []
    limiter.on_message = lambda: announced.append(1)
    for chat_id, endpoint in [(5, "sendMessage"), (5, "sendMessage"), (-100, "sendMessage"),
                              (-100, "sendMessage"), (5, "answerCallbackQuery")]:  # fmt: skip
        assert await limiter.process_request(call, (), {}, endpoint, {"chat_id": chat_id}, None)
    await limiter.shutdown()
    assert clock.slept == [1.0]
    assert len(announced) == 4  # every message (a broadcast gives way), not the callback answer


async def test_a_429_to_the_applications_bot_is_counted_once_per_answer() -> None:
    from telegram.error import RetryAfter

    from bot.runtime.metrics import REGISTRY

    limiter = PacedRateLimiter(max_retries=2)
    await limiter.initialize()
    answers = [RetryAfter(0), RetryAfter(0)]

    async def call() -> bool:
        if answers:
            raise answers.pop()
        return True

    before = REGISTRY.get_sample_value("doppelbot_telegram_429_total")
    assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": -100}, None)
    await limiter.shutdown()
    assert REGISTRY.get_sample_value("doppelbot_telegram_429_total") == before + 2
