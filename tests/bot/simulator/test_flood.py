"""Flood limits of the fakes: a global and a per-chat token bucket on an injected clock."""

from __future__ import annotations

from bot.simulator.flood import FloodControl
from tests.fakes.clock import FakeClock


def test_global_bucket_allows_one_second_of_messages_then_asks_to_retry() -> None:
    clock = FakeClock()
    flood = FloodControl(30, None, clock=clock)
    assert [flood.take(chat) for chat in range(30)] == [0] * 30
    assert flood.take(30) == 1
    clock.advance(1 / 30)
    assert flood.take(31) == 0
    assert flood.take(32) == 1


def test_retry_after_is_the_whole_seconds_until_a_token_is_back() -> None:
    clock = FakeClock()
    flood = FloodControl(0.2, None, global_burst=1, clock=clock)
    assert flood.take(1) == 0
    assert flood.take(2) == 5
    clock.advance(4.5)
    assert flood.take(2) == 1
    clock.advance(0.5)
    assert flood.take(2) == 0


def test_a_chat_may_burst_three_messages_then_one_per_second() -> None:
    clock = FakeClock()
    flood = FloodControl(None, 1.0, burst=3, clock=clock)
    assert [flood.take(7) for _ in range(3)] == [0, 0, 0]
    assert flood.take(7) == 1
    assert flood.take(8) == 0  # other chats are not affected
    clock.advance(1.0)
    assert flood.take(7) == 0
    assert flood.take(7) == 1


def test_a_refused_message_costs_no_token() -> None:
    clock = FakeClock()
    flood = FloodControl(1, None, global_burst=1, clock=clock)
    assert flood.take(1) == 0
    for _ in range(5):
        assert flood.take(1) == 1
    clock.advance(1.0)
    assert flood.take(1) == 0


def test_a_full_chat_bucket_does_not_spend_a_global_token() -> None:
    clock = FakeClock()
    flood = FloodControl(4, 1.0, burst=1, global_burst=2, clock=clock)
    assert flood.take(1) == 0
    assert flood.take(1) == 1  # chat 1 is out of tokens: refused
    assert flood.take(2) == 0  # the global bucket still had its second token
    assert flood.take(3) == 1


def test_no_rates_mean_no_limits() -> None:
    flood = FloodControl(None, None, clock=FakeClock())
    assert all(flood.take(1) == 0 for _ in range(1000))


def test_reset_fills_every_bucket() -> None:
    clock = FakeClock()
    flood = FloodControl(1, 1.0, burst=1, global_burst=1, clock=clock)
    assert flood.take(1) == 0
    assert flood.take(1) == 1
    flood.reset()
    assert flood.take(1) == 0
