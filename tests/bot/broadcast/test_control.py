"""Pause, resume and stop across processes: the engine re-reads the status from the database at
every poll (the poll is driven by the test here, every second in production)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine

from bot.broadcast.rounds import Engine as BroadcastEngine
from bot.delivery.runner import RunHooks
from storage.broadcast_leases import broadcast_lease, pause_or_resume
from storage.broadcasts import get_broadcast, set_broadcast_status
from tests.bot.broadcast_fixtures import TEXTS, World, add_readers, copy_database


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield World(engine)
    engine.dispose()


class Ticker:
    """A poll sleep the test releases: each `tick()` lets exactly one status poll happen."""

    def __init__(self) -> None:
        self.ticks: asyncio.Queue[None] = asyncio.Queue()

    async def sleep(self, _seconds: float) -> None:
        await self.ticks.get()

    async def tick(self, engine: BroadcastEngine) -> None:
        polls = engine.control.polls
        self.ticks.put_nowait(None)
        while engine.control.polls == polls:
            await asyncio.sleep(0)


async def until(condition, limit: int = 200_000) -> None:
    """Let the event loop run until `condition()` holds (no time passes)."""
    for _ in range(limit):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never held")


async def start(world: World, ticker: Ticker) -> tuple[asyncio.Task, list[BroadcastEngine]]:
    engines: list[BroadcastEngine] = []
    task = asyncio.create_task(
        world.run(hooks=RunHooks(engine=engines.append), poll_sleep=ticker.sleep)
    )
    await until(lambda: bool(engines))
    return task, engines


async def test_pause_set_anywhere_stops_new_sends_and_resume_finishes(world: World) -> None:
    add_readers(world.engine, range(1, 61))
    ticker = Ticker()
    task, [engine] = await start(world, ticker)
    await until(lambda: len(world.sends()) >= 20)
    world.db.run_sync(pause_or_resume, broadcast_id=world.broadcast_id, pause=True)
    await ticker.tick(engine)
    assert engine.control.paused
    await until(lambda: not engine.flight.tasks)  # what was in flight is answered
    frozen = len(world.sends())
    for _ in range(3):
        await ticker.tick(engine)
        await asyncio.sleep(0)
    assert len(world.sends()) == frozen < 240
    world.db.run_sync(pause_or_resume, broadcast_id=world.broadcast_id, pause=False)
    await ticker.tick(engine)
    result = await task
    assert result.complete
    assert all(world.request.texts(c) == list(TEXTS) for c in range(1, 61))
    assert world.duplicates() == 0


async def test_a_cancelled_broadcast_stops_and_a_stopped_one_stays_resumable(
    world: World,
) -> None:
    add_readers(world.engine, range(1, 61))
    ticker = Ticker()
    task, [engine] = await start(world, ticker)
    await until(lambda: len(world.sends()) >= 10)
    engine.stop("Bot wird beendet")
    result = await task
    assert not result.complete and result.stop_reason == "Bot wird beendet"
    broadcast = world.db.run_sync(get_broadcast, broadcast_id=world.broadcast_id)
    assert broadcast.status == "running"
    lease = world.db.run_sync(broadcast_lease, broadcast_id=world.broadcast_id)
    assert lease.owner is None  # released: the next start takes over at once
    assert sorted(world.ledger()) == world.ledger() and len(world.ledger()) == len(world.sends())

    second = await world.run()
    assert second.complete
    assert world.duplicates() == 0
    assert len(world.ledger()) == 240


async def test_a_broadcast_cancelled_elsewhere_stops_sending(world: World) -> None:
    add_readers(world.engine, range(1, 61))
    ticker = Ticker()
    task, [engine] = await start(world, ticker)
    await until(lambda: len(world.sends()) >= 10)
    world.db.run_sync(set_broadcast_status, broadcast_id=world.broadcast_id, status="cancelled")
    await ticker.tick(engine)
    result = await task
    assert not result.complete and "cancelled" in (result.stop_reason or "")


async def test_losing_the_lease_stops_sending(world: World) -> None:
    add_readers(world.engine, range(1, 61))
    ticker = Ticker()
    task, [engine] = await start(world, ticker)
    await until(lambda: len(world.sends()) >= 10)
    with world.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE broadcast SET owner = 'other:1:x'")
    await ticker.tick(engine)
    result = await task
    assert not result.complete and "anderer Prozess" in (result.stop_reason or "")
