"""The queue of sends that go out of page order, on a fake clock."""

from __future__ import annotations

import pytest

from bot.broadcast.late import LateQueue
from tests.fakes.clock import FakeClock


def test_late_queue_hands_out_what_is_due_grouped_by_message() -> None:
    clock = FakeClock()
    late = LateQueue(clock=clock)
    late.push(1, 2, 0.5)
    late.push(2, 1, 0.0)
    late.push(3, 2, 2.0)
    assert late.pop_due() == {1: [2]}
    assert late.next_in() == pytest.approx(0.5)
    clock.advance(0.6)
    assert late.pop_due() == {2: [1]}
    clock.advance(2)
    assert late.pop_due() == {2: [3]} and len(late) == 0 and late.next_in() is None
