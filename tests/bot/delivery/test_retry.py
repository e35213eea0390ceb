"""Trying a message again, as every run does: a 429 pauses everyone and is waited out a limited
number of times, passing errors back off and give up, a stopping run does not sleep."""

from __future__ import annotations

import pytest

from bot.delivery.outcome import Kind, Outcome
from bot.delivery.pace import Pace
from bot.delivery.retry import Attempts, Retrier, RetryPolicy
from bot.delivery.spacing import ChatSpacing
from tests.fakes.clock import FakeClock

POLICY = RetryPolicy(attempts=3, backoff=(1.0, 2.0), rate_limited=2)


def retrier(clock: FakeClock, *, stopping: bool = False) -> Retrier:
    pace = Pace(30, clock=clock, sleep=clock.sleep)
    spacing = ChatSpacing(1.0, clock=clock, sleep=clock.sleep)
    return Retrier(pace, spacing, policy=POLICY, sleep=clock.sleep, stopping=lambda: stopping)


async def test_a_429_pauses_every_sender_and_is_waited_out_as_often_as_the_policy_says() -> None:
    clock = FakeClock()
    retry, attempts = retrier(clock), Attempts()
    limited = Outcome(Kind.RATE_LIMITED, "Flood control exceeded", retry_after=5.0)
    assert await retry.again(limited, attempts)
    assert retry.pace.paused_until == pytest.approx(clock() + 5.0)
    assert await retry.again(limited, attempts)
    assert not await retry.again(limited, attempts)  # the third 429: give up
    assert clock.slept == [] and attempts.rate_limited == 3


async def test_passing_errors_back_off_and_give_up_after_the_attempts() -> None:
    clock = FakeClock()
    retry, attempts = retrier(clock), Attempts()
    timeout = Outcome(Kind.RETRY, "Timed out")
    assert await retry.again(timeout, attempts)
    assert await retry.again(timeout, attempts)
    assert not await retry.again(timeout, attempts)
    assert clock.slept == [1.0, 2.0]


async def test_a_stopping_run_does_not_sleep_the_backoff() -> None:
    clock = FakeClock()
    retry = retrier(clock, stopping=True)
    assert await retry.again(Outcome(Kind.RETRY, "Bad Gateway"), Attempts())
    assert clock.slept == []


@pytest.mark.parametrize("kind", [Kind.BLOCKED, Kind.FAILED, Kind.MIGRATED])
async def test_other_outcomes_are_not_tried_again(kind: Kind) -> None:
    clock = FakeClock()
    assert not await retrier(clock).again(Outcome(kind, "x"), Attempts())
    assert clock.slept == []


async def test_the_next_attempt_waits_for_the_chat_and_a_pace_slot() -> None:
    clock = FakeClock()
    retry = retrier(clock)
    retry.spacing.note(7)
    clock.advance(0.25)
    before = clock()
    await retry.turn(7)
    assert clock() - before == pytest.approx(0.75, abs=0.05)
