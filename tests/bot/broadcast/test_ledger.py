"""The ledger writer: group commits of whatever accumulated, counts of new rows only, chat moves
before rows, and every entry committed before `flush` returns."""

from __future__ import annotations

import asyncio
import functools

import pytest
from sqlalchemy import Engine

from bot.broadcast.ledger import LedgerEntry, commit_entries
from bot.delivery.flight import Window
from bot.delivery.ledger import LedgerWriter
from bot.delivery.progress import Counts
from storage.broadcasts import get_broadcast
from storage.deliveries import DeliveryRow
from storage.subscribers import get_subscriber
from tests.bot.broadcast_fixtures import World, add_readers, copy_database


@pytest.fixture
def world(sqlite_template: Engine, tmp_path):
    engine = copy_database(sqlite_template, tmp_path / "bot.db")
    yield World(engine)
    engine.dispose()


def ledger_writer(world: World, on_committed) -> LedgerWriter:
    """The broadcast's writer, as its engine makes it."""
    commit = functools.partial(commit_entries, broadcast_id=world.broadcast_id)
    return LedgerWriter(world.db, commit=commit, on_committed=on_committed)


def sent(world: World, chat_id: int, index: int = 0, status: str = "sent") -> LedgerEntry:
    return LedgerEntry(DeliveryRow(world.broadcast_id, chat_id, index, status), (chat_id,))


async def test_entries_that_arrive_together_are_committed_together(world: World) -> None:
    add_readers(world.engine, range(1, 101))
    batches: list[int] = []
    writer = ledger_writer(world, lambda entries, _: batches.append(len(entries)))
    task = asyncio.create_task(writer.run())
    for chat_id in range(1, 101):
        writer.add(sent(world, chat_id))
    await writer.flush()
    writer.close()
    await task
    assert sum(batches) == 100 and len(batches) < 10
    assert writer.waiting == 0 and len(world.ledger()) == 100


async def test_counts_are_of_new_rows_and_blocked_readers_are_marked(world: World) -> None:
    add_readers(world.engine, [1, 2, 3])
    counts: list[Counts] = []
    writer = ledger_writer(world, lambda _, c: counts.append(c))
    task = asyncio.create_task(writer.run())
    writer.add(sent(world, 1))
    writer.add(sent(world, 2, status="skipped"))
    writer.add(sent(world, 3, status="failed"))
    await writer.flush()
    writer.add(sent(world, 1))  # recorded again after a restart: not counted twice
    await writer.flush()
    writer.close()
    await task
    assert counts[0] == Counts(sent=1, blocked=1, failed=1) and counts[1] == Counts()
    broadcast = world.db.run_sync(get_broadcast, broadcast_id=world.broadcast_id)
    assert (broadcast.sent, broadcast.blocked, broadcast.failed) == (1, 1, 1)
    assert world.db.run_sync(get_subscriber, chat_id=2).status == "blocked"


async def test_a_chat_move_is_written_before_its_row(world: World) -> None:
    add_readers(world.engine, [-77])
    writer = ledger_writer(world, lambda *_: None)
    task = asyncio.create_task(writer.run())
    row = DeliveryRow(world.broadcast_id, -10077, 0, "sent")
    writer.add(LedgerEntry(row, (-77, -10077), migrations=((-77, -10077),)))
    writer.close()
    await task
    assert world.ledger() == [(-10077, 0, "sent")]
    assert world.db.run_sync(get_subscriber, chat_id=-10077) is not None


async def test_the_window_counts_unrecorded_sends_and_remembers_the_peak() -> None:
    window = Window(2)
    await window.acquire()
    await window.acquire()
    blocked = asyncio.create_task(window.acquire())
    await asyncio.sleep(0)
    assert not blocked.done() and window.taken == 2
    window.release()
    await blocked
    assert window.peak == 2


async def test_at_high_rates_the_writer_lets_a_batch_gather_before_it_commits(world: World) -> None:
    add_readers(world.engine, range(1, 21))
    batches: list[int] = []
    gathered = asyncio.Event()

    async def linger(_seconds: float) -> None:  # the writer's wait: until all 20 have arrived
        await gathered.wait()

    commit = functools.partial(commit_entries, broadcast_id=world.broadcast_id)
    writer = LedgerWriter(
        world.db, commit=commit, on_committed=lambda e, _: batches.append(len(e)),
        sleep=linger, linger=0.05,
    )  # fmt: skip
    task = asyncio.create_task(writer.run())
    for chat_id in range(1, 21):  # one answer at a time, as the sends come back
        writer.add(sent(world, chat_id))
        await asyncio.sleep(0)
    gathered.set()
    await writer.flush()
    writer.close()
    await task
    assert batches == [20] and len(world.ledger()) == 20
