"""A database that goes away for a while (a restart, a failover): the broadcast pauses — no new
message starts while the lease cannot be renewed, what was in flight waits in the ledger
writer — and finishes by itself once the database answers again: nothing lost, nothing twice.
The status polls are driven by the test, and "down" lasts far more polls than the 10 after
which the engine used to give up."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from bot.database import Database, is_outage
from tests.bot.broadcast.test_control import Ticker, start, until
from tests.bot.broadcast_fixtures import TEXTS, World, add_readers, copy_database


class FlakyDatabase(Database):
    """A `Database` that answers like an unreachable PostgreSQL while `down` is set."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.down = False
        self.refused = 0

    def run_sync(self, fn: Any, /, **kwargs: Any) -> Any:
        if self.down:
            self.refused += 1
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
        return super().run_sync(fn, **kwargs)


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    world = World(engine)
    world.db = FlakyDatabase(engine)
    yield world
    engine.dispose()


async def test_a_broadcast_pauses_while_the_database_is_away_and_then_finishes(world) -> None:
    add_readers(world.engine, range(1, 61))
    ticker = Ticker()
    task, [engine] = await start(world, ticker)
    await until(lambda: len(world.sends()) >= 20)
    world.db.down = True
    await ticker.tick(engine)  # the poll fails: paused
    assert engine.control.paused and engine.control.down and not engine.control.stopping
    await until(lambda: not engine.flight.tasks)  # what was in flight is answered
    unrecorded = engine.writer.waiting
    frozen = len(world.sends())
    for _ in range(30):  # 30 failed polls: the run stays paused, nothing new goes out
        await ticker.tick(engine)
    assert len(world.sends()) == frozen < 240 and not task.done()
    assert engine.writer.waiting == unrecorded <= engine.window.size  # kept in memory
    assert world.db.refused > 30

    world.db.down = False
    await ticker.tick(engine)
    result = await task
    assert result.complete
    assert all(world.request.texts(c) == list(TEXTS) for c in range(1, 61))
    assert world.duplicates() == 0 and len(world.ledger()) == 240


def test_an_outage_is_told_from_a_wrong_statement() -> None:
    refused = OperationalError("SELECT 1", {}, ConnectionRefusedError())
    assert is_outage(refused)
    from sqlalchemy.exc import IntegrityError, ProgrammingError

    assert not is_outage(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not is_outage(ProgrammingError("SELEC", {}, Exception("syntax error")))
