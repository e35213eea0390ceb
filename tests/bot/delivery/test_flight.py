"""Messages under way in every run: a slot taken while the run paused is given back, and work
that crashes or outlives the ledger writer never keeps its window slot."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from bot.delivery.control import Control
from bot.delivery.flight import Flight
from bot.delivery.pace import Pace
from tests.fakes.clock import FakeClock


class Writer:
    """Stands in for the ledger writer: keeps what it is handed, or refuses like a dead one."""

    def __init__(self, *, dead: bool = False) -> None:
        self.dead = dead
        self.added: list[Any] = []
        self.abandoned: list[tuple[list[Any], Any]] = []

    def add(self, entry: Any) -> None:
        if self.dead:
            raise RuntimeError("the ledger writer has failed")
        self.added.append(entry)

    def on_committed(self, entries: list[Any], counts: Any) -> None:
        self.abandoned.append((entries, counts))


def status_control() -> Control:
    """A control that is never polled: the test sets the status it read (`apply`)."""
    return Control(cast(Any, None), "me", heartbeat=lambda **_: None, name="run 1")


def flight(writer: Writer, control: Control | None = None) -> Flight[Any]:
    clock = FakeClock()
    pace = Pace(30, clock=clock, sleep=clock.sleep)
    control = control or status_control()
    return Flight(window=2, pace=pace, control=control, writer=cast(Any, writer), noun="send")


async def test_a_slot_taken_while_the_run_is_paused_is_given_back() -> None:
    control = status_control()
    under_way = flight(Writer(), control)
    control.apply("paused")
    assert not await under_way.take()
    assert under_way.window.taken == 0
    control.apply("running")
    assert await under_way.take()
    assert under_way.window.taken == 1


async def test_work_that_crashes_hands_over_its_crash_entry() -> None:
    writer = Writer()
    under_way = flight(writer)

    async def crash() -> str:
        raise ValueError("boom")

    under_way.launch(crash(), crashed="no row", index=0, chat_id=5)
    await asyncio.gather(*under_way.tasks)
    assert writer.added == ["no row"] and not under_way.tasks


async def test_an_entry_the_dead_writer_refuses_is_reported_as_not_written() -> None:
    writer = Writer(dead=True)
    under_way = flight(writer)

    async def send() -> str:
        return "sent"

    under_way.launch(send(), crashed="no row", index=0, chat_id=5)
    await asyncio.gather(*under_way.tasks)
    assert writer.abandoned == [(["sent"], None)]
