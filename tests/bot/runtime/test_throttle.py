"""The per-user burst limiter, on a fake clock."""

from __future__ import annotations

from bot.runtime.throttle import BurstLimiter, Verdict
from tests.fakes.clock import FakeClock


def test_capacity_then_one_notice_then_silence() -> None:
    limiter = BurstLimiter(capacity=3, per_second=1, clock=FakeClock())
    verdicts = [limiter.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.NOTICE, Verdict.SILENT, Verdict.SILENT]


def test_steady_flood_gets_through_at_the_refill_rate_without_more_notices() -> None:
    clock = FakeClock()
    limiter = BurstLimiter(capacity=4, per_second=0.5, clock=clock)
    verdicts = []
    for _ in range(40):
        verdicts.append(limiter.check(1))
        clock.advance(0.5)  # 2 per second against a refill of 0.5 per second
    assert verdicts.count(Verdict.NOTICE) == 1
    allowed = verdicts.count(Verdict.ALLOW)
    assert 4 + 40 * 0.5 * 0.5 - 1 <= allowed <= 4 + 40 * 0.5 * 0.5 + 1


def test_after_a_pause_a_new_burst_gets_a_new_notice() -> None:
    clock = FakeClock()
    limiter = BurstLimiter(capacity=2, per_second=1, clock=clock)
    first = [limiter.check(1) for _ in range(3)]
    clock.advance(1.0)  # half full again: the burst is over
    second = [limiter.check(1) for _ in range(3)]
    assert first[-1] == Verdict.NOTICE
    assert second == [Verdict.ALLOW, Verdict.NOTICE, Verdict.SILENT]


def test_users_have_separate_buckets_and_can_be_forgotten() -> None:
    limiter = BurstLimiter(capacity=1, per_second=1, clock=FakeClock())
    assert [limiter.check(1), limiter.check(2)] == [Verdict.ALLOW, Verdict.ALLOW]
    assert limiter.check(1) == Verdict.NOTICE
    limiter.forget(1)
    assert limiter.check(1) == Verdict.ALLOW


def test_idle_users_are_pruned() -> None:
    clock = FakeClock()
    limiter = BurstLimiter(capacity=2, per_second=1, clock=clock)
    for user in range(300):
        limiter.check(user)
    clock.advance(10)
    for _ in range(256):
        limiter.check(9999)
    assert len(limiter) <= 2
