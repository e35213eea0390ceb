"""Copying a whole installation from one database into another, empty one (`doppelbot copy-db`).

`copy_database(source, target)` migrates the target first, refuses it unless every table is
empty (`TargetNotEmpty`), then copies every table of the schema in foreign-key order (parents
before children), in batches of `batch` rows read by primary key from one consistent snapshot
of the source (a single read transaction; REPEATABLE READ on PostgreSQL) and written in one
transaction into the target, ids included. On PostgreSQL the sequences behind identity
columns are moved past the copied ids, so the next row the bot inserts gets a fresh one. At the
end the row count of every table is compared (`CountMismatch`). The source is only read.

Works between any two of SQLite and PostgreSQL: a copy to a SQLite file is a backup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers every table in the metadata)
from storage.db import head_revision, migrate, schema_revision

BATCH = 1_000

Progress = Callable[[Table, int], None]
"""Called with a table and the number of rows just copied into it."""


class CopyError(Exception):
    """The copy cannot be made; the message is one German line for the person running it."""


class TargetNotEmpty(CopyError):
    """The target already holds data."""


class SourceBehind(CopyError):
    """The source's schema is not the newest one."""


class CountMismatch(CopyError):
    """After the copy a table holds a different number of rows in the target."""


@dataclass(frozen=True, slots=True)
class Copied:
    """What was copied: rows per table name, in the order the tables were copied."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        """Rows copied in all tables."""
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the schema, parents before the tables that refer to them."""
    return list(SQLModel.metadata.sorted_tables)


def row_counts(connection: Connection) -> dict[str, int]:
    """The number of rows of every table of the schema."""
    return {t.name: connection.scalar(select(func.count()).select_from(t)) or 0 for t in tables()}


def copy_database(
    source: Engine, target: Engine, *, batch: int = BATCH, progress: Progress | None = None
) -> Copied:
    """Copy every row of `source` into the empty `target` (migrated first); see the module
    docstring. Raises a `CopyError` (nothing is written then)."""
    if schema_revision(source) != head_revision():
        raise SourceBehind(
            "Die Quelldatenbank ist nicht auf dem neuesten Schema: erst `doppelbot migrate`."
        )
    migrate(target)
    with _snapshot(source) as reading, target.begin() as writing:
        filled = [name for name, n in row_counts(writing).items() if n]
        if filled:
            raise TargetNotEmpty(
                f"Die Zieldatenbank ist nicht leer (Tabelle {filled[0]} hat schon Zeilen); "
                "copy-db kopiert nur in eine leere Datenbank."
            )
        copied: dict[str, int] = {}
        for table in tables():
            copied[table.name] = 0
            for rows in _batches(reading, table, batch):
                writing.execute(table.insert(), rows)
                copied[table.name] += len(rows)
                if progress is not None:
                    progress(table, len(rows))
        if writing.dialect.name == "postgresql":
            _move_sequences(writing)
        expected, found = row_counts(reading), row_counts(writing)
    if expected != found:
        wrong = next(name for name in expected if expected[name] != found.get(name))
        raise CountMismatch(
            f"Zeilenzahl weicht ab in Tabelle {wrong}: Quelle {expected[wrong]}, "
            f"Ziel {found.get(wrong)}."
        )
    return Copied(copied)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One read transaction on `engine` (REPEATABLE READ on PostgreSQL: one snapshot), rolled
    back at the end (only read)."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin() as transaction:
            yield connection
            transaction.rollback()


def _batches(connection: Connection, table: Table, size: int) -> Iterator[list[dict[str, object]]]:
    """The rows of `table` in primary-key order, `size` at a time, as column → value dicts."""
    query = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(stream_results=True, yield_per=size).execute(query)
    for part in result.mappings().partitions(size):
        yield [dict(row) for row in part]


def _move_sequences(connection: Connection) -> None:
    """Set every identity/serial sequence to the highest copied id (PostgreSQL)."""
    for table in tables():
        for column in table.primary_key.columns:
            if column.autoincrement is False or column.type.python_type is not int:
                continue
            sequence = connection.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence is None:
                continue
            highest = connection.scalar(select(func.max(column)))
            if highest is not None:
                connection.execute(
                    text("SELECT setval(:sequence, :value)"),
                    {"sequence": sequence, "value": highest},
                )
