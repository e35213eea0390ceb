"""Alembic environment: run migrations on the connection `storage.db.migrate` hands over.

Without a connection (the `alembic` command line, e.g. `revision --autogenerate`), it connects
to `sqlalchemy.url` from the configuration built by `storage.db.alembic_config(engine)`.
Batch mode lets SQLite alter tables it cannot ALTER.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, create_engine
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import storage.tables  # noqa: F401  (registers the tables on the metadata)
from storage.tables.timestamps import UTCDateTime


def _render_item(kind: str, obj: Any, _context: AutogenContext) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy ones, so revisions never import storage."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, AutoString):
        return f"sa.String({obj.length})" if obj.length else "sa.String()"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    """Migrate on the given connection, or on a fresh one to `sqlalchemy.url`."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no connection handed over and no sqlalchemy.url configured")
    engine = create_engine(url)
    try:
        with engine.begin() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


run_migrations()
