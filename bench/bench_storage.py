"""How fast the delivery ledger is: `record_deliveries` and `pending_chats` at 100 000 readers.

Run by hand: `python -m bench.bench_storage [--subscribers N] [--postgres URL]` (PostgreSQL from
`--postgres` or `TEST_DATABASE_URL`; skipped without either). Each database starts empty and
freshly migrated (PostgreSQL: a throw-away schema, never ANALYZEd: the planner's worst case),
then one broadcast round is played: pages of `pending_chats`, each page recorded in batches of
100 rows with a commit per batch, as the broadcaster does. Then round 2 (which joins the ledger
of round 1) and a restart in the middle of a round are timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, insert, make_url, text

from storage.audiences import pending_chats
from storage.broadcasts import get_or_create_broadcast
from storage.db import make_engine, migrate, session_scope
from storage.deliveries import DeliveryRow, record_deliveries
from storage.issues import store_issue
from storage.tables import Subscriber
from storage.tables.timestamps import utcnow
from tests.storage.factories import issue

PAGE = 500
BATCH = 100


def fill(engine: Engine, subscribers: int) -> int:
    """Insert `subscribers` active chats and one broadcast; return the broadcast id."""
    now = utcnow()
    with session_scope(engine) as session:
        for start in range(0, subscribers, 10_000):
            rows = [
                {
                    "chat_id": 10_000_000 + i,
                    "status": "active",
                    "referral_code": f"b{i}",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(start, min(start + 10_000, subscribers))
            ]
            session.execute(insert(Subscriber.__table__), rows)
        stored = store_issue(session=session, issue=issue())
        broadcast, _ = get_or_create_broadcast(
            session=session, issue_id=stored.id, total_messages=5, trigger="cli"
        )
        return broadcast.id  # type: ignore[return-value]


def play_round(engine: Engine, broadcast_id: int, index: int, stop_after: int | None = None):
    """Send one round (or its first `stop_after` chats); return page and record timings."""
    page_times: list[float] = []
    record_time = 0.0
    recorded = 0
    after = None
    while stop_after is None or recorded < stop_after:
        started = time.perf_counter()
        with session_scope(engine) as session:
            page = pending_chats(
                session=session,
                broadcast_id=broadcast_id,
                message_index=index,
                previous_index=index - 1 if index else None,
                after_chat_id=after,
                limit=PAGE,
            )
        page_times.append(time.perf_counter() - started)
        if not page:
            break
        for at in range(0, len(page), BATCH):
            rows = [
                DeliveryRow(broadcast_id, chat, index, "sent", telegram_message_id=chat)
                for chat in page[at : at + BATCH]
            ]
            started = time.perf_counter()
            with session_scope(engine) as session:
                recorded += record_deliveries(session=session, rows=rows)
            record_time += time.perf_counter() - started
        after = page[-1]
    return page_times, record_time, recorded


def report(name: str, engine: Engine, subscribers: int) -> None:
    """Print the figures for one database."""
    started = time.perf_counter()
    broadcast_id = fill(engine, subscribers)
    print(f"\n{name}: {subscribers} subscribers inserted in {time.perf_counter() - started:.1f} s")
    for index, label in ((0, "round 1"), (1, "round 2 (needs round 1's row)")):
        pages, record_time, recorded = play_round(engine, broadcast_id, index)
        print(
            f"  {label}: record_deliveries {recorded / record_time:,.0f} rows/s "
            f"(batches of {BATCH}, commit each); pending_chats page of {PAGE}: "
            f"median {statistics.median(pages) * 1000:.1f} ms, max {max(pages) * 1000:.1f} ms, "
            f"{len(pages)} pages"
        )
    play_round(engine, broadcast_id, 2, stop_after=subscribers // 2)
    started = time.perf_counter()
    with session_scope(engine) as session:
        pending_chats(
            session=session,
            broadcast_id=broadcast_id,
            message_index=2,
            previous_index=1,
            limit=PAGE,
        )
    print(
        f"  restart half-way through round 3: first page in "
        f"{(time.perf_counter() - started) * 1000:.1f} ms (skips {subscribers // 2} sent chats)"
    )


@contextmanager
def postgres_schema(url: str) -> Iterator[Engine]:
    """A migrated throw-away schema on `url`, dropped afterwards."""
    admin = make_engine(url)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    target = make_url(admin.url.render_as_string(hide_password=False))
    engine = make_engine(
        target.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    )
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def each_database(postgres: str | None) -> Iterator[tuple[str, Engine]]:
    """Yield a fresh migrated SQLite file, then a throw-away PostgreSQL schema (if given)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        yield "SQLite (file, WAL)", engine
        engine.dispose()
    if postgres:
        with postgres_schema(postgres) as engine:
            yield "PostgreSQL", engine
    else:
        print("\nPostgreSQL: skipped (pass --postgres URL or set TEST_DATABASE_URL)")


def main() -> None:
    """Run the benchmark on SQLite (a temporary file) and PostgreSQL (if given)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    for name, engine in each_database(args.postgres):
        report(name, engine, args.subscribers)


if __name__ == "__main__":
    main()
