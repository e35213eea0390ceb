"""A reader sending many commands at once is slowed down: one notice, then silence. And a reply
while a broadcast runs in this process takes a slot of its pace (one global limit)."""

from __future__ import annotations

import pytest

from bot.delivery.pace import Pace
from bot.runtime.throttle import BURST_CAPACITY, REFILL_PER_SECOND
from tests.fakes.clock import FakeClock
from tests.handlers.conftest import ADMIN_ID
from tests.handlers.harness import Harness

SLOW_DOWN = (
    "Langsam, bitte 🙂 Das waren viele Befehle auf einmal. "
    "Gib mir ein paar Sekunden, dann bin ich wieder für dich da."
)


async def test_burst_gets_one_notice_then_silence_until_it_is_over(bot: Harness) -> None:
    for _ in range(BURST_CAPACITY + 5):
        await bot.send("/help")
    texts = bot.texts()
    assert texts.count(SLOW_DOWN) == 1
    assert len(texts) == BURST_CAPACITY + 1 and texts[-1] == SLOW_DOWN
    bot.clock.advance(BURST_CAPACITY / 2 / REFILL_PER_SECOND)  # a pause: the burst is over
    await bot.send("/help")
    assert bot.texts()[-1].startswith("So funktioniere ich")


async def test_button_presses_in_a_burst_are_answered_quietly(bot: Harness) -> None:
    for _ in range(BURST_CAPACITY + 3):
        await bot.press("del:no")
    answers = bot.answers()
    assert answers[BURST_CAPACITY:] == [SLOW_DOWN, None, None]


async def test_one_readers_burst_does_not_slow_down_another(bot: Harness) -> None:
    for _ in range(BURST_CAPACITY + 2):
        await bot.send("/help")
    await bot.send("/help", user_id=5151)
    assert bot.texts(5151)[0].startswith("So funktioniere ich")


async def test_admins_are_not_slowed_down(bot: Harness) -> None:
    for _ in range(BURST_CAPACITY + 4):
        await bot.send("/help", user_id=ADMIN_ID)
    assert SLOW_DOWN not in bot.texts(ADMIN_ID)


async def test_a_reply_while_a_broadcast_runs_makes_its_pace_give_way(bot: Harness) -> None:
    class Running:  # what the application sees of a broadcast running in this process
        def __init__(self) -> None:
            self.pace = Pace(1000, clock=FakeClock())

        def stop(self, reason: str) -> None:
            """Not stopped here."""

    running = Running()
    bot.deps.broadcasts.runs.engines[1] = running
    before = running.pace._next
    await bot.send("/help")
    assert len(bot.texts()) == 1
    assert running.pace._next == pytest.approx(before + 1 / 1000)  # one slot for the reply
