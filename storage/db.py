"""Engine, transactions and schema migrations: the only place that knows the database URL."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, CursorResult, Engine, Result, Table, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
WAL_ATTEMPTS = 200  # × 50 ms: the busy timeout's order of magnitude
MIGRATION_LOCK = 0x646F_7070_656C  # "doppel": the advisory lock key of migrations
# libpq: give up connecting after 10 s, and notice a connection whose network went away
# (no answer, no reset) within about 25 s instead of TCP's quarter of an hour.
POSTGRES_CONNECT_ARGS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


def normalise_database_url(url: str) -> str:
    """Map `postgres://` and `postgresql://` to the psycopg 3 driver SQLAlchemy needs."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create the engine for `url` (SQLite file or memory, or PostgreSQL through psycopg 3).

    SQLite connections get WAL journaling (file databases), `synchronous=NORMAL`, foreign keys
    and a busy timeout, and may be used from any thread; an in-memory database is one shared
    connection. PostgreSQL connections are checked before use, time out connecting after 10 s
    and notice a dead network (`POSTGRES_CONNECT_ARGS`). `kwargs` go to `create_engine`.
    """
    url = normalise_database_url(url)
    if not url.startswith("sqlite"):
        kwargs.setdefault("pool_pre_ping", True)
        kwargs["connect_args"] = {**POSTGRES_CONNECT_ARGS, **kwargs.get("connect_args", {})}
        return create_engine(url, **kwargs)
    connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    kwargs.setdefault("connect_args", {}).update(connect_args)
    if _is_sqlite_memory(url):
        kwargs.setdefault("poolclass", StaticPool)
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _configure_sqlite)
    return engine


def _is_sqlite_memory(url: str) -> bool:
    database = url.split("://", 1)[1].lstrip("/")
    return database in ("", ":memory:") or "mode=memory" in url


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """`PRAGMA journal_mode=WAL`, again while another connection holds the new file's lock:
    SQLite answers "database is locked" at once there instead of waiting (two instances
    starting on a fresh file)."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Yield a session; commit when the block succeeds, roll back when it raises.

    Objects stay readable after the commit (`expire_on_commit=False`).
    """
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: Engine | None = None) -> Config:
    """Build the Alembic configuration in code (no alembic.ini): scripts in `migrations/`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        url = engine.url.render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: the newest) with Alembic, in one transaction.

    Under a lock, so that instances starting at once do not race: a PostgreSQL advisory lock
    held until the transaction ends; on SQLite the write transaction is taken up front
    (`BEGIN IMMEDIATE`), so a second migrator waits and then finds nothing left to do.
    """
    config = alembic_config()
    with engine.begin() as connection:
        _lock_for_migration(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _lock_for_migration(connection: Connection) -> None:
    name = connection.dialect.name
    if name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    elif name == "sqlite" and not _sqlite(connection).in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite(connection: Connection) -> sqlite3.Connection:
    return cast(sqlite3.Connection, connection.connection.driver_connection)


def head_revision() -> str:
    """The newest revision the migrations know."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ping(*, session: Session) -> None:
    """Ask the database something trivial (raises when it does not answer)."""
    session.execute(text("SELECT 1"))


def insert_ignoring_conflicts(session: Session, table: Table) -> Insert:
    """Return `INSERT … ON CONFLICT DO NOTHING` for the session's database (SQLite, PostgreSQL)."""
    return dialect_insert(session, table).on_conflict_do_nothing()


def dialect_insert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """Return the session's database's own `INSERT` (with `ON CONFLICT` clauses)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database {name!r}")


def rows_matched(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows the UPDATE or DELETE that gave `result` matched (its `rowcount`).

    `Session.execute` returns a `CursorResult` for them but is declared to return a `Result`.
    """
    return cast(CursorResult[*tuple[Any, ...]], result).rowcount
