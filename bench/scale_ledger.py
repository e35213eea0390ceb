"""The ledger's size for `bench/scale.py`: one finished broadcast to every reader, before and
after compaction, and after its message ids are dropped.

The `delivery` table is filled as a finished 7-message broadcast to all readers leaves it
(rounds in order: message 0 to every chat by chat id, then message 1, …; 1 % of the readers
found blocked at message 0, 0.1 % with one failed message, Telegram message ids per chat), then
the leader's job (`bot.broadcast.compaction.compact_ledgers`) compacts it and `drop_old_message_ids`
forgets the ids after the correction window. Sizes are `pg_total_relation_size` (table,
indexes, TOAST): right after each step, and after the VACUUM autovacuum would run (the space a
DELETE or UPDATE frees is reused by the next rows, but the files do not shrink) and after
VACUUM FULL (what the rows themselves take: the steady state of a year of weeks).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from sqlalchemy import Engine, text, update

from bench.scale_fill import copy_rows, progress
from bot.broadcast.compaction import compact_ledgers
from bot.broadcast.selection import prepare_broadcast
from bot.database import Database
from storage.compaction import CORRECTION_WINDOW, drop_old_message_ids
from storage.tables import Broadcast, BroadcastStatus
from storage.tables.timestamps import utcnow

MESSAGES = 7
DELIVERY_COLUMNS = (
    "broadcast_id", "message_index", "chat_id", "status", "telegram_message_id", "error",
    "created_at",
)  # fmt: skip
BLOCKED = "Forbidden: bot was blocked by the user"
FAILED = "Bad Request: chat not found"


class Size(NamedTuple):
    """Bytes on disk of `delivery` and `delivery_summary` (with their indexes), and rows."""

    stage: str
    delivery: int
    summary: int
    delivery_rows: int
    summary_rows: int


class LedgerFigures(NamedTuple):
    """The sizes at each stage and how long compaction and dropping the ids took."""

    readers: int
    rows: int
    sizes: list[Size]
    compaction_seconds: float
    drop_seconds: float


def finished_broadcast(engine: Engine, issue_id: int, readers: int) -> int:
    """Create the issue's broadcast and mark it done, as after a complete run; return its id."""
    db = Database(engine)
    plan = db.run_sync(prepare_broadcast, trigger="cli", issue_id=issue_id)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(
            update(Broadcast)
            .where(Broadcast.id == plan.broadcast.id)  # type: ignore[arg-type]
            .values(status=BroadcastStatus.DONE.value, started_at=now - dt.timedelta(hours=2),
                    finished_at=now, recipients=readers, sent=readers * MESSAGES)
        )  # fmt: skip
    assert plan.broadcast.id is not None
    return plan.broadcast.id


def ledger_rows(broadcast_id: int, chat_ids: Sequence[int], seed: int = 11) -> Iterator[tuple]:
    """The ledger rows of a complete broadcast, in the order the rounds write them."""
    rng = random.Random(seed)
    blocked = {c for c in chat_ids if rng.random() < 0.01}
    failing = {c: rng.randrange(MESSAGES) for c in chat_ids if rng.random() < 0.001}
    first_ids = {c: rng.randrange(1, 3_000_000) for c in chat_ids}
    began = utcnow() - dt.timedelta(hours=2)
    for index in range(MESSAGES):
        at = began + dt.timedelta(minutes=17 * index)
        for chat in chat_ids:
            if chat in blocked:
                if index == 0:
                    yield (broadcast_id, 0, chat, "skipped", None, BLOCKED, at)
                continue
            if failing.get(chat) == index:
                yield (broadcast_id, index, chat, "failed", None, FAILED, at)
                continue
            yield (broadcast_id, index, chat, "sent", first_ids[chat] + index, None, at)


def measure_ledger(
    engine: Engine,
    issue_id: int,
    chat_ids: Sequence[int],
    explain: Callable[[str, int], None] | None = None,
) -> LedgerFigures:
    """Fill, measure, compact, measure, drop the ids, measure (see the module docstring);
    `explain(stage, broadcast id)` is called before and after the compaction."""
    broadcast_id = finished_broadcast(engine, issue_id, len(chat_ids))
    began = time.perf_counter()
    copy_rows(engine, "delivery", DELIVERY_COLUMNS, ledger_rows(broadcast_id, sorted(chat_ids)))
    progress(f"ledger of one broadcast written ({time.perf_counter() - began:.0f} s)")
    _vacuum(engine, "delivery")
    rows = _count(engine, "delivery", broadcast_id)
    sizes = [_size(engine, "before compaction", broadcast_id)]
    if explain is not None:
        explain("before compaction", broadcast_id)
    db = Database(engine)
    began = time.perf_counter()
    compacted = asyncio.run(compact_ledgers(db))
    compaction = time.perf_counter() - began
    assert broadcast_id in compacted
    progress(f"ledger compacted ({compaction:.0f} s)")
    sizes.append(_size(engine, "compacted", broadcast_id))
    _vacuum(engine, "delivery")
    _vacuum(engine, "delivery_summary")
    sizes.append(_size(engine, "compacted, after VACUUM", broadcast_id))
    if explain is not None:
        explain("compacted", broadcast_id)
    later = utcnow() + CORRECTION_WINDOW + dt.timedelta(days=1)
    began = time.perf_counter()
    dropped = db.run_sync(drop_old_message_ids, now=later)
    drop = time.perf_counter() - began
    assert broadcast_id in dropped
    sizes.append(_size(engine, "ids dropped", broadcast_id))
    _vacuum(engine, "delivery_summary")
    sizes.append(_size(engine, "ids dropped, after VACUUM", broadcast_id))
    _vacuum(engine, "delivery_summary", full=True)
    sizes.append(_size(engine, "ids dropped, after VACUUM FULL", broadcast_id))
    return LedgerFigures(len(chat_ids), rows, sizes, compaction, drop)


def _vacuum(engine: Engine, table: str, *, full: bool = False) -> None:
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(text(f"VACUUM {'FULL ' if full else ''}ANALYZE {table}"))


def _count(engine: Engine, table: str, broadcast_id: int) -> int:
    with engine.connect() as connection:
        query = text(f"SELECT count(*) FROM {table} WHERE broadcast_id = :b")
        return connection.execute(query, {"b": broadcast_id}).scalar_one()


def _size(engine: Engine, stage: str, broadcast_id: int) -> Size:
    with engine.connect() as connection:
        delivery, summary = connection.execute(text(
            "SELECT pg_total_relation_size('delivery'), pg_total_relation_size('delivery_summary')"
        )).one()  # fmt: skip
    return Size(stage, delivery, summary, _count(engine, "delivery", broadcast_id),
                _count(engine, "delivery_summary", broadcast_id))  # fmt: skip
