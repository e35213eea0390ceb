"""`storage.copying`: the whole installation into an empty database, table by table, ids and
all; a target with data is refused, the source is only read, PostgreSQL's sequences go on
after the copied ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from bot.database import Database
from storage.broadcasts import get_or_create_broadcast
from storage.copying import Copied, SourceBehind, TargetNotEmpty, copy_database, tables
from storage.db import make_engine, migrate
from storage.folding import fold
from storage.issues import store_issue
from storage.preferences import set_format, set_timezone
from storage.tables import Delivery, DeliveryStatus
from storage.tables.timestamps import utcnow
from storage.watchlist import follow_company
from tests.bot.broadcast_fixtures import add_readers, invited_by, small_issue


def fill(engine: Engine) -> None:
    """An installation: two issues, readers with choices, a referral, a watchlist, a ledger."""
    db = Database(engine)
    first = db.run_sync(store_issue, issue=small_issue(week=5)).id
    db.run_sync(store_issue, issue=small_issue(week=6))
    add_readers(engine, range(1, 2_501))
    db.run_sync(set_format, chat_id=7, delivery_format="compact")
    db.run_sync(set_timezone, chat_id=7, timezone="America/New_York")
    db.run_sync(follow_company, chat_id=7, company="Nvidia", folded=fold("Nvidia"), limit=10)
    db.run_sync(invited_by, inviter=7, chat_id=9_001)
    broadcast, _ = db.run_sync(
        get_or_create_broadcast, issue_id=first, total_messages=4, trigger="cli"
    )
    rows = [
        {"broadcast_id": broadcast.id, "message_index": i, "chat_id": c,
         "status": DeliveryStatus.SENT.value, "at": utcnow()}
        for c in range(1, 1_201) for i in range(2)
    ]  # fmt: skip
    with engine.begin() as connection:
        connection.execute(Delivery.__table__.insert(), rows)


def contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    with engine.connect() as connection:
        return {
            t.name: [tuple(r) for r in connection.execute(select(t).order_by(*t.primary_key))]
            for t in tables()
        }


@pytest.fixture
def source(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    migrate(engine)
    fill(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def target(empty_url: str) -> Engine:
    """An empty, not yet migrated database: a SQLite file, or a PostgreSQL schema."""
    engine = make_engine(empty_url)
    yield engine
    engine.dispose()


def test_every_row_arrives_in_batches_and_the_source_stays_as_it_was(source, target) -> None:
    before = contents(source)
    batches: list[tuple[str, int]] = []
    copied = copy_database(
        source, target, batch=500, progress=lambda t, n: batches.append((t.name, n))
    )
    assert contents(target) == before == contents(source)
    assert isinstance(copied, Copied) and copied.rows["subscriber"] == 2_501
    assert copied.rows["delivery"] == 2_400 and copied.total == sum(len(v) for v in before.values())
    assert [n for name, n in batches if name == "delivery"] == [500, 500, 500, 500, 400]
    order = [t.name for t in tables()]
    assert order.index("issue") < order.index("broadcast") < order.index("delivery")


def test_the_copy_goes_on_with_fresh_ids(source, target) -> None:
    copy_database(source, target)
    db = Database(target)
    newer = db.run_sync(store_issue, issue=small_issue(week=7))
    assert newer.id == 3  # after the two copied issues: the sequence moved on (PostgreSQL)
    broadcast, _ = db.run_sync(
        get_or_create_broadcast, issue_id=newer.id, total_messages=4, trigger="cli"
    )
    assert broadcast.id == 2


def test_a_target_with_data_is_refused_and_left_alone(source, target) -> None:
    migrate(target)
    add_readers(target, [42])
    before = contents(target)
    with pytest.raises(TargetNotEmpty, match="Tabelle subscriber hat schon Zeilen"):
        copy_database(source, target)
    assert contents(target) == before


def test_a_source_on_an_old_schema_is_refused(tmp_path: Path) -> None:
    old = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(old, "0008")
    with pytest.raises(SourceBehind, match="doppelbot migrate"):
        copy_database(old, make_engine(f"sqlite:///{tmp_path / 'new.db'}"))


def test_a_postgresql_installation_is_backed_up_to_a_sqlite_file(
    source: Engine, postgres_schema: str, tmp_path: Path
) -> None:
    postgres = make_engine(postgres_schema)
    backup = make_engine(f"sqlite:///{tmp_path / 'backup.db'}")
    try:
        copy_database(source, postgres)
        copy_database(postgres, backup)
        assert contents(backup) == contents(postgres) == contents(source)
    finally:
        postgres.dispose()
        backup.dispose()
