"""Engine, transactions, migrations and UTC times."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Engine, Integer, MetaData, inspect, text
from sqlmodel import Session, SQLModel

from storage.db import (
    alembic_config,
    head_revision,
    make_engine,
    migrate,
    session_scope,
)
from storage.subscribers import get_or_create_subscriber, get_subscriber
from storage.tables import Subscriber


def _schema_diff(engine: Engine, metadata: MetaData) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)


def test_migrated_schema_equals_the_table_metadata(engine: Engine) -> None:
    assert _schema_diff(engine, SQLModel.metadata) == []


def test_schema_comparison_notices_a_column_the_migration_lacks(engine: Engine) -> None:
    metadata = MetaData()
    for table in SQLModel.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.tables["subscriber"].append_column(Column("shoe_size", Integer))
    diff = _schema_diff(engine, metadata)
    assert [(d[0], d[2], d[3].name) for d in diff] == [("add_column", "subscriber", "shoe_size")]


def test_migrating_twice_changes_nothing(engine: Engine) -> None:
    migrate(engine)
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert version == [(head_revision(),)]
    assert _schema_diff(engine, SQLModel.metadata) == []


def test_alembic_finds_nothing_left_to_generate_after_migrating(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    migrate(engine)
    try:
        command.check(alembic_config(engine))  # raises when autogenerate would emit operations
    finally:
        engine.dispose()


def test_sqlite_file_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
    try:
        with engine.connect() as connection:
            values = [
                connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            ]
        assert values == ["wal", 1, 1, 30_000]  # synchronous 1 = NORMAL
    finally:
        engine.dispose()


def test_in_memory_sqlite_is_one_database_for_every_session() -> None:
    engine = make_engine("sqlite://")
    migrate(engine)
    with session_scope(engine) as session:
        get_or_create_subscriber(session=session, chat_id=1)
    with session_scope(engine) as session:
        assert get_subscriber(session=session, chat_id=1) is not None
    engine.dispose()


def test_postgres_scheme_is_normalised_to_psycopg() -> None:
    engine = make_engine("postgres://bot:secret@db.example:5432/doppelbot")
    assert engine.url.drivername == "postgresql+psycopg"
    assert engine.url.database == "doppelbot"


def test_session_scope_commits_on_success(engine: Engine) -> None:
    with session_scope(engine) as session:
        get_or_create_subscriber(session=session, chat_id=7, first_name="Ada")
    with Session(engine) as session:
        assert session.get(Subscriber, 7).first_name == "Ada"


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        get_or_create_subscriber(session=session, chat_id=8)
        session.flush()
        raise RuntimeError("boom")
    with Session(engine) as session:
        assert session.get(Subscriber, 8) is None


def test_times_come_back_aware_in_utc_whatever_zone_went_in(engine: Engine) -> None:
    berlin = dt.datetime(2025, 2, 3, 7, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with session_scope(engine) as session:
        subscriber, _ = get_or_create_subscriber(session=session, chat_id=9)
        subscriber.subscribed_at = berlin
    with Session(engine) as session:
        stored = session.get(Subscriber, 9)
        assert stored.subscribed_at == berlin
        assert stored.subscribed_at.tzinfo == dt.UTC
        assert stored.subscribed_at.hour == 6
        assert stored.created_at.tzinfo == dt.UTC


def test_naive_times_are_refused(engine: Engine) -> None:
    with pytest.raises(Exception, match="naive datetime"), session_scope(engine) as session:
        subscriber, _ = get_or_create_subscriber(session=session, chat_id=10)
        subscriber.blocked_at = dt.datetime(2025, 2, 3, 7, 0)
        session.flush()


def test_tables_live_in_the_test_schema_only(engine: Engine) -> None:
    assert "subscriber" in inspect(engine).get_table_names()
