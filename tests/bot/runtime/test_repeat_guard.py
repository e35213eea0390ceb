"""The guard that lets a request through once per window (a section button pressed twice)."""

import datetime as dt

from bot.runtime.repeat_guard import RepeatGuard

T0 = dt.datetime(2025, 2, 10, 6, tzinfo=dt.UTC)


def test_a_key_passes_once_per_window() -> None:
    guard = RepeatGuard(dt.timedelta(seconds=30))
    assert guard.first(("chat", 1), T0)
    assert not guard.first(("chat", 1), T0 + dt.timedelta(seconds=29))
    assert guard.first(("chat", 2), T0)  # another key
    assert guard.first(("chat", 1), T0 + dt.timedelta(seconds=30))


def test_a_released_key_passes_again_at_once() -> None:
    guard = RepeatGuard()
    assert guard.first("k", T0)
    guard.release("k")
    assert guard.first("k", T0)


def test_old_keys_are_pruned_so_memory_stays_bounded() -> None:
    guard = RepeatGuard(dt.timedelta(seconds=30))
    for n in range(5000):
        guard.first(n, T0 + dt.timedelta(seconds=n))
    assert len(guard._seen) <= 1024 + 30
